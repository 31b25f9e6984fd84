"""Is the questionnaire any good: reliability and validity of its items (pure numpy).

Everything comes from additive statistics, so a large export is read in one pass:
listwise, each block's complete-row count, sums and cross-products (the statistics
scoring gathers for alpha, :func:`~ahp_eval.survey.moments.stat_plan`); pairwise,
:class:`~ahp_eval.survey.covariance.PairMoments`. A block is the goal's items
("overall") or a criterion's. Per block: alpha and its item analysis
(:mod:`~ahp_eval.survey.item_analysis`) and split-half reliability
(:mod:`~ahp_eval.survey.split_half`); over all items: KMO and Bartlett
(:mod:`~ahp_eval.survey.kmo`) and the principal components with varimax loadings
(:mod:`~ahp_eval.survey.factors`). Verdicts use the usual rules of thumb.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, NamedTuple, get_args

import numpy as np

from ahp_eval.model.evaluation import Evaluation, Node
from ahp_eval.survey.covariance import ItemMatrix, PairMoments, from_complete, from_pairs
from ahp_eval.survey.factors import Components, components
from ahp_eval.survey.item_analysis import AlphaAnalysis, alpha_analysis
from ahp_eval.survey.kmo import Bartlett, Kmo, bartlett, definite, kmo
from ahp_eval.survey.moments import Moments
from ahp_eval.survey.split_half import Split, SplitHalf, split_half

__all__ = [
    "ALPHA_MIN",
    "BARTLETT_P",
    "KMO_MIN",
    "MISSING",
    "BlockReport",
    "ItemSet",
    "Missing",
    "Reliability",
    "ReliabilityResult",
    "Validity",
    "indicator_items",
    "reliability_of",
]

Missing = Literal["listwise", "pairwise"]
MISSING: tuple[Missing, ...] = get_args(Missing)

ALPHA_MIN = 0.7
KMO_MIN = 0.6
BARTLETT_P = 0.05
"""The rules of thumb of the verdict lines (not tests of the tool)."""

OVERALL = "overall"


class ItemSet(NamedTuple):
    """The items of a questionnaire: their ids, the blocks (``overall`` first, then each
    criterion's items by position) and each item's top-level criterion."""

    ids: tuple[str, ...]
    blocks: Mapping[str, tuple[int, ...]]
    criterion: tuple[str, ...]
    kind: Literal["indicators", "questions"]

    @property
    def criteria(self) -> tuple[str, ...]:
        """The top-level criteria, in order."""
        return tuple(dict.fromkeys(self.criterion))


def _top(evaluation: Evaluation) -> dict[str, str]:
    """Each leaf's child of the goal (itself when it is one)."""
    out: dict[str, str] = {}
    for child in evaluation.goal.children:
        for node in child.walk():
            if node.is_leaf:
                out[node.id] = child.id
    return out


def indicator_items(evaluation: Evaluation, blocks: Mapping[str, tuple[int, ...]]) -> ItemSet:
    """The indicators as items, with the blocks of the statistics gathered for them."""
    top = _top(evaluation)
    ids = tuple(leaf.id for leaf in evaluation.leaves())
    return ItemSet(ids, blocks, tuple(top[i] for i in ids), "indicators")


def _parents(evaluation: Evaluation) -> list[Node]:
    return [n for n in evaluation.parents() if n is not evaluation.goal]


class BlockReport(NamedTuple):
    """One block's reliability."""

    id: str
    alpha: AlphaAnalysis
    split_half: SplitHalf | None


class Validity(NamedTuple):
    """Over all items with variance: KMO, Bartlett and the components, or why not."""

    items: tuple[str, ...]
    constant: tuple[str, ...]
    n: int
    unavailable: str | None
    kmo: Kmo | None
    bartlett: Bartlett | None
    factors: Components | None
    factor_of_item: tuple[int, ...]
    criterion_factor: Mapping[str, int]
    corr: np.ndarray[Any, np.dtype[np.float64]]


class Reliability(NamedTuple):
    """The report of one set of respondents (pooled, or one group)."""

    name: str
    n_rows: int
    n_used: int
    blocks: Mapping[str, BlockReport]
    validity: Validity
    verdicts: tuple[str, ...]


class ReliabilityResult(NamedTuple):
    """The pooled report, and one per group when the answers are grouped."""

    items: ItemSet
    missing: Missing
    split: Split
    factors_asked: int | None
    pooled: Reliability
    groups: tuple[Reliability, ...]


def _validity(items: ItemSet, matrix: ItemMatrix, retained: int) -> Validity:
    var = np.diagonal(matrix.cov)
    keep = np.flatnonzero(var > 0)
    constant = tuple(items.ids[i] for i in np.flatnonzero(~(var > 0)))
    kept = tuple(items.ids[i] for i in keep)
    corr = matrix.corr[np.ix_(keep, keep)]
    why = definite(corr, matrix.n) if matrix.n >= 2 else "fewer than two respondents"
    result_kmo = result_bartlett = factors = None
    factor_of: tuple[int, ...] = ()
    criterion_factor: dict[str, int] = {}
    if why is None:
        result_kmo = kmo(corr)
        result_bartlett = bartlett(corr, matrix.n)
        factors = components(corr, retained)
        loadings = factors.loadings
        factor_of = tuple(int(f) for f in np.argmax(np.abs(loadings), axis=1))
        squares = loadings * loadings
        criteria = [items.criterion[i] for i in keep]
        for criterion in dict.fromkeys(criteria):
            rows = [r for r, c in enumerate(criteria) if c == criterion]
            criterion_factor[criterion] = int(np.argmax(squares[rows].sum(axis=0)))
    return Validity(
        kept,
        constant,
        matrix.n,
        why,
        result_kmo,
        result_bartlett,
        factors,
        factor_of,
        criterion_factor,
        corr,
    )


def _fmt(x: float | None) -> str:
    return "undefined" if x is None else f"{x:.3f}"


def _verdicts(blocks: Mapping[str, BlockReport], validity: Validity) -> tuple[str, ...]:
    lines = []
    for block in blocks.values():
        a = block.alpha.alpha
        said = "cannot be computed" if a is None else "acceptable" if a >= ALPHA_MIN else "low"
        where = "overall" if block.id == OVERALL else f"criterion {block.id}"
        lines.append(f"{where}: alpha {_fmt(a)} ({said}; rule of thumb alpha >= {ALPHA_MIN:g})")
        if a is not None and a < 0:
            lines.append(
                f"{where}: a negative alpha: the items do not measure one thing, or some "
                "are reverse-coded without reverse: true"
            )
    if validity.kmo is not None and validity.bartlett is not None:
        k, b = validity.kmo.overall, validity.bartlett.p
        lines.append(
            f"overall: KMO {k:.3f} ({'adequate' if k >= KMO_MIN else 'inadequate'}; rule of "
            f"thumb KMO >= {KMO_MIN:g}), Bartlett p {b:.3g} "
            f"({'significant' if b < BARTLETT_P else 'not significant'}; rule of thumb "
            f"p < {BARTLETT_P:g}); rules of thumb, not tests of the tool"
        )
    else:
        lines.append(f"overall: KMO and Bartlett unavailable: {validity.unavailable}")
    return tuple(lines)


def reliability_of(
    name: str,
    items: ItemSet,
    n_rows: int,
    matrix_of: Callable[[str, tuple[int, ...]], ItemMatrix],
    *,
    split: Split,
    retained: int,
) -> Reliability:
    """The report of one set of respondents from each block's matrices."""
    blocks: dict[str, BlockReport] = {}
    overall = None
    for key, index in items.blocks.items():
        matrix = matrix_of(key, index)
        if key == OVERALL:
            overall = matrix
        ids = tuple(items.ids[i] for i in index)
        var = np.diagonal(matrix.cov)
        positive = np.flatnonzero(var > 0)
        blocks[key] = BlockReport(
            key,
            alpha_analysis(ids, matrix.cov, matrix.corr[np.ix_(positive, positive)], matrix.n),
            split_half(ids, matrix.cov, matrix.n, split),
        )
    assert overall is not None
    validity = _validity(items, overall, retained)
    return Reliability(name, n_rows, overall.n, blocks, validity, _verdicts(blocks, validity))


def listwise(moments: Moments) -> Callable[[str, tuple[int, ...]], ItemMatrix]:
    """Each block's matrices from its complete rows."""
    return lambda key, _: from_complete(moments.complete[key])


def pairwise(moments: PairMoments) -> Callable[[str, tuple[int, ...]], ItemMatrix]:
    """Each block's matrices from the pairwise-complete moments."""
    full = from_pairs(moments)
    return lambda _, index: full.take(np.asarray(index, dtype=np.intp))


def result_of(
    items: ItemSet,
    parts: Sequence[tuple[str, int, Callable[[str, tuple[int, ...]], ItemMatrix]]],
    pooled: tuple[int, Callable[[str, tuple[int, ...]], ItemMatrix]],
    *,
    split: Split,
    factors: int | None,
    missing: Missing,
) -> ReliabilityResult:
    """The pooled report and one per group of ``parts`` (name, rows, matrices)."""
    retained = factors if factors is not None else len(items.criteria)

    def one(name: str, n: int, of: Callable[[str, tuple[int, ...]], ItemMatrix]) -> Reliability:
        return reliability_of(name, items, n, of, split=split, retained=retained)

    return ReliabilityResult(
        items,
        missing,
        split,
        factors,
        one("pooled", *pooled),
        tuple(one(*part) for part in parts),
    )


def _n(x: float | None) -> float | None:
    return None if x is None or not np.isfinite(x) else float(x)


def _split_dict(s: SplitHalf | None, split: Split) -> dict[str, Any] | None:
    if s is None:
        return None
    return {
        "r": _n(s.r),
        "spearman_brown": _n(s.spearman_brown),
        "spearman_brown_unequal": _n(s.spearman_brown_unequal),
        "guttman": _n(s.guttman),
        "n": s.n,
        "split": split,
        "parts": [
            {"k": k, "alpha": _n(a), "items": list(ids)}
            for k, a, ids in zip(s.part_k, s.part_alpha, s.part_items, strict=True)
        ],
    }


def _block_dict(b: BlockReport, split: Split) -> dict[str, Any]:
    a = b.alpha
    return {
        "alpha": _n(a.alpha),
        "standardized": _n(a.standardized),
        "n": a.n,
        "k": a.k,
        "items": [
            {
                "id": line.id,
                "item_total_r": _n(line.item_total_r),
                "alpha_if_deleted": _n(line.alpha_if_deleted),
                "raises_alpha": line.raises,
            }
            for line in a.items
        ],
        "split_half": _split_dict(b.split_half, split),
    }


def _factors_dict(items: ItemSet, v: Validity) -> dict[str, Any] | None:
    f = v.factors
    if f is None:
        return None
    criterion = {i: items.criterion[items.ids.index(i)] for i in v.items}
    return {
        "eigenvalues": list(f.eigenvalues),
        "variance_pct": list(f.variance_pct),
        "cumulative_pct": list(f.cumulative_pct),
        "kaiser": f.kaiser,
        "retained": f.retained,
        "rotated_variance_pct": [x / len(v.items) * 100 for x in f.rotated_variance],
        "loadings": {
            i: [float(x) for x in row] for i, row in zip(v.items, f.loadings, strict=True)
        },
        "criterion_factors": {c: k + 1 for c, k in v.criterion_factor.items()},
        "items": {
            i: {
                "factor": k + 1,
                "criterion": criterion[i],
                "agrees": v.criterion_factor[criterion[i]] == k,
            }
            for i, k in zip(v.items, v.factor_of_item, strict=True)
        },
    }


def report_dict(items: ItemSet, r: Reliability, missing: Missing, split: Split) -> dict[str, Any]:
    """One report as the documented JSON contract (see docs/commands.md)."""
    v = r.validity
    return {
        "n_rows": r.n_rows,
        "missing": missing,
        "n_used": r.n_used,
        "alpha": {
            "overall": _block_dict(r.blocks[OVERALL], split),
            "criteria": {
                key: _block_dict(b, split) for key, b in r.blocks.items() if key != OVERALL
            },
        },
        "split_half": _split_dict(r.blocks[OVERALL].split_half, split),
        "kmo": None
        if v.kmo is None
        else {
            "overall": v.kmo.overall,
            "label": v.kmo.label,
            "items": dict(zip(v.items, v.kmo.items, strict=True)),
        },
        "bartlett": None
        if v.bartlett is None
        else {"chi2": v.bartlett.chi2, "df": v.bartlett.df, "p": v.bartlett.p, "n": v.bartlett.n},
        "validity_unavailable": v.unavailable,
        "constant_items": list(v.constant),
        "factors": _factors_dict(items, v),
        "verdicts": list(r.verdicts),
    }


def result_dict(result: ReliabilityResult) -> dict[str, Any]:
    """The pooled report's keys, then ``groups`` (one report per group, with its name)
    when the answers are grouped."""
    out = {
        "items": result.items.kind,
        **report_dict(result.items, result.pooled, result.missing, result.split),
    }
    if result.groups:
        out["groups"] = [
            {"group": g.name, **report_dict(result.items, g, result.missing, result.split)}
            for g in result.groups
        ]
    return out
