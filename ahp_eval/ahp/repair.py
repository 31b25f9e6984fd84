"""Repairing an inconsistent judgment matrix, one judgment at a time.

A candidate change sets one given pair ``(i, j)`` (``i < j``) to another value ``v``
of the 17-point scale ``1/9 .. 1/2, 1, 2 .. 9`` (``a_ij = v``, ``a_ji = 1/v``). Every
candidate of a matrix is built into one stack and measured in one call (for a
complete matrix: its CR with the evaluation's method and RI table, through
:func:`ahp_eval.ahp.matrix.solve_stack`).

Candidates rank by

1. the lowest consistency measure (CR); values within ``1e-12`` of the lowest tie
   (relative to it, or absolute when it is below 1, since a CR near 0 carries
   rounding noise of about 1e-16);
2. the fewest scale steps from the current value (positions in the 17-value list; a
   current value off the scale counts from its nearest scale value in log terms);
3. the pair's place in the upper triangle, row by row (the order of ``upper``);
4. the new value's place on the scale, smallest first.

:func:`repair` gives both the best single changes (one per pair, for check's hints and
``nodes[].repair``) and the greedy sequence (``ahp-eval repair``): apply the best
change, measure again, repeat until the measure is below the threshold. The search is
greedy, a heuristic: it is not guaranteed to find the fewest changes. It fails when no
single change lowers the measure, or after as many steps as there are given pairs.

The measure is a parameter (:class:`Measure`), and so is the mask of given pairs, so
that a matrix with missing judgments can be repaired with its own measure.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, Literal, NamedTuple

import numpy as np
import numpy.typing as npt

from ahp_eval.ahp.incomplete import gci_threshold, solve_incomplete_stack
from ahp_eval.ahp.matrix import FloatArray, Method, solve_stack
from ahp_eval.ahp.ri import RITable
from ahp_eval.model.evaluation import Judgment

__all__ = [
    "GCI_CR_THRESHOLD",
    "MEASURE_NAMES",
    "SCALE",
    "TIE_TOLERANCE",
    "Change",
    "ConsistencyTest",
    "MatrixMethod",
    "MatrixTest",
    "Measure",
    "Outcome",
    "Repair",
    "RepairStep",
    "best_changes",
    "completed_cr_measure",
    "cr_measure",
    "gci_measure",
    "matrix_test",
    "named_steps",
    "repair",
    "same_judgment",
    "scale_position",
]

SCALE: tuple[float, ...] = tuple(
    [1.0 / k for k in range(9, 1, -1)] + [float(k) for k in range(1, 10)]
)
"""The 17 values a repair proposes, in order: 1/9, 1/8, ..., 1/2, 1, 2, ..., 9."""

_SCALE = np.array(SCALE)
_LOG_SCALE = np.log(_SCALE)

TIE_TOLERANCE = 1e-12
"""Measures this close to the lowest (relative, or absolute below 1) tie."""

SAME_VALUE = 0.01
"""A scale value within 1% of the current one is the current judgment (0.33 is 1/3)."""

Measure = Callable[[FloatArray, npt.NDArray[np.bool_]], tuple[FloatArray, FloatArray]]
"""``measure(stack, given)``: the weights ``(k, n)`` and the consistency measure ``(k,)``
of a stack of ``k`` matrices whose given pairs are ``given`` (an ``(n, n)`` mask)."""

Outcome = Literal["consistent", "repaired", "stuck", "limit", "unsearched"]
"""``consistent``: nothing to repair; ``repaired``: the steps bring the measure under
the threshold; ``stuck``: no single change lowers it; ``limit``: still over after as
many steps as there are given pairs; ``unsearched``: only the best changes were asked for."""


def cr_measure(method: Method, ri_table: RITable) -> Measure:
    """The CR of complete matrices with ``method`` and ``ri_table`` (``given`` unused)."""

    def measure(stack: FloatArray, given: npt.NDArray[np.bool_]) -> tuple[FloatArray, FloatArray]:
        del given  # a complete matrix: every pair is given
        res = solve_stack(stack, method, ri_table)
        return res.weights, res.cr

    return measure


def gci_measure(ri_table: RITable) -> Measure:
    """GCI* over the pairs ``given`` with LLSM weights (incomplete matrices)."""

    def measure(stack: FloatArray, given: npt.NDArray[np.bool_]) -> tuple[FloatArray, FloatArray]:
        res = solve_incomplete_stack(stack, np.broadcast_to(given, stack.shape), ri_table)
        return res.weights, res.gci

    return measure


def completed_cr_measure(ri_table: RITable) -> Measure:
    """The CR of the matrix completed with LLSM weights (incomplete matrices)."""

    def measure(stack: FloatArray, given: npt.NDArray[np.bool_]) -> tuple[FloatArray, FloatArray]:
        res = solve_incomplete_stack(stack, np.broadcast_to(given, stack.shape), ri_table)
        return res.weights, res.cr

    return measure


MatrixMethod = Literal["root", "eigen", "sum", "llsm"]
"""How one matrix was solved: the evaluation's method, or LLSM for an incomplete one."""

ConsistencyTest = Literal["cr", "gci", "cr_completed", "none"]
"""What decides whether a matrix passes: its CR; GCI* (incomplete, CR threshold 0.1);
the CR of the completed matrix (incomplete, another threshold); nothing (the pairs
given form a spanning tree, so consistency cannot be measured)."""

GCI_CR_THRESHOLD = 0.1
"""The CR threshold that the GCI thresholds stand for."""

MEASURE_NAMES: dict[ConsistencyTest, str] = {
    "cr": "CR",
    "gci": "GCI*",
    "cr_completed": "completed CR",
    "none": "none",
}
"""How reports name each test's measure."""


class MatrixTest(NamedTuple):
    """The test one matrix must pass: its measure and the threshold it must stay under.

    ``measure`` is None when consistency cannot be measured (``none``)."""

    name: ConsistencyTest
    measure: Measure | None
    threshold: float

    @property
    def label(self) -> str:
        """``CR``, ``GCI*`` or ``completed CR``."""
        return MEASURE_NAMES[self.name]

    def passes(self, cr: float, gci: float) -> bool:
        """Whether a matrix with this CR (the completed CR for an incomplete one) and
        GCI* passes the test."""
        if self.name == "none":
            return True
        if self.name == "gci":
            return gci < self.threshold
        return cr < self.threshold


def matrix_test(
    given: npt.NDArray[np.bool_] | None, method: Method, ri_table: RITable, cr_threshold: float
) -> MatrixTest:
    """The one test of a matrix whose given entries are ``given`` (None: all).

    A complete matrix: CR with ``method`` against ``cr_threshold``. An incomplete one
    (LLSM weights): GCI* against 0.31/0.35/0.37 (n = 3/4/5+) when ``cr_threshold`` is
    0.1, else the completed CR against ``cr_threshold``; not measurable when the pairs
    given form a spanning tree. Check's verdict, its hints and ``repair`` all use it.
    """
    if given is None:
        return MatrixTest("cr", cr_measure(method, ri_table), cr_threshold)
    return matrix_test_of(given.shape[0], int(np.triu(given, k=1).sum()), ri_table, cr_threshold)


def matrix_test_of(n: int, pairs: int, ri_table: RITable, cr_threshold: float) -> MatrixTest:
    """:func:`matrix_test` of an incomplete matrix of order ``n`` with ``pairs`` pairs given."""
    if pairs <= n - 1:
        return MatrixTest("none", None, math.nan)
    if math.isclose(cr_threshold, GCI_CR_THRESHOLD, rel_tol=0.0, abs_tol=1e-12):
        limit = gci_threshold(n)
        assert limit is not None  # a cycle needs n >= 3
        return MatrixTest("gci", gci_measure(ri_table), limit)
    return MatrixTest("cr_completed", completed_cr_measure(ri_table), cr_threshold)


def scale_position(value: float) -> int:
    """Index in :data:`SCALE` of the scale value nearest to ``value`` in log terms."""
    return int(np.argmin(np.abs(_LOG_SCALE - math.log(value))))


def same_judgment(value: float, scale_value: float) -> bool:
    """Whether ``scale_value`` is the judgment ``value`` already holds (within 1%)."""
    return abs(scale_value / value - 1.0) <= SAME_VALUE


class Change(NamedTuple):
    """Setting pair ``(i, j)`` from ``old`` to ``new``: its measure after, and why."""

    i: int
    j: int
    old: float
    new: float
    cr_before: float
    cr_after: float
    deviation: float
    """``|ln(a_ij w_j / w_i)|`` of the pair before the change."""
    steps: int
    """Scale steps from the current value."""


class Repair(NamedTuple):
    """The best single changes of a matrix and, when searched, the greedy sequence."""

    cr: float
    best: tuple[Change, ...]
    steps: tuple[Change, ...]
    matrix: FloatArray
    """The matrix after the steps."""
    cr_final: float
    outcome: Outcome


class _Candidates(NamedTuple):
    pairs: npt.NDArray[np.intp]  # (k,) index of the pair in the upper-triangle order
    values: npt.NDArray[np.intp]  # (k,) index of the new value in SCALE
    steps: npt.NDArray[np.intp]  # (k,)


def _given_pairs(n: int, given: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    return [(i, j) for i in range(n) for j in range(i + 1, n) if given[i, j]]


def _candidates(A: FloatArray, pairs: list[tuple[int, int]]) -> _Candidates:
    """Every pair with every other scale value, in pair order then scale order."""
    pair_idx: list[int] = []
    value_idx: list[int] = []
    steps: list[int] = []
    for p, (i, j) in enumerate(pairs):
        current = float(A[i, j])
        at = scale_position(current)
        for s, v in enumerate(SCALE):
            if same_judgment(current, v):
                continue
            pair_idx.append(p)
            value_idx.append(s)
            steps.append(abs(s - at))
    return _Candidates(
        np.array(pair_idx, dtype=np.intp),
        np.array(value_idx, dtype=np.intp),
        np.array(steps, dtype=np.intp),
    )


def _measure_all(
    A: FloatArray,
    pairs: list[tuple[int, int]],
    cand: _Candidates,
    given: npt.NDArray[np.bool_],
    measure: Measure,
) -> tuple[FloatArray, float, FloatArray]:
    """Weights and measure of ``A`` itself, and the measure of every candidate (one stack)."""
    n = A.shape[0]
    k = len(cand.pairs)
    stack = np.empty((k + 1, n, n))
    stack[:] = A
    if k:
        ij = np.array(pairs, dtype=np.intp)[cand.pairs]
        rows = np.arange(1, k + 1)
        v = _SCALE[cand.values]
        stack[rows, ij[:, 0], ij[:, 1]] = v
        stack[rows, ij[:, 1], ij[:, 0]] = 1.0 / v
    weights, values = measure(stack, given)
    return weights[0], float(values[0]), values[1:]


def _tied(values: FloatArray, alive: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    low = float(values[alive].min())
    return alive & (values <= low + TIE_TOLERANCE * max(abs(low), 1.0))


def _ranked(values: FloatArray, cand: _Candidates, count: int, *, one_per_pair: bool) -> list[int]:
    """Indices of the ``count`` best candidates by the rule of this module."""
    alive = np.isfinite(values)
    out: list[int] = []
    while len(out) < count and alive.any():
        tied = np.flatnonzero(_tied(values, alive))
        best = int(
            min(
                tied.tolist(),
                key=lambda c: (int(cand.steps[c]), int(cand.pairs[c]), int(cand.values[c])),
            )
        )
        out.append(best)
        if one_per_pair:
            alive &= cand.pairs != cand.pairs[best]
        else:
            alive[best] = False
    return out


def _search(
    A: FloatArray, given: npt.NDArray[np.bool_], measure: Measure, count: int
) -> tuple[float, list[Change]]:
    """The measure of ``A`` and its ``count`` best single changes (one per pair)."""
    pairs = _given_pairs(A.shape[0], given)
    cand = _candidates(A, pairs)
    weights, before, values = _measure_all(A, pairs, cand, given, measure)
    out = []
    for c in _ranked(values, cand, count, one_per_pair=True):
        i, j = pairs[int(cand.pairs[c])]
        old = float(A[i, j])
        out.append(
            Change(
                i=i,
                j=j,
                old=old,
                new=SCALE[int(cand.values[c])],
                cr_before=before,
                cr_after=float(values[c]),
                deviation=abs(math.log(old * float(weights[j]) / float(weights[i]))),
                steps=int(cand.steps[c]),
            )
        )
    return before, out


def repair(
    A: npt.ArrayLike,
    measure: Measure,
    threshold: float,
    *,
    given: npt.ArrayLike | None = None,
    best: int = 3,
    greedy: bool = True,
) -> Repair:
    """The ``best`` best single changes of ``A`` and, with ``greedy``, the repair sequence.

    Nothing is searched when the measure of ``A`` is already below ``threshold``. The
    first greedy step is always the first of the best changes (one ranking makes both).
    """
    current = np.array(A, dtype=np.float64)
    n = current.shape[0]
    mask = np.ones((n, n), dtype=np.bool_) if given is None else np.asarray(given, dtype=np.bool_)
    first_cr, first = _search(current, mask, measure, max(best, 1))
    if first_cr < threshold or not first:
        outcome: Outcome = "consistent" if first_cr < threshold else "stuck"
        return Repair(first_cr, (), (), current, first_cr, outcome)
    if not greedy:
        return Repair(first_cr, tuple(first[:best]), (), current, first_cr, "unsearched")
    limit = len(_given_pairs(n, mask))
    steps: list[Change] = []
    cr, top = first_cr, first[0]
    outcome = "limit"
    while True:
        if not top.cr_after < cr - TIE_TOLERANCE * max(abs(cr), 1.0):
            outcome = "stuck"
            break
        current[top.i, top.j] = top.new
        current[top.j, top.i] = 1.0 / top.new
        steps.append(top)
        cr = top.cr_after
        if cr < threshold:
            outcome = "repaired"
            break
        if len(steps) >= limit:
            break
        cr_now, found = _search(current, mask, measure, 1)
        if not found:
            outcome = "stuck"
            break
        cr, top = cr_now, found[0]
    return Repair(first_cr, tuple(first[:best]), tuple(steps), current, cr, outcome)


class RepairStep(NamedTuple):
    """A change of one judgment, named by the items it compares (children or alternatives).

    ``cr_after`` is the CR after the change (for an incomplete matrix, the CR of the
    matrix completed with LLSM weights); ``measure_after`` the value of the matrix's
    own test after it (``measure``: ``cr``, ``gci`` or ``cr_completed``)."""

    row: str
    col: str
    old: float
    value: float
    cr_after: float
    deviation: float
    line: int
    measure: ConsistencyTest = "cr"
    measure_after: float = math.nan

    def to_dict(self) -> dict[str, Any]:
        return {
            "pair": [self.row, self.col],
            "value": self.value,
            "cr_after": self.cr_after,
            "old": self.old,
            "deviation": self.deviation,
            "line": self.line,
            "measure": self.measure,
            "measure_after": self.measure_after,
        }


def _completed_crs(
    A: FloatArray,
    given: npt.NDArray[np.bool_],
    changes: tuple[Change, ...],
    ri_table: RITable,
    *,
    cumulative: bool,
) -> list[float]:
    """The completed CR after each change: each applied to ``A`` alone, or one after another."""
    if not changes:
        return []
    stack = np.empty((len(changes), *A.shape))
    current = np.array(A, dtype=np.float64)
    for k, c in enumerate(changes):
        base = current if cumulative else np.array(A, dtype=np.float64)
        base[c.i, c.j] = c.new
        base[c.j, c.i] = 1.0 / c.new
        stack[k] = base
    _, crs = completed_cr_measure(ri_table)(stack, given)
    return [float(x) for x in crs]


def named_steps(
    changes: tuple[Change, ...],
    ids: Sequence[str],
    judgment: Judgment,
    *,
    test: MatrixTest | None = None,
    ri_table: RITable | None = None,
    cumulative: bool = False,
) -> tuple[RepairStep, ...]:
    """Changes by the ids of the compared items, each with the line where its judgment
    was written. For a test other than CR (an incomplete matrix), ``ri_table`` gives the
    completed CR after each change, made alone or (``cumulative``) one after another."""
    name: ConsistencyTest = test.name if test is not None else "cr"
    if name == "cr" or ri_table is None:
        crs = [c.cr_after for c in changes]
    else:
        crs = _completed_crs(
            judgment.matrix, judgment.given_mask(), changes, ri_table, cumulative=cumulative
        )
    return tuple(
        RepairStep(
            row=ids[c.i],
            col=ids[c.j],
            old=c.old,
            value=c.new,
            cr_after=cr,
            deviation=c.deviation,
            line=judgment.entry_line(c.i, c.j),
            measure=name,
            measure_after=c.cr_after,
        )
        for c, cr in zip(changes, crs, strict=True)
    )


def best_changes(
    judgment: Judgment,
    ids: Sequence[str],
    method: Method,
    ri_table: RITable,
    cr_threshold: float,
) -> tuple[RepairStep, ...]:
    """The three best single changes of a matrix by its own test (check's hints and
    ``nodes[].repair``); none when it passes or cannot be measured, or for n < 3."""
    test = matrix_test(judgment.given, method, ri_table, cr_threshold)
    if test.measure is None or judgment.n < 3:
        return ()
    found = repair(
        judgment.matrix, test.measure, test.threshold, given=judgment.given_mask(), greedy=False
    )
    return named_steps(found.best, ids, judgment, test=test, ri_table=ri_table)
