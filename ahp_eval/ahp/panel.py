"""Expert panels: every judge's matrices checked, aggregated into one set of weights.

A :class:`Panel` holds, for each matrix it covers (a parent's node id, or a leaf's id
for the alternatives under it), a stack ``(judges, n, n)`` of the judges' matrices
with NaN for the pairs a judge skipped, and the judges' weights.

:func:`weigh_panel` solves every judge's every matrix in one batched call per order
(complete matrices by the evaluation's method, incomplete ones by LLSM), normalises
the judge weights ``l_k`` over the judges used for each matrix, and aggregates:

* AIJ (aggregation of individual judgments; Aczél and Saaty 1983, Forman and
  Peniwati 1998): ``a_ij = prod_k (c_ij^(k))^(l_k)``, the weighted geometric mean of
  the judges' matrices entry by entry (a judge who skipped pairs enters with the
  matrix completed by ``w_i / w_j`` from their own LLSM weights), then solved by the
  evaluation's method;
* AIP (aggregation of individual priorities): ``w_i = prod_k (w_i^(k))^(l_k)``,
  normalised. Its lambda_max, CI and CR are those of the AIJ matrix of the same judges.

Agreement per matrix: Goepel's (2013) consensus indicator S* over the judges'
priorities, and each judge's GCOMPI (Escobar, Aguarón and Moreno-Jiménez 2004)
against the aggregate vector ``w``::

    GCOMPI_k = 2 / ((n-1)(n-2)) sum_{i<j} ln^2(a_ij^(k) w_j / w_i)

(for a judge who skipped pairs, the sum over the ``m`` pairs given times
``n(n-1)/(2m)``; for ``n = 2`` the single term).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from ahp_eval.ahp.hierarchy import HierarchyResult, judge_passes, solve, solve_with_weights
from ahp_eval.ahp.incomplete import complete_matrix, connected, solve_incomplete_stack
from ahp_eval.ahp.matrix import solve_stack
from ahp_eval.ahp.ri import RITable
from ahp_eval.errors import InputError, InputErrors
from ahp_eval.model.evaluation import Evaluation, Judgment
from ahp_eval.model.frozen import FrozenDict
from ahp_eval.model.vocabulary import AGGREGATES, Aggregate, FloatArray, Method, Synthesis

__all__ = [
    "AGGREGATES",
    "Aggregate",
    "JudgeSummary",
    "LeftOut",
    "MatrixPanel",
    "Panel",
    "PanelResult",
    "consensus",
    "gcompi",
    "matrix_keys",
    "weigh_panel",
]


NO_ANSWERS = "no answers"
NOT_CONNECTED = "the pairs answered do not connect every item"
INCONSISTENT = "inconsistent"
ZERO_WEIGHT = "weight 0"


class LeftOut(NamedTuple):
    """A judge left out of one matrix, and why."""

    judge: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"judge": self.judge, "reason": self.reason}


def matrix_keys(evaluation: Evaluation) -> dict[str, tuple[str, ...]]:
    """Every matrix a panel may answer: parent id -> its children's ids, and (with
    alternatives) leaf id -> the alternatives' ids."""
    keys = {n.id: tuple(c.id for c in n.children) for n in evaluation.parents()}
    keys = {k: ids for k, ids in keys.items() if len(ids) >= 2}
    if evaluation.alternatives:
        alt = tuple(a.id for a in evaluation.alternatives)
        for leaf in evaluation.leaves():
            if leaf.id not in evaluation.performance:
                keys[leaf.id] = alt
    return keys


def _pair_of(item: str | Sequence[str]) -> tuple[str | None, str, str]:
    """``a/b``, ``LEAF:a/b``, (a, b) or (leaf, a, b) as (leaf or None, a, b)."""
    if isinstance(item, str):
        under, sep, rest = item.partition(":")
        if not sep:
            under, rest = "", item
        a, slash, b = rest.partition("/")
        if not slash or not a or not b:
            msg = f"pair {item!r} is not written a/b or LEAF:a/b"
            raise InputError(msg)
        return (under or None), a.strip(), b.strip()
    parts = tuple(item)
    if len(parts) == 2:
        return None, str(parts[0]), str(parts[1])
    if len(parts) == 3:
        return str(parts[0]), str(parts[1]), str(parts[2])
    msg = f"pair {item!r} must be (a, b) or (leaf, a, b)"
    raise InputError(msg)


def locate_pair(  # noqa: PLR0911 - one answer per kind of wrong pair
    evaluation: Evaluation, under: str | None, a: str, b: str
) -> tuple[str, int, int] | str:
    """The matrix key and the positions of ``a`` and ``b`` in it, or what is wrong."""
    keys = matrix_keys(evaluation)
    if a == b:
        return f"compares {a!r} with itself"
    if under is not None:
        if not evaluation.alternatives:
            return f"{under}:{a}/{b} compares alternatives, but the file has no alternatives"
        if under not in keys or under in {n.id for n in evaluation.parents()}:
            return f"{under!r} is not a leaf whose alternatives are compared pairwise"
        ids = keys[under]
        for x in (a, b):
            if x not in ids:
                return f"{x!r} is not an alternative ({', '.join(ids)})"
        return under, ids.index(a), ids.index(b)
    for key, ids in keys.items():
        if key in evaluation.nodes and not evaluation.nodes[key].is_leaf and a in ids and b in ids:
            return key, ids.index(a), ids.index(b)
    nodes = evaluation.nodes
    for x in (a, b):
        if x not in nodes:
            return f"unknown id {x!r}"
    return f"{a!r} and {b!r} are not children of one node"


class Panel:
    """Judges' pairwise matrices: node id -> ``(judges, n, n)`` with NaN for pairs not
    answered (diagonal 1), the judges' names and weights (non-negative)."""

    def __init__(
        self,
        judges: Sequence[str],
        matrices: Mapping[str, npt.ArrayLike],
        weights: npt.ArrayLike | None = None,
        *,
        left_out: Mapping[str, Sequence[tuple[int, str]]] | None = None,
        source: str | None = None,
        weighted: bool | None = None,
    ) -> None:
        self.judges = tuple(str(j) for j in judges)
        k = len(self.judges)
        if len(set(self.judges)) != k:
            seen: set[str] = set()
            twice = next(j for j in self.judges if j in seen or seen.add(j))  # type: ignore[func-returns-value]
            msg = f"judge {twice!r} is named twice; every judge needs a name of their own"
            raise InputError(msg)
        w = np.ones(k) if weights is None else np.asarray(weights, dtype=np.float64)
        if w.shape != (k,) or not np.all(np.isfinite(w)) or np.any(w < 0):
            msg = f"judge weights must be {k} non-negative finite numbers"
            raise InputError(msg)
        w.setflags(write=False)
        self.weights: FloatArray = w
        self.weighted = weights is not None if weighted is None else weighted
        built: dict[str, FloatArray] = {}
        for key, stack in matrices.items():
            arr = np.array(stack, dtype=np.float64)
            if arr.ndim != 3 or arr.shape[0] != k or arr.shape[1] != arr.shape[2]:
                msg = f"{key}: expected {k} square matrices (judges, n, n), got shape {arr.shape}"
                raise InputError(msg)
            given = ~np.isnan(arr)
            if np.any(arr[given] <= 0) or not np.all(np.isfinite(arr[given])):
                msg = f"{key}: every judgment must be a positive finite number (NaN: not answered)"
                raise InputError(msg)
            mirror = np.swapaxes(arr, 1, 2)
            both = given & np.swapaxes(given, 1, 2)
            if np.any(given != np.swapaxes(given, 1, 2)) or not np.allclose(
                arr[both] * mirror[both], 1.0, rtol=1e-6
            ):
                msg = f"{key}: every judge's matrix must be reciprocal (a_ji = 1/a_ij)"
                raise InputError(msg)
            idx = np.arange(arr.shape[1])
            arr[:, idx, idx] = 1.0
            arr.setflags(write=False)
            built[str(key)] = arr
        self.matrices: Mapping[str, FloatArray] = FrozenDict(built)
        self.left_out: Mapping[str, tuple[tuple[int, str], ...]] = FrozenDict(
            {str(key): tuple(v) for key, v in (left_out or {}).items()}
        )
        self.source = source

    @classmethod
    def from_pairs(
        cls,
        evaluation: Evaluation,
        values: npt.ArrayLike,
        pairs: Sequence[str | Sequence[str]],
        *,
        judges: Sequence[str] | None = None,
        weights: npt.ArrayLike | None = None,
    ) -> Panel:
        """A panel from a judges x pairs array of judgments "a compared with b" (NaN:
        not answered), the pairs written ``a/b``, ``LEAF:a/b``, (a, b) or (leaf, a, b)."""
        arr = np.asarray(values, dtype=np.float64)
        if arr.ndim != 2 or arr.shape[1] != len(pairs):
            msg = f"expected an array of judges x {len(pairs)} pairs, got shape {arr.shape}"
            raise InputError(msg)
        k = arr.shape[0]
        names = [str(j) for j in judges] if judges is not None else [str(i + 1) for i in range(k)]
        if len(names) != k:
            msg = f"{len(names)} judge names for {k} rows"
            raise InputError(msg)
        keys = matrix_keys(evaluation)
        stacks: dict[str, FloatArray] = {}
        errors: list[InputError] = []
        for col, item in enumerate(pairs):
            under, a, b = _pair_of(item)
            found = locate_pair(evaluation, under, a, b)
            if isinstance(found, str):
                errors.append(InputError(f"pair {item!r}: {found}"))
                continue
            key, i, j = found
            if key not in stacks:
                n = len(keys[key])
                stacks[key] = np.full((k, n, n), np.nan)
            v = arr[:, col]
            stacks[key][:, i, j] = v
            with np.errstate(divide="ignore"):
                stacks[key][:, j, i] = 1.0 / v
        if errors:
            raise InputErrors(errors)
        return cls(names, stacks, weights)

    def __repr__(self) -> str:
        return f"Panel(judges={len(self.judges)}, matrices={list(self.matrices)})"


def consensus(priorities: FloatArray, weights: FloatArray, scale_max: float) -> float | None:
    """Goepel's (2013) AHP consensus indicator S* (0..1) of ``priorities`` (judges x n)
    with judge weights summing to 1; None for fewer than two judges."""
    k, n = priorities.shape
    if k < 2:
        return None
    p = np.clip(priorities, 1e-300, None)
    entropy = -(p * np.log(p)).sum(axis=1)
    mean = weights @ p
    h_gamma = float(-(mean * np.log(mean)).sum())
    h_alpha = float(weights @ entropy)
    d_beta = math.exp(h_gamma - h_alpha)
    m = scale_max
    d = n + m - 1
    h_min = -(m / d) * math.log(m / d) - ((n - 1) / d) * math.log(1 / d)
    d_min = math.exp(h_min)
    return float((1 / d_beta - d_min / n) / (1 - d_min / n))


def gcompi(stack: FloatArray, given: npt.NDArray[np.bool_] | None, w: FloatArray) -> FloatArray:
    """Every judge's GCOMPI against the vector ``w`` (see the module's formula); the
    pairs ``given`` (None: every entry that is not NaN)."""
    n = stack.shape[-1]
    iu, ju = np.triu_indices(n, k=1)
    values = stack[:, iu, ju]
    mask = ~np.isnan(values) if given is None else given[:, iu, ju]
    with np.errstate(invalid="ignore", divide="ignore"):
        logs = np.log(np.where(mask, values, 1.0))
    lw = np.log(w)
    e = logs + (lw[ju] - lw[iu])[None, :]
    m = mask.sum(axis=1)
    total = np.where(mask, e * e, 0.0).sum(axis=1) * (n * (n - 1) / 2) / np.maximum(m, 1)
    scale = 1.0 if n == 2 else 2 / ((n - 1) * (n - 2))
    return np.asarray(total * scale, dtype=np.float64)


def _largest(values: FloatArray, k: int) -> npt.NDArray[np.intp]:
    """The positions of the ``k`` largest values, largest first, ties by position (as
    a stable sort of ``-values`` gives them; NaN last), without sorting them all."""
    if values.size <= k:
        return np.argsort(-values, kind="stable")
    kth = np.partition(-values, k - 1)[k - 1]
    if np.isnan(kth):  # fewer than k numbers
        return np.argsort(-values, kind="stable")[:k]
    near = np.flatnonzero(-values <= kth)  # the k best and any ties with the k-th
    return near[np.argsort(-values[near], kind="stable")[:k]]


class MatrixPanel(NamedTuple):
    """One matrix across the panel."""

    key: str
    used: npt.NDArray[np.intp]
    """The judges used (their positions in the panel)."""
    left_out: tuple[LeftOut, ...]
    inconsistent: int
    consensus: float | None
    least_compatible: tuple[str, ...]
    compatibility_basis: str
    replaced: bool
    """The evaluation file had its own judgments for this matrix."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "used": int(self.used.size),
            "left_out": [x.to_dict() for x in self.left_out],
            "inconsistent": self.inconsistent,
            "consensus": None if self.consensus is None else 100.0 * self.consensus,
            "least_compatible": list(self.least_compatible),
            "compatibility_basis": self.compatibility_basis,
            "replaced_file_judgments": self.replaced,
        }


class JudgeSummary(NamedTuple):
    """One judge across the panel's matrices."""

    judge: str
    weight: float
    cr: Mapping[str, float]
    weights: Mapping[str, Mapping[str, float]]
    compatibility: Mapping[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {
            "judge": self.judge,
            "weight": self.weight,
            "cr": dict(self.cr),
            "weights": {k: dict(v) for k, v in self.weights.items()},
            "compatibility": dict(self.compatibility),
        }


class PanelResult:
    """The aggregated weights (a :class:`HierarchyResult`, whose attributes it shares)
    and the panel's own findings."""

    def __init__(  # noqa: PLR0917 - built in one place, from every part
        self,
        hierarchy: HierarchyResult,
        panel: Panel,
        aggregate: Aggregate,
        matrices: Mapping[str, MatrixPanel],
        judge_cr: Mapping[str, FloatArray],
        judge_weights: Mapping[str, FloatArray],
        judge_compatibility: Mapping[str, FloatArray],
        exclude_inconsistent: bool,
    ) -> None:
        self.hierarchy = hierarchy
        self.panel = panel
        self.aggregate: Aggregate = aggregate
        self.matrices_panel = matrices
        self.judge_cr = judge_cr
        self.judge_weights = judge_weights
        self.judge_compatibility = judge_compatibility
        self.exclude_inconsistent = exclude_inconsistent

    def __getattr__(self, name: str) -> Any:
        if name == "hierarchy":  # not yet set (unpickling)
            raise AttributeError(name)
        return getattr(self.hierarchy, name)

    @property
    def consistent(self) -> bool:
        """Every aggregate matrix and the total ranking pass (judges do not count)."""
        return self.hierarchy.consistent

    def judges(self) -> list[JudgeSummary]:
        """Every judge's CR, local weights and compatibility per matrix they entered."""
        ids = matrix_keys(self.hierarchy.evaluation)
        columns = [
            (
                key,
                ids[key],
                self.judge_cr[key].tolist(),
                self.judge_weights[key].tolist(),
                self.judge_compatibility[key].tolist(),
            )
            for key in self.judge_cr
        ]
        out = []
        for k, name in enumerate(self.panel.judges):
            cr: dict[str, float] = {}
            weights: dict[str, dict[str, float]] = {}
            compat: dict[str, float] = {}
            for key, children, crs, rows, values in columns:
                value = crs[k]
                if math.isnan(value):  # the judge did not enter this matrix
                    continue
                cr[key] = value
                weights[key] = dict(zip(children, rows[k], strict=True))
                compat[key] = values[k]
            out.append(JudgeSummary(name, float(self.panel.weights[k]), cr, weights, compat))
        return out

    def panel_dict(self) -> dict[str, Any]:
        """The ``panel`` block of the JSON report."""
        return {
            "source": self.panel.source,
            "judges": len(self.panel.judges),
            "aggregate": self.aggregate,
            "exclude_inconsistent": self.exclude_inconsistent,
            "weighted": self.panel.weighted,
            "matrices": {k: m.to_dict() for k, m in self.matrices_panel.items()},
            "per_judge": [j.to_dict() for j in self.judges()],
        }

    def to_dict(self) -> dict[str, Any]:
        """The weigh JSON contract for the aggregated weights, plus ``panel`` and
        ``consistency_basis``."""
        out = self.hierarchy.to_dict()
        out["consistency_basis"] = "aij"
        out["panel"] = self.panel_dict()
        return out


class _Solved(NamedTuple):
    """Every judge of one matrix solved (NaN rows for judges not solved)."""

    weights: FloatArray
    cr: FloatArray
    completed: FloatArray
    """The judges' matrices, those who skipped pairs completed by w_i / w_j."""
    passes: npt.NDArray[np.bool_]


def _solve_judges(
    panel: Panel,
    keys: Mapping[str, tuple[str, ...]],
    method: Method,
    table: RITable,
    threshold: float,
) -> tuple[dict[str, _Solved], dict[str, list[LeftOut]]]:
    """Every judge's every matrix, one batched call per order (and per kind)."""
    left: dict[str, list[LeftOut]] = defaultdict(list)
    complete_groups: dict[int, list[tuple[str, npt.NDArray[np.intp]]]] = defaultdict(list)
    incomplete_groups: dict[int, list[tuple[str, npt.NDArray[np.intp]]]] = defaultdict(list)
    out: dict[str, _Solved] = {}
    for key, stack in panel.matrices.items():
        k, n, _ = stack.shape
        full: npt.NDArray[np.bool_] = np.asarray(~np.isnan(stack).any(axis=(1, 2)))
        ok = full.copy()
        answered = np.ones(k, dtype=np.bool_)
        partial = np.flatnonzero(~full)
        if partial.size:  # only a judge who skipped pairs may leave items apart
            given = ~np.isnan(stack[partial])
            answered[partial] = np.triu(given, k=1).any(axis=(1, 2))
            ok[partial] = connected(given) & answered[partial]
        dropped = dict(panel.left_out.get(key, ()))
        for j, why in dropped.items():
            ok[j] = False
            left[key].append(LeftOut(panel.judges[j], why))
        for j in np.flatnonzero(~ok).tolist():
            if j in dropped:
                continue
            reason = NOT_CONNECTED if answered[j] else NO_ANSWERS
            left[key].append(LeftOut(panel.judges[j], reason))
        complete_groups[n].append((key, np.flatnonzero(ok & full)))
        incomplete_groups[n].append((key, np.flatnonzero(ok & ~full)))
        out[key] = _Solved(
            np.full((k, n), np.nan),
            np.full(k, np.nan),
            stack.copy() if partial.size else stack,
            np.zeros(k, dtype=np.bool_),
        )
    for group in complete_groups.values():
        members = [(key, rows) for key, rows in group if rows.size]
        if not members:
            continue
        stack = np.concatenate([panel.matrices[key][rows] for key, rows in members])
        res = solve_stack(stack, method, table)
        start = 0
        for key, rows in members:
            end = start + rows.size
            s = out[key]
            s.weights[rows] = res.weights[start:end]
            s.cr[rows] = res.cr[start:end]
            s.passes[rows] = res.cr[start:end] < threshold
            start = end
    for n, group in incomplete_groups.items():
        members = [(key, rows) for key, rows in group if rows.size]
        if not members:
            continue
        stack = np.concatenate([panel.matrices[key][rows] for key, rows in members])
        given = ~np.isnan(stack)
        inc = solve_incomplete_stack(stack, given, table)
        pairs = inc.pairs_given.tolist()
        start = 0
        for key, rows in members:
            end = start + rows.size
            s = out[key]
            s.weights[rows] = inc.weights[start:end]
            s.cr[rows] = inc.cr[start:end]
            s.completed[rows] = complete_matrix(
                stack[start:end], given[start:end], inc.weights[start:end]
            )
            for r, row in enumerate(rows.tolist()):
                at = start + r
                s.passes[row] = judge_passes(
                    float(inc.cr[at]), float(inc.gci[at]), pairs[at], n, threshold, complete=False
                )
            start = end
    del keys
    return out, left


def _replace_judgments(
    evaluation: Evaluation, aggregated: Mapping[str, FloatArray], note: str, source: str | None
) -> Evaluation:
    """The evaluation with the panel's aggregate matrices in place of its judgments."""
    parents = {n.id for n in evaluation.parents()}
    judgments = dict(evaluation.judgments)
    leaf_judgments = dict(evaluation.alternative_judgments)
    for key, matrix in aggregated.items():
        matrix.setflags(write=False)
        node = evaluation.nodes[key]
        j = Judgment.checked(
            node_id=key, matrix=matrix, path=source, line=1 if source else node.line, note=note
        )
        (judgments if key in parents else leaf_judgments)[key] = j
    errors = []
    for node in evaluation.parents():
        if node.id not in judgments:
            kids = ", ".join(c.id for c in node.children)
            errors.append(
                InputError(
                    f"no judgment matrix for {node.id!r} ({len(node.children)} children: "
                    f"{kids}): neither the file's judgments nor the panel cover it",
                    path=evaluation.path,
                    line=node.line,
                )
            )
    if evaluation.alternatives:
        errors.extend(
            InputError(
                f"no comparison of the alternatives under leaf {leaf.id!r}: neither "
                "the file nor the panel compares them",
                path=evaluation.path,
                line=leaf.line,
            )
            for leaf in evaluation.leaves()
            if leaf.id not in leaf_judgments and leaf.id not in evaluation.performance
        )
    if errors:
        raise InputErrors(errors)
    return evaluation.model_copy(
        update={
            "judgments": FrozenDict(judgments),
            "alternative_judgments": FrozenDict(leaf_judgments),
        }
    )


def weigh_panel(
    evaluation: Evaluation,
    panel: Panel,
    *,
    aggregate: Aggregate = "aij",
    exclude_inconsistent: bool = False,
    method: Method | None = None,
    ri: str | Sequence[float] | RITable | None = None,
    cr_threshold: float | None = None,
    synthesis: Synthesis | None = None,
) -> PanelResult:
    """Check every judge's matrices, aggregate them (``aij`` or ``aip``) and weigh the
    hierarchy with the aggregate. Raises :class:`InputErrors` when a matrix is left
    without judges or with judge weights all zero."""
    from ahp_eval.ahp.hierarchy import _resolve_settings

    if aggregate not in AGGREGATES:
        msg = f"aggregate={aggregate!r}: choose {', '.join(AGGREGATES)}"
        raise InputError(msg)
    use_method, table, threshold = _resolve_settings(evaluation, method, ri, cr_threshold)
    keys = matrix_keys(evaluation)
    unknown = [key for key in panel.matrices if key not in keys]
    wrong = [
        key
        for key in panel.matrices
        if key in keys and panel.matrices[key].shape[1] != len(keys[key])
    ]
    if unknown or wrong:
        msg = "; ".join(
            [f"the panel answers {k!r}, which has no matrix in this evaluation" for k in unknown]
            + [
                f"the panel's matrices for {k!r} are not {len(keys[k])} x {len(keys[k])}"
                for k in wrong
            ]
        )
        raise InputError(msg, path=panel.source)
    solved, left = _solve_judges(panel, keys, use_method, table, threshold)
    aggregated: dict[str, FloatArray] = {}
    aip: dict[str, FloatArray] = {}
    used_of: dict[str, npt.NDArray[np.intp]] = {}
    errors: list[InputError] = []
    for key, s in solved.items():
        ok = ~np.isnan(s.cr)
        if exclude_inconsistent:
            for j in np.flatnonzero(ok & ~s.passes):
                left[key].append(LeftOut(panel.judges[j], INCONSISTENT))
            ok &= s.passes
        used = np.flatnonzero(ok)
        used_of[key] = used
        total = float(panel.weights[used].sum())
        if used.size == 0:
            reasons = Counter(x.reason.split(" (")[0] for x in left[key])
            why = ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
            errors.append(
                InputError(
                    f"{key}: no judge is left for this matrix (left out: {why or 'none'})",
                    path=panel.source,
                )
            )
            continue
        if total <= 0:
            errors.append(
                InputError(
                    f"{key}: the judge weights are all zero for this matrix", path=panel.source
                )
            )
            continue
        lk = panel.weights[used] / total
        n = s.weights.shape[1]
        iu, ju = np.triu_indices(n, k=1)
        entries = s.completed[:, iu, ju]
        upper = lk @ np.log(entries if used.size == len(entries) else entries[used])
        logs = np.zeros((n, n))
        logs[iu, ju], logs[ju, iu] = upper, -upper  # reciprocal to the last bit
        aggregated[key] = np.exp(logs)
        g = lk @ np.log(s.weights[used])
        g = np.exp(g - g.max())
        aip[key] = g / g.sum()
    if errors:
        raise InputErrors(errors)
    note = f"{aggregate.upper()} of the panel's judges"
    combined = _replace_judgments(evaluation, aggregated, note, panel.source)
    how: dict[str, Any] = {"method": use_method, "ri": table, "cr_threshold": threshold}
    if aggregate == "aij":
        hierarchy = solve(combined, **how, synthesis=synthesis)
    else:
        hierarchy = solve_with_weights(combined, aip, **how, synthesis=synthesis)
    final = {m.id: np.array([m.weights[c.id] for c in m.node.children]) for m in hierarchy.matrices}
    if hierarchy.alternatives is not None:
        alt_ids = [a.id for a in evaluation.alternatives]
        for leaf in hierarchy.alternatives.leaves:
            if leaf.weights is not None:
                final[leaf.id] = np.array([leaf.weights[a] for a in alt_ids])
    replaced = set(evaluation.judgments) | set(evaluation.alternative_judgments)
    matrices: dict[str, MatrixPanel] = {}
    compat: dict[str, FloatArray] = {}
    for key, s in solved.items():
        used = used_of[key]
        lk = panel.weights[used] / panel.weights[used].sum()
        ok = ~np.isnan(s.cr)
        c = np.full(len(panel.judges), np.nan)
        rows = np.flatnonzero(ok)
        stack = panel.matrices[key]
        c[rows] = gcompi(stack if rows.size == len(stack) else stack[rows], None, final[key])
        compat[key] = c
        n = len(keys[key])
        worst = rows[_largest(c[rows], 3)]
        matrices[key] = MatrixPanel(
            key=key,
            used=used,
            left_out=tuple(left[key]),
            inconsistent=int((ok & ~s.passes).sum()),
            consensus=consensus(s.weights[used], lk, evaluation.settings.scale_max),
            least_compatible=tuple(panel.judges[j] for j in worst.tolist()),
            compatibility_basis="gcompi" if n > 2 else "single_pair",
            replaced=key in replaced,
        )
    return PanelResult(
        hierarchy,
        panel,
        aggregate,
        FrozenDict(matrices),
        FrozenDict({k: s.cr for k, s in solved.items()}),
        FrozenDict({k: s.weights for k, s in solved.items()}),
        FrozenDict(compat),
        exclude_inconsistent,
    )
