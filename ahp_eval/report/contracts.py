"""The JSON reports' contracts as pydantic models, for their JSON Schemas.

Each model describes the JSON that a command's ``--format json`` writes (and its
result's ``to_dict()``), key by key as docs/commands.md documents it. They are not used
to make the reports (those are plain dicts, written as they are computed): only
``ahp-eval schema`` and the tests, which check every JSON report against its schema,
load this module.

Conventions: a key that is always there is required, ``| None`` where it may be null;
a key that only some reports have (the alternatives' keys, say) is not required and
never null. Every number is finite (``null`` where undefined).

A command with a JSON report adds one line to :data:`REPORTS`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["REPORTS", "report_model"]

REPORTS: dict[str, str] = {
    "weigh": "ahp_eval.report.contracts:WeighReport",
    "check": "ahp_eval.report.contracts:CheckReport",
    "score": "ahp_eval.report.contracts:ScoreReport",
    "repair": "ahp_eval.report.contracts:RepairReport",
    "sensitivity": "ahp_eval.report.contracts:SensitivityReport",
    "reliability": "ahp_eval.report.contracts:ReliabilityReport",
}
"""Command -> ``module:Model`` of its JSON report (``format`` is ``ahp-eval/COMMAND``)."""


def report_model(command: str) -> type[BaseModel]:
    """The contract model of a command's JSON report."""
    import importlib

    module, _, name = REPORTS[command].partition(":")
    model: type[BaseModel] = getattr(importlib.import_module(module), name)
    return model


class Contract(BaseModel):
    """A JSON object of a report: exactly these keys."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


Method = Literal["root", "eigen", "sum"]
MatrixMethod = Literal["root", "eigen", "sum", "llsm"]
RITable = Literal["saaty", "cn", "alonso-lamata", "custom"]
ConsistencyTest = Literal["cr", "gci", "cr_completed", "none"]
Measure = Literal["cr", "gci", "cr_completed"]
Pair = Annotated[
    tuple[str, str], Field(description="[row, col]: the child ids of the judgment a_row,col.")
]


def _d(description: str) -> Any:
    """A key that every report has."""
    return Field(description=description)


def _optional(description: str) -> Any:
    """A key that only some reports have (never null when there)."""
    return Field(None, description=description)


class Suggestion(Contract):
    """A given judgment that deviates much from the weights (``nodes[].suggestions``)."""

    pair: Pair
    value: float = _d("The judgment as given.")
    deviation: float = _d("|ln(a_ij w_j / w_i)|.")
    implied: float = _d("w_i / w_j: the judgment the weights imply.")
    suggested: float = _d("The value of the 1/9..9 scale nearest to implied.")
    line: int = _d("Line where the judgment was written.")


class RepairStep(Contract):
    """A change of one judgment (``repair``, ``steps``)."""

    pair: Pair
    value: float = _d("The new judgment, on the 1/9..9 scale.")
    cr_after: float = _d("CR of the matrix after the change.")
    old: float = _d("The judgment before the change.")
    deviation: float = _d("|ln(a_ij w_j / w_i)| of the judgment before the change.")
    line: int = _d("Line where the judgment was written.")
    measure: Measure = _d(
        "The matrix's own test: cr, gci (GCI*) or cr_completed (an incomplete matrix)."
    )
    measure_after: float = _d("The test's value after the change (cr_after for cr).")


class LevelConsistency(Contract):
    """Total consistency of one level of matrices."""

    level: int = _d("The level of the matrices' parents (0 = the goal's matrix).")
    ci: float = _d("sum_j a_j CI_j over the level's matrices.")
    ri: float = _d("sum_j a_j RI_j over the level's matrices.")
    cr: float = _d("The level's total CR = ci / ri (the one tested).")
    cr_cumulative: float = _d("CR of this level plus the levels above (reported, not tested).")
    consistent: bool = _d("cr < cr_threshold.")


class Total(Contract):
    """The bottom level's total consistency."""

    ci: float
    ri: float
    cr: float
    cr_cumulative: float
    consistent: bool
    tested: Literal["cr"] = _d("Which figure decides consistent.")


class Goal(Contract):
    """The goal of the hierarchy."""

    id: str
    name: str
    name_en: str | None


class MatrixNode(Contract):
    """One judgment matrix solved (``nodes[]``)."""

    id: str = _d("The parent node whose children the matrix compares.")
    name: str
    name_en: str | None
    level: int = _d("0 = the goal.")
    children: list[str] = _d("The children's ids, in declared order.")
    weights: dict[str, float] = _d("Child id -> local weight (sums to 1).")
    global_weight: float = _d("Global weight of this node.")
    n: int = _d("Order of the matrix.")
    lambda_max: float
    ci: float
    ri: float
    cr: float
    consistent: bool
    note: str | None = _d("The judgment entry's note.")
    file: str | None = _d("The file the judgments come from.")
    line: int = _d("Line of the judgment entry.")
    suggestions: list[Suggestion] = _d("The three given judgments that deviate most.")
    method: MatrixMethod = _d("As the run, or llsm for an incomplete matrix.")
    missing: list[Pair] = _d("Pairs not compared, in upper-triangle order ([] when complete).")
    gci: float | None = _d("GCI* of an incomplete matrix; null otherwise or when not measurable.")
    gci_threshold: float | None = _d("0.31 / 0.35 / 0.37 when GCI* is tested, else null.")
    consistency_test: ConsistencyTest = _d("What decided consistent.")
    cr_label: Literal["completed (lenient)"] | None = _d(
        "Set when cr is the completed matrix's CR."
    )
    repair: list[RepairStep] = _d(
        "The three best single changes of an inconsistent matrix of n >= 3 (else [])."
    )


class Leaf(Contract):
    """A leaf in the total ranking (``leaves[]``)."""

    id: str
    name: str
    name_en: str | None
    parent: str
    local_weight: float
    parent_weight: float
    global_weight: float
    rank: int = _d("1 = heaviest.")


class AlternativeName(Contract):
    """An alternative's names."""

    name: str
    name_en: str | None


class AlternativeMatrix(Contract):
    """The alternatives compared pairwise under one leaf."""

    leaf: str
    weights: dict[str, float] = _d("Alternative id -> priority (sums to 1).")
    leaf_weight: float = _d("Global weight of the leaf.")
    n: int
    lambda_max: float
    ci: float
    ri: float
    cr: float
    consistent: bool
    note: str | None
    file: str | None
    line: int
    suggestions: list[Suggestion]
    method: MatrixMethod = _d("As the run, or llsm for an incomplete matrix.")
    missing: list[Pair] = _d("Pairs of alternatives not compared ([] when complete).")
    gci: float | None = _d("GCI* of an incomplete matrix; null otherwise or when not measurable.")
    gci_threshold: float | None = _d("0.31 / 0.35 / 0.37 when GCI* is tested, else null.")
    consistency_test: ConsistencyTest = _d("What decided consistent.")
    cr_label: Literal["completed (lenient)"] | None = _d(
        "Set when cr is the completed matrix's CR."
    )
    repair: list[RepairStep] = _d(
        "The three best single changes of an inconsistent matrix of n >= 3 (else [])."
    )


class AlternativePerformance(Contract):
    """The alternatives scored directly under one leaf."""

    values: dict[str, float] = _d("Alternative id -> score as written.")
    cost: bool = _d("Smaller is better: 1/x was used.")
    file: str | None
    line: int


class LeftOutJudge(Contract):
    """A judge left out of one matrix's aggregate."""

    judge: str
    reason: str = _d(
        "no answers, the pairs answered do not connect every item, inconsistent, "
        "invalid cell ..., no matrix in FILE."
    )


class PanelMatrix(Contract):
    """One matrix across the panel's judges."""

    used: int = _d("Judges that entered the aggregate.")
    left_out: list[LeftOutJudge]
    inconsistent: int = _d("Judges failing the threshold (left out or not).")
    consensus: float | None = _d("Goepel's S* in % over the judges used; null for fewer than two.")
    least_compatible: list[str] = _d("The three judges with the largest GCOMPI.")
    compatibility_basis: Literal["gcompi", "single_pair"]
    replaced_file_judgments: bool = _d("The panel's judgments replace the file's own.")


class PanelJudge(Contract):
    """One judge across the matrices."""

    judge: str
    weight: float = _d("The judge's weight as given (1 when equal).")
    cr: dict[str, float] = _d("Matrix id -> the judge's CR (completed CR if pairs skipped).")
    weights: dict[str, dict[str, float]] = _d("Matrix id -> child id -> local weight.")
    compatibility: dict[str, float] = _d("Matrix id -> GCOMPI against the aggregate.")


class Panel(Contract):
    """The expert panel behind the weights (``panel``)."""

    source: str | None = _d("The export read; null for --judgments files.")
    judges: int
    aggregate: Literal["aij", "aip"]
    exclude_inconsistent: bool
    weighted: bool = _d("Judge weights came from a weight column.")
    matrices: dict[str, PanelMatrix] = _d("Node id (leaf id for alternatives) -> matrix.")
    per_judge: list[PanelJudge] = _d("In the export's order.")


class WeighReport(Contract):
    """The JSON report of ``ahp-eval weigh --format json`` (``HierarchyResult.to_dict()``)."""

    format: Literal["ahp-eval/weigh"]
    format_version: Literal[1]
    file: str | None = _d("The evaluation file.")
    judgments_file: str | None = _d("The --judgments file, or null.")
    judge: str | None = _d("judge: of the --judgments file, or null.")
    name: str | None = _d("Title of the evaluation.")
    goal: Goal
    illustrative: bool = _d("settings.illustrative.")
    method: Method
    ri_table: RITable
    ri_table_name: str = _d("The RI table's full name.")
    cr_threshold: float
    consistent: bool = _d("Every matrix and every level pass.")
    nodes: list[MatrixNode] = _d("One per judgment matrix, top-down in declared order.")
    global_weights: dict[str, float] = _d("Leaf id -> global weight, in declared order.")
    ranking: list[str] = _d("Leaf ids, heaviest first.")
    leaves: list[Leaf]
    levels: list[LevelConsistency] = _d("One per level of matrices.")
    total: Total
    synthesis: Literal["distributive", "ideal"] = _optional(
        "With alternatives: how their priorities add up."
    )
    alternatives: dict[str, float] = _optional(
        "With alternatives: id -> total priority (sums to 1)."
    )
    alternative_ranking: list[str] = _optional("With alternatives: ids, highest total first.")
    alternative_names: dict[str, AlternativeName] = _optional("With alternatives.")
    alternative_priorities: dict[str, dict[str, float]] = _optional(
        "Leaf id -> alternative id -> local priority used in the synthesis."
    )
    alternative_matrices: dict[str, AlternativeMatrix] = _optional(
        "Leaf id -> its matrix, for the leaves compared pairwise."
    )
    alternative_performance: dict[str, AlternativePerformance] = _optional(
        "Leaf id -> its scores, for the leaves scored directly."
    )
    consistency_basis: Literal["aij"] = _optional(
        "With a panel: nodes[].lambda_max, ci, cr and the total CR are the AIJ matrix's."
    )
    panel: Panel = _optional("With a panel: the judges and each matrix across them.")


class Finding(Contract):
    """One located problem."""

    path: str
    line: int
    severity: Literal["error", "inconsistent", "hint"]
    message: str


class CheckNode(Contract):
    """A matrix of a checked file."""

    id: str
    file: str | None
    line: int
    cr: float
    consistent: bool
    repair: list[RepairStep] = _d("As in weigh's nodes[].repair.")


class CheckedFile(Contract):
    """What check found in one file."""

    path: str
    status: Literal["ok", "inconsistent", "invalid"]
    matrices: int = _d("Judgment matrices checked (the alternatives' too).")
    total_cr: float | None = _d("The bottom level's total CR; null for an invalid file.")
    findings: list[Finding]
    nodes: list[CheckNode] = _d("Empty for an invalid file.")
    alternatives: dict[str, float] = _optional("With alternatives: id -> total priority.")
    alternative_ranking: list[str] = _optional("With alternatives: ids, best first.")


class CheckReport(Contract):
    """The JSON report of ``ahp-eval check --format json``."""

    format: Literal["ahp-eval/check"]
    format_version: Literal[1]
    exit_code: Literal[0, 1, 2] = _d("The exit code of the run.")
    summary: str = _d("The summary line (also on standard error).")
    skipped: int = _d("YAML files skipped (not evaluations).")
    skipped_files: list[str] = _d("Their paths.")
    skipped_reasons: dict[str, str] = _d("Skipped path -> why it was skipped.")
    files: list[CheckedFile]


class RepairMatrix(Contract):
    """The repair sequence of one inconsistent matrix."""

    id: str
    kind: Literal["node", "alternatives"] = _d("A node's matrix, or a leaf's alternatives.")
    file: str | None
    line: int
    n: int
    cr: float = _d("CR before the repair (completed CR for an incomplete matrix).")
    cr_after: float = _d("CR after the steps.")
    consistency_test: Measure = _d("The matrix's own test.")
    threshold: float = _d("The value the test's measure must stay under.")
    measure_before: float = _d("The test's measure before the repair.")
    measure_after: float = _d("The test's measure after the steps.")
    missing: list[Pair] = _d("Pairs not compared (stay null in a --write copy).")
    outcome: Literal["repaired", "stuck", "limit"]
    repaired: bool
    steps: list[RepairStep]


class RepairReport(Contract):
    """The JSON report of ``ahp-eval repair --format json``."""

    format: Literal["ahp-eval/repair"]
    format_version: Literal[1]
    file: str | None
    judgments_file: str | None
    method: Method
    ri_table: RITable
    cr_threshold: float
    search: Literal["greedy"]
    note: str = _d("What the greedy search does and does not promise.")
    consistent_before: bool
    consistent_after: bool
    matrices: list[RepairMatrix] = _d("Every inconsistent matrix of three or more children.")
    levels_after: list[LevelConsistency]
    total_cr_after: float


class Scale(Contract):
    """The answer scale."""

    min: float
    max: float


class Bootstrap(Contract):
    """The bootstrap's settings."""

    resamples: int
    seed: int | None


class DroppedCell(Contract):
    """A cell dropped with --drop-invalid."""

    row: int = _d("The file's non-blank rows, header 1 (answers in code: index from 0).")
    line: int | None = _d("Where the row starts (CSV line, XLSX sheet row); null in code.")
    column: str
    value: str
    reason: str


class SkippedRow(Contract):
    """A row that holds no answers."""

    line: int
    reason: str


class GradeBand(Contract):
    """A grade band."""

    min: float
    label: str


class IndicatorScore(Contract):
    """One indicator in one group."""

    id: str = _d("The indicator's id.")
    n: int = _d("Answers.")
    mean: float = _d("Mean answer on the scale.")
    score: float = _d("0-100.")
    global_weight: float
    shortfall: float = _d("global_weight x (100 - score).")
    quadrant: Literal["keep_up", "concentrate_here", "low_priority", "possible_overkill"]
    sd: float | None = _d("Standard deviation of the answers (n - 1); null for n < 2.")
    satisfaction_rate: float | None = _d(
        "Share of answers at or above satisfied_min; null when no threshold applies."
    )
    expectation: float = _optional("SERVQUAL mode: mean expectation.")
    gap: float = _optional("SERVQUAL mode: perception - expectation.")


class Alpha(Contract):
    """Cronbach's alpha of a criterion's indicators (or of all: overall)."""

    alpha: float | None = _d("Null when undefined.")
    k: int = _d("Items.")
    n: int = _d("Complete respondents.")


class Fuzzy(Contract):
    """The fuzzy comprehensive evaluation (--fuzzy)."""

    basis: Literal["levels", "grades"]
    labels: list[str]
    level_scores: list[float]
    goal: list[float] = _d("The goal's membership vector.")
    vectors: dict[str, list[float]] = _d("Node id -> membership vector.")
    max_membership: str
    score: float = _d("Implied score.")
    grade: str


class GroupScore(Contract):
    """The rated verdict for one site or service."""

    group: str
    n: int = _d("Respondents.")
    composite: float = _d("0-100.")
    grade: str
    interval: tuple[float, float] | None = _d(
        "95% interval; null for a single respondent or a bootstrap that cannot give one."
    )
    criteria: dict[str, float] = _d("Criterion id -> score.")
    indicators: dict[str, IndicatorScore]
    alpha: dict[str, Alpha] = _d('Criterion id or "overall" -> Cronbach\'s alpha.')
    priorities: list[str] = _d("Indicator ids, most urgent first.")
    gap: float = _optional("SERVQUAL mode: the weighted gap.")
    fuzzy: Fuzzy = _optional("With --fuzzy.")


class Comparison(Contract):
    """Two groups' composites compared (``--compare``)."""

    a: str
    b: str
    difference: float = _d("Composite of a minus composite of b.")
    low: float = _d("Unadjusted 95% interval of the difference, low end.")
    high: float = _d("Unadjusted 95% interval of the difference, high end.")
    p: float = _d("Two-sided p-value (normal, or the bootstrap's).")
    p_adjusted: float = _d("Holm-adjusted over the pairs compared.")
    distinct: bool = _d("p_adjusted < 0.05.")


class ScoreReliability(Contract):
    """``score --reliability``: the reliability report's statistics (pooled, and per group)."""

    items: Literal["indicators", "questions"]
    n_rows: int = _d("Rows read.")
    missing: Literal["listwise", "pairwise"]
    n_used: int = _d("Rows used by the overall block.")
    alpha: AlphaBlocks
    split_half: SplitHalf | None = _d("The overall block's.")
    kmo: Kmo | None
    bartlett: Bartlett | None
    validity_unavailable: str | None = _d("Why KMO, Bartlett and the factors are missing.")
    constant_items: list[str] = _d("Items without variance, left out of validity.")
    factors: Factors | None
    verdicts: list[str] = _d("Rules of thumb, one line each.")
    groups: list[ReliabilityGroup] = _optional("When grouped: one report per group.")


class ScoreReport(Contract):
    """The JSON report of ``ahp-eval score --format json`` (``ScoreResult.to_dict()``)."""

    format: Literal["ahp-eval/score"]
    format_version: Literal[1]
    file: str | None = _d("The evaluation file.")
    responses: str = _d("The answers' source.")
    illustrative: bool = _d("settings.illustrative.")
    method: Method
    ri_table: RITable
    cr_threshold: float = _d("The threshold in force.")
    weights_consistent: bool = _d("Every matrix and level below cr_threshold.")
    scale: Scale
    score_formula: Literal["range", "max"]
    score_formula_text: Literal["(x - min) / (max - min) * 100", "x / max * 100"]
    interval_method: Literal["normal", "bootstrap"]
    bootstrap: Bootstrap | None
    global_weights: dict[str, float]
    ignored_columns: list[str] = _d("Headers that fed no indicator.")
    dropped_cells: list[DroppedCell]
    skipped_rows: list[SkippedRow]
    answer_labels: str | None = _d(
        "Where answer texts were looked up: 'survey.labels', 'built-in 1-5' or 'built-in "
        "1-7'; null when every answer was a number."
    )
    satisfied_min: float | None = _d(
        "Answers at or above it count as satisfied; null when no satisfaction rate is given."
    )
    grades: list[GradeBand] = _d("Highest first.")
    weights_by: str = _optional("--weights: entropy, combined or linear:A.")
    entropy_weights: dict[str, float] = _optional("--weights: leaf id -> entropy weight.")
    score_weights: dict[str, float] = _optional(
        "--weights: leaf id -> the weight the composite uses (global_weights stays AHP's)."
    )
    reliability: ScoreReliability = _optional("--reliability: pooled, and per group.")
    comparisons: list[Comparison] = _optional("--compare: the pairs of groups compared.")
    groups: list[GroupScore] = _d("In file order.")
    ranking: list[str] = _d("Group names, best composite first.")


# --- sensitivity ------------------------------------------------------------------------------


class MatrixShare(Contract):
    """How often one matrix passes its test over the samples."""

    node: str = _d("The parent's id; for an alternatives matrix, the leaf's id.")
    alternatives: bool = _d("An alternatives matrix.")
    share: float = _d("Share of samples in which it passes.")


class SampleConsistency(Contract):
    """How often the matrices stay consistent over the samples."""

    all: float = _d("Share of samples in which every matrix passes.")
    matrices: list[MatrixShare]


class RankedItem(Contract):
    """One ranked item over the samples."""

    id: str
    name: str
    name_en: str | None
    rank: int = _d("Rank at the file's judgments (1 = first).")
    value: float = _d("Global weight, total priority or composite (0-100) at the file's judgments.")
    mean: float | None = _d("Mean over the samples.")
    p5: float | None = _d("5th percentile over the samples.")
    p95: float | None = _d("95th percentile over the samples.")
    keeps_rank: float = _d("Share of samples with the same rank.")
    first: float = _d("Share of samples in which it ranks first.")


class SwapPoint(Contract):
    """Two items swap at local weight x."""

    x: float
    first: str = _d("Ranks above second below x.")
    second: str


class OneAtATime(Contract):
    """One node's local weight varied, its siblings rescaled in proportion."""

    node: str
    parent: str
    weight: float = _d("The node's current local weight.")
    top: str = _d("The top item at the current weight.")
    top_interval: tuple[float, float] = _d("[lo, hi] of the weight over which the top holds.")
    ranking_interval: tuple[float, float] = _d(
        "[lo, hi] of the weight over which the ranking holds."
    )
    alpha: dict[str, float] = _d("Item id -> a: its value at weight x is a + b x.")
    beta: dict[str, float] = _d("Item id -> b.")
    swaps: list[SwapPoint]


class SensitivityRanking(Contract):
    """One ranking: the leaves, the alternatives or the scored groups."""

    kind: Literal["leaves", "alternatives", "groups"]
    normalised: bool = _d("Values are divided by their sum (ideal synthesis).")
    left_out: list[str] = _d("Items that cannot be ranked.")
    same_ranking_share: float = _d("Share of samples with the whole ranking unchanged.")
    items: list[RankedItem] = _d("Best first at the file's judgments.")
    one_at_a_time: list[OneAtATime]


class PanelDrawMatrix(Contract):
    """One matrix under the bootstrap of a panel's judges."""

    node: str = _d("The parent's id; for an alternatives matrix, the leaf's id.")
    alternatives: bool = _d("An alternatives matrix.")
    used: int = _d("Judges the panel's aggregate used for this matrix.")
    no_judge_drawn: float = _d("Share of samples that drew none of them (aggregate kept).")


class PanelSampling(Contract):
    """How a panel's judges were drawn (``sensitivity --panel``)."""

    judges: int
    aggregate: Literal["aij", "aip"]
    exclude_inconsistent: bool
    matrices: list[PanelDrawMatrix]


class SensitivityReport(Contract):
    """The JSON report of ``ahp-eval sensitivity --format json``."""

    format: Literal["ahp-eval/sensitivity"]
    format_version: Literal[1]
    file: str | None
    judgments_file: str | None
    name: str | None
    method: Method
    ri_table: RITable
    cr_threshold: float
    consistent: bool = _d("Every matrix and level of the file's judgments pass.")
    synthesis: Literal["distributive", "ideal"] | None = _d("Null without alternatives.")
    samples: int
    spread: float = _d("Standard deviation of the log-scale perturbation.")
    seed: int | None
    stability: float = _d("--stability.")
    decisive: Literal["leaves", "alternatives", "groups"] = _d(
        "The ranking whose top item decides exit code 4."
    )
    top: str | None = _d("The decisive ranking's top item.")
    top_first_share: float = _d("Share of samples in which it ranks first.")
    robust: bool = _d("top_first_share >= stability.")
    consistency: SampleConsistency
    rankings: list[SensitivityRanking]
    resampling: Literal["judgments", "judges"] = _d(
        "What each sample redraws: the judgments (perturbed on the log scale), or a panel's "
        "judges (drawn with replacement)."
    )
    panel: PanelSampling | None = _d("The panel's bootstrap; null without a panel.")


# --- reliability ------------------------------------------------------------------------------


class ItemLine(Contract):
    """One item of a block."""

    id: str
    item_total_r: float | None = _d("Corrected item-total correlation.")
    alpha_if_deleted: float | None = _d("The block's alpha without the item; null for k = 2.")
    raises_alpha: bool = _d("Deleting the item raises alpha.")


class SplitPart(Contract):
    """One half of a split."""

    k: int
    alpha: float | None
    items: list[str]


class SplitHalf(Contract):
    """Split-half reliability of a block."""

    r: float | None = _d("Correlation of the two halves.")
    spearman_brown: float | None
    spearman_brown_unequal: float | None
    guttman: float | None
    n: int
    split: Literal["first-half", "odd-even"]
    parts: tuple[SplitPart, SplitPart]


class Block(Contract):
    """Reliability of one block of items (overall, or a criterion's)."""

    alpha: float | None = _d("Cronbach's alpha; null when undefined.")
    standardized: float | None = _d("Standardized alpha.")
    n: int = _d("Respondents used.")
    k: int = _d("Items.")
    items: list[ItemLine]
    split_half: SplitHalf | None


class AlphaBlocks(Contract):
    """Alpha of every block."""

    overall: Block
    criteria: dict[str, Block] = _d("Criterion id -> its block.")


class Kmo(Contract):
    """Kaiser-Meyer-Olkin measure of sampling adequacy."""

    overall: float
    label: Literal["marvelous", "meritorious", "middling", "mediocre", "miserable", "unacceptable"]
    items: dict[str, float] = _d("Item id -> MSA.")


class Bartlett(Contract):
    """Bartlett's test of sphericity."""

    chi2: float
    df: int
    p: float
    n: int


class FactorItem(Contract):
    """Where one item loads."""

    factor: int = _d("Its largest loading's factor (from 1).")
    criterion: str
    agrees: bool = _d("The factor is its criterion's.")


class Factors(Contract):
    """Principal components with varimax loadings."""

    eigenvalues: list[float]
    variance_pct: list[float]
    cumulative_pct: list[float]
    kaiser: int = _d("Eigenvalues above 1.")
    retained: int
    rotated_variance_pct: list[float]
    loadings: dict[str, list[float]] = _d("Item id -> one loading per retained factor.")
    criterion_factors: dict[str, int] = _d("Criterion id -> its factor (from 1).")
    items: dict[str, FactorItem]


class ReliabilityGroup(Contract):
    """The report of one group of respondents."""

    group: str
    n_rows: int
    missing: Literal["listwise", "pairwise"]
    n_used: int
    alpha: AlphaBlocks
    split_half: SplitHalf | None = _d("The overall block's.")
    kmo: Kmo | None
    bartlett: Bartlett | None
    validity_unavailable: str | None = _d("Why KMO, Bartlett and the factors are missing.")
    constant_items: list[str] = _d("Items without variance, left out of validity.")
    factors: Factors | None
    verdicts: list[str]


class ReliabilityReport(Contract):
    """The JSON report of ``ahp-eval reliability --format json``."""

    format: Literal["ahp-eval/reliability"]
    format_version: Literal[1]
    file: str | None
    responses: str = _d("The answers' source.")
    group_column: str | None
    dropped_cells: list[DroppedCell]
    items: Literal["indicators", "questions"]
    n_rows: int = _d("Rows read.")
    missing: Literal["listwise", "pairwise"]
    n_used: int = _d("Rows used by the overall block.")
    alpha: AlphaBlocks
    split_half: SplitHalf | None = _d("The overall block's.")
    kmo: Kmo | None
    bartlett: Bartlett | None
    validity_unavailable: str | None = _d("Why KMO, Bartlett and the factors are missing.")
    constant_items: list[str] = _d("Items without variance, left out of validity.")
    factors: Factors | None
    verdicts: list[str] = _d("Rules of thumb, one line each.")
    groups: list[ReliabilityGroup] = _optional("When grouped: one report per group.")


def _no_defaults(schema: Any) -> Any:
    """The schema without ``default``: a report's keys have no defaults, only values."""
    if isinstance(schema, dict):
        out = {k: _no_defaults(v) for k, v in schema.items() if k != "default"}
        if "properties" in schema:  # a key named default is a property, not a default
            out["properties"] = {k: _no_defaults(v) for k, v in schema["properties"].items()}
        return out
    if isinstance(schema, list):
        return [_no_defaults(v) for v in schema]
    return schema


def report_schema(command: str) -> dict[str, Any]:
    """The JSON Schema of a command's JSON report."""
    from ahp_eval.model.schema import DIALECT, SCHEMA_BASE, clean_schema, model_schema

    return {
        "$schema": DIALECT,
        "$id": f"{SCHEMA_BASE}{command}-report.schema.json",
        "title": f"ahp-eval {command} JSON report",
        **_no_defaults(clean_schema(model_schema(report_model(command)))),
    }
