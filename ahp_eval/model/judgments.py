"""Pairwise judgments: the three ways of writing them, and the one place that turns
any of them into a checked reciprocal matrix.

* a full matrix (``[[1, 3], ["1/3", 1]]``, or ``{matrix: ...}``), rows and columns in
  the children's declared order;
* the upper triangle row by row (``{upper: [3, 5, 2]}``);
* named pairs (``{pairs: [[B1, B2, 3]]}``): B1 is 3 times as important as B2.

A matrix may be incomplete: pairs left out of ``pairs``, or ``null`` in ``upper`` (and
in ``matrix``, on both sides of the diagonal) were not compared. Missing entries hold
NaN, so that nothing can use them unnoticed; the comparisons given must connect all
children (the weights are then unique, see :mod:`ahp_eval.ahp.incomplete`).

:func:`build_matrix` checks the whole matrix at once (vectorised) and reports every
problem: wrong size, diagonal, reciprocity, entries outside the scale, comparisons
that leave children apart.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal, NamedTuple

import numpy as np
import numpy.typing as npt
from pydantic import BeforeValidator, Discriminator, Field, Tag, TypeAdapter

from ahp_eval.model._base import Record
from ahp_eval.model._problems import Loc, fail
from ahp_eval.model.fields import JudgmentsOrGaps, JudgmentValue, NodeId, Note
from ahp_eval.model.values import describe, format_judgment, rounded_reciprocal
from ahp_eval.model.vocabulary import FloatArray

__all__ = [
    "RECIPROCAL_TOLERANCE",
    "BoolArray",
    "BuiltMatrix",
    "Compared",
    "JudgmentForm",
    "MatrixForm",
    "PairsForm",
    "UpperForm",
    "build_matrix",
    "describe_entry",
    "form_adapter",
]

RECIPROCAL_TOLERANCE = 0.01
"""|a_ij * a_ji - 1| above this is not reciprocal, for entries with fewer than two
decimals; entries with two or more are compared with the rounded reciprocal."""

_SMALL = 1e-9

BoolArray = npt.NDArray[np.bool_]
"""A boolean mask: which entries of a matrix were given."""


class MatrixForm(Record):
    """A full matrix, rows and columns in the children's declared order."""

    matrix: Annotated[
        tuple[JudgmentsOrGaps, ...],
        Field(
            description="The rows, in the children's declared order; null for a pair not compared.",
            examples=[[[1, 3], ["1/3", 1]]],
        ),
    ]
    note: Annotated[
        Note | None,
        Field(description="Where the judgments come from.", examples=["专家组 2024-03"]),
    ] = None


class UpperForm(Record):
    """The upper triangle, row by row: n(n-1)/2 values (a12, a13, ..., a23, ...);
    ``null`` for a pair not compared."""

    upper: Annotated[
        JudgmentsOrGaps,
        Field(
            description="a12, a13, ..., a23, ...: n(n-1)/2 judgments; null: a pair not compared.",
            examples=[[3, 5, 2], [3, None, 2]],
        ),
    ]
    note: Annotated[
        Note | None,
        Field(description="Where the judgments come from.", examples=["专家组 2024-03"]),
    ] = None


def _pair(value: Any) -> Any:
    if not isinstance(value, list | tuple) or len(value) != 3:
        fail(f"expected [a, b, value], got {describe(value)}")
    return value


Pair = Annotated[tuple[NodeId, NodeId, JudgmentValue], BeforeValidator(_pair)]


class PairsForm(Record):
    """Named pairs ``[a, b, value]``: a is ``value`` times as important as b; a pair
    left out was not compared."""

    pairs: Annotated[
        tuple[Pair, ...],
        Field(
            description="[a, b, value]: a is value times as important as b.",
            examples=[[["B1", "B2", 3], ["B1", "B3", 5]]],
        ),
    ]
    note: Annotated[
        Note | None,
        Field(description="Where the judgments come from.", examples=["专家组 2024-03"]),
    ] = None


_FORMS = ("matrix", "upper", "pairs")


def _one_form(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return value
    forms = [k for k in _FORMS if isinstance(value, dict) and k in value]
    if not isinstance(value, dict) or len(forms) != 1:
        what = "more than one of" if len(forms) > 1 else "none of"
        fail(
            "a judgment must be a matrix (list of rows) or a mapping with exactly one of "
            f"'matrix', 'upper', 'pairs' (this has {what} them)"
        )
    return value


def _form_tag(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "<rows>"
    if isinstance(value, MatrixForm | UpperForm | PairsForm):
        return f"<{type(value).__name__.removesuffix('Form').lower()}>"
    return next(f"<{k}>" for k in _FORMS if k in value)


JudgmentForm = Annotated[
    Annotated[
        Annotated[tuple[JudgmentsOrGaps, ...], Tag("<rows>")]
        | Annotated[MatrixForm, Tag("<matrix>")]
        | Annotated[UpperForm, Tag("<upper>")]
        | Annotated[PairsForm, Tag("<pairs>")],
        Discriminator(_form_tag),
    ],
    BeforeValidator(_one_form),
    Field(
        description="A full matrix (list of rows), or {matrix: ...}, {upper: ...}, {pairs: ...}.",
        examples=[{"upper": [3, 5, 2]}],
    ),
]
"""One judgment entry in any of its forms."""


@functools.cache
def form_adapter() -> TypeAdapter[Any]:
    """The validator of one judgment entry (built on first use)."""
    return TypeAdapter(JudgmentForm)


def describe_entry(loc: Loc, ids: Sequence[str]) -> str:
    """Words for a place inside a judgment entry: ``row 1, column 2 (B1/B2): ``."""
    parts = list(loc)
    form = parts.pop(0) if parts and parts[0] in (*_FORMS, "note") else None
    if form == "note":
        return "note: "
    if form == "upper" and parts:
        return f"upper value {int(parts[0]) + 1}: "  # type: ignore[call-overload]
    if form == "pairs" and parts:
        return f"pair {int(parts[0]) + 1}: "  # type: ignore[call-overload]
    if len(parts) >= 2 and isinstance(parts[0], int) and isinstance(parts[1], int):
        i, j = parts[0], parts[1]
        pair = f" ({ids[i]}/{ids[j]})" if i < len(ids) and j < len(ids) else ""
        return f"row {i + 1}, column {j + 1}{pair}: "
    if parts and isinstance(parts[0], int):
        return f"row {parts[0] + 1}: "
    return ""


class BuiltMatrix(NamedTuple):
    """A checked matrix, where each entry was written, and what was wrong.

    ``given`` is None when every pair was compared; otherwise the mask of the entries
    given (symmetric, diagonal True), and ``missing`` the pairs not compared (ids, in
    upper-triangle order), whose entries hold NaN.
    """

    matrix: FloatArray | None
    note: str | None
    entry_locs: dict[tuple[int, int], Loc]
    problems: list[tuple[Loc, str]]
    given: BoolArray | None = None
    missing: tuple[tuple[str, str], ...] = ()


Compared = Literal["children", "alternatives"]
"""What a matrix compares: a node's children, or the alternatives under a leaf."""


def build_matrix(
    form: Any,
    ids: Sequence[str],
    scale_max: float,
    key: Loc,
    line_of: Callable[[Loc], int],
    *,
    compared: Compared = "children",
) -> BuiltMatrix:
    """The reciprocal matrix of a validated form for the items ``ids`` (the children,
    or with ``compared="alternatives"`` the alternatives; messages name them so).

    ``key`` is the entry's key path in its file (``("judgments", "B2")``); problems and
    entry places are key paths below it. Every problem is reported, not just the first.
    """
    builder = _Builder(ids, key, line_of, compared)
    if isinstance(form, UpperForm):
        matrix = builder.from_upper(form.upper)
    elif isinstance(form, PairsForm):
        matrix = builder.from_pairs(form.pairs)
    elif isinstance(form, MatrixForm):
        matrix = builder.from_rows(form.matrix, (*key, "matrix"))
    else:
        matrix = builder.from_rows(tuple(form), key)
    given: BoolArray | None = None
    if matrix is not None:
        builder.check_scale(matrix, scale_max)
        given = builder.check_gaps(matrix)
    note = None if isinstance(form, tuple | list) else form.note
    ok = matrix is not None and not builder.problems
    if not ok or matrix is None:
        return BuiltMatrix(None, note, builder.entry_locs, builder.problems)
    matrix.setflags(write=False)
    if given is None:
        return BuiltMatrix(matrix, note, builder.entry_locs, builder.problems)
    given.setflags(write=False)
    iu, ju = _upper_indices(builder.n)
    gaps = ~given[iu, ju]
    missing = tuple(
        (builder.ids[i], builder.ids[j])
        for i, j in zip(iu[gaps].tolist(), ju[gaps].tolist(), strict=True)
    )
    return BuiltMatrix(matrix, note, builder.entry_locs, builder.problems, given, missing)


@functools.cache
def _upper_indices(n: int) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Row and column indices of the strict upper triangle, row by row (read-only)."""
    iu, ju = np.triu_indices(n, k=1)
    iu.setflags(write=False)
    ju.setflags(write=False)
    return iu, ju


def _components(given: BoolArray) -> list[list[int]]:
    """The connected groups of the graph whose edges are the pairs given, each in
    declared order, ordered by their first member."""
    n = given.shape[0]
    group = [-1] * n
    out: list[list[int]] = []
    for start in range(n):
        if group[start] >= 0:
            continue
        group[start] = len(out)
        members, todo = [start], [start]
        while todo:
            i = todo.pop()
            for j in np.flatnonzero(given[i]).tolist():
                if group[j] < 0:
                    group[j] = group[start]
                    members.append(j)
                    todo.append(j)
        out.append(sorted(members))
    return out


def _pair_text(a: str, b: str) -> str:
    return f"{a}/{b}"


class _Builder:
    def __init__(
        self,
        ids: Sequence[str],
        key: Loc,
        line_of: Callable[[Loc], int],
        compared: Compared = "children",
    ) -> None:
        self.compared = compared
        self.line_of = line_of
        self.ids = list(ids)
        self.n = len(self.ids)
        self.key = key
        self.entry_locs: dict[tuple[int, int], Loc] = {}
        self.problems: list[tuple[Loc, str]] = []

    def error(self, loc: Loc, message: str) -> None:
        self.problems.append((loc, message))

    def children_text(self) -> str:
        return ", ".join(self.ids)

    @property
    def one(self) -> str:
        """The word for one compared item: ``child`` or ``alternative``."""
        return "alternative" if self.compared == "alternatives" else "child"

    def not_compared_item(self) -> str:
        """``is not a child of B1`` or ``is not an alternative``."""
        if self.compared == "alternatives":
            return "is not an alternative"
        return f"is not a child of {self.key[-1]}"

    def from_rows(self, rows: tuple[tuple[float, ...], ...], at: Loc) -> FloatArray | None:
        n = self.n
        if len(rows) != n:
            kids = self.children_text()
            self.error(
                self.key, f"matrix has {len(rows)} rows, expected {n} (one per {self.one}: {kids})"
            )
            return None
        short = [i for i, row in enumerate(rows) if len(row) != n]
        for i in short:
            self.error(
                (*at, i), f"row {i + 1} ({self.ids[i]}) has {len(rows[i])} values, expected {n}"
            )
        if short:
            return None
        A = np.array(rows, dtype=np.float64).reshape(n, n)
        for i in range(n):
            for j in range(n):
                self.entry_locs[(i, j)] = (*at, i, j)
        for i in np.flatnonzero(~(np.abs(np.diagonal(A) - 1.0) <= _SMALL)).tolist():
            value = float(A[i, i])
            self.error(
                (*at, i, i),
                f"diagonal entry {_pair_text(self.ids[i], self.ids[i])} is "
                f"{'null' if np.isnan(value) else format_judgment(value)}, must be 1",
            )
        self._check_gaps_mirrored(A, at)
        with np.errstate(over="ignore"):  # 1e308 against 2: not reciprocal, said below
            product = A * A.T
        iu, ju = _upper_indices(n)
        off = np.abs(product[iu, ju] - 1.0) > RECIPROCAL_TOLERANCE - _SMALL
        for i, j in zip(iu[off].tolist(), ju[off].tolist(), strict=True):
            self._check_reciprocal(A, i, j, at)
        return A

    def _check_gaps_mirrored(self, A: FloatArray, at: Loc) -> None:
        """A pair not compared is null on both sides of the diagonal."""
        gap = np.isnan(A)
        if not gap.any():
            return
        lone = gap & ~gap.T
        for i, j in zip(*(x.tolist() for x in np.nonzero(lone)), strict=True):
            self.error(
                (*at, i, j),
                f"{_pair_text(self.ids[i], self.ids[j])} is null but "
                f"{_pair_text(self.ids[j], self.ids[i])} = {format_judgment(float(A[j, i]))}; "
                "a pair not compared is null on both sides of the diagonal",
            )

    def _check_reciprocal(self, A: FloatArray, i: int, j: int, at: Loc) -> None:
        """a_ij and a_ji disagree beyond 1%: accept a typed rounded reciprocal, else say why."""
        x, y = float(A[i, j]), float(A[j, i])
        rules = []
        for entry, mirror in ((y, x), (x, y)):
            accepted = rounded_reciprocal(entry, mirror)
            if accepted is not None:
                if f"{entry:.{len(accepted[0].split('.')[-1])}f}" in accepted:
                    return
                rules.append((entry, mirror, accepted))
        if not rules and abs(x * y - 1.0) <= RECIPROCAL_TOLERANCE + _SMALL:
            return
        head = (
            f"not reciprocal: {_pair_text(self.ids[i], self.ids[j])} = {format_judgment(x)} but "
            f"{_pair_text(self.ids[j], self.ids[i])} = {format_judgment(y)} "
            f"(expected {format_judgment(1 / x)})"
        )
        if rules:
            entry, mirror, (rounded, truncated) = rules[0]
            forms = rounded if rounded == truncated else f"{rounded} (rounded) or {truncated}"
            places = len(rounded.split(".")[-1])
            why = (
                f"; {entry!r} has {places} decimals, so it is compared with "
                f"1/{format_judgment(mirror)} to {places} decimals: {forms}"
            )
        else:
            why = "; compared within 1% because neither entry has two or more decimals"
        self.error((*at, j, i), head + why)

    def from_upper(self, values: tuple[float, ...]) -> FloatArray | None:
        n = self.n
        expected = n * (n - 1) // 2
        if len(values) != expected:
            order = ", ".join(
                _pair_text(self.ids[i], self.ids[j]) for i in range(n) for j in range(i + 1, n)
            )
            self.error(
                self.key,
                f"upper triangle has {len(values)} values, expected {expected} for {n} "
                f"{self.compared} "
                f"(row by row: {order})",
            )
            return None
        A = np.ones((n, n), dtype=np.float64)
        iu, ju = _upper_indices(n)
        upper = np.asarray(values, dtype=np.float64)
        A[iu, ju] = upper
        with np.errstate(over="ignore"):  # 5e-324 and the like: out of scale, said later
            A[ju, iu] = 1.0 / upper
        for k, (i, j) in enumerate(zip(iu.tolist(), ju.tolist(), strict=True)):
            self.entry_locs[(i, j)] = (*self.key, "upper", k)
        return A

    def from_pairs(self, pairs: tuple[tuple[str, str, float], ...]) -> FloatArray | None:
        n = self.n
        index = {cid: i for i, cid in enumerate(self.ids)}
        A = np.full((n, n), np.nan)
        np.fill_diagonal(A, 1.0)
        seen: dict[tuple[int, int], tuple[float, Loc]] = {}
        ok = placed = True
        for k, (a, b, value) in enumerate(pairs):
            loc = (*self.key, "pairs", k)
            unknown = [x for x in (a, b) if x not in index]
            if unknown:
                self.error(
                    loc,
                    f"pair {_pair_text(a, b)}: {', '.join(repr(u) for u in unknown)} "
                    f"{self.not_compared_item()} ({self.compared}: {self.children_text()})",
                )
                ok = placed = False
                continue
            i, j = index[a], index[b]
            if i == j:
                self.error(loc, f"pair {_pair_text(a, b)} compares a node with itself")
                ok = placed = False
                continue
            canon = (min(i, j), max(i, j))
            oriented = value if i < j else 1.0 / value
            if canon in seen:
                first_value, first_loc = seen[canon]
                self.error(
                    loc,
                    f"pair {_pair_text(self.ids[canon[0]], self.ids[canon[1]])} given twice "
                    f"({format_judgment(first_value)} on line {self.line_of(first_loc)} and "
                    f"{format_judgment(oriented)})",
                )
                ok = False
                continue
            seen[canon] = (oriented, loc)
            A[canon] = oriented
            A[canon[1], canon[0]] = 1.0 / oriented
            self.entry_locs[canon] = loc
        if not ok and placed:  # duplicates only: the pairs placed still show the gaps
            self.check_gaps(A)
        return A if ok else None

    def check_gaps(self, A: FloatArray) -> BoolArray | None:
        """The mask of the entries given, None when all are; says when the comparisons
        given leave some children apart (then no weights are unique)."""
        gap = np.isnan(A)
        if not gap.any():
            return None
        given = ~(gap | gap.T)
        groups = _components(given)
        if len(groups) > 1:
            named = ["{" + ", ".join(self.ids[i] for i in g) + "}" for g in groups]
            listed = ", ".join(named[:-1]) + " and " + named[-1]
            if len(groups) == 2:
                what = "are never compared; add a pair between the groups"
            else:
                what = "are never compared with each other; add pairs between the groups"
            self.error(
                self.key,
                f"the comparisons given do not connect all {self.compared}: {listed} {what}",
            )
        return given

    def check_scale(self, A: FloatArray, scale_max: float) -> None:
        """Every judgment outside 1/scale_max..scale_max, one message per pair.

        A pair is judged by its larger entry, so a typed 0.11 standing for 1/9 passes.
        """
        top = scale_max * (1 + RECIPROCAL_TOLERANCE)
        iu, ju = _upper_indices(self.n)
        upper, lower = A[iu, ju], A[ju, iu]
        larger = np.maximum(upper, lower)
        for k in np.flatnonzero(larger > top).tolist():
            i, j = int(iu[k]), int(ju[k])
            if (j, i) in self.entry_locs and A[j, i] >= A[i, j]:
                typed_i, typed_j = j, i  # a full matrix: name the larger entry as typed
            else:
                typed_i, typed_j = i, j
            v = float(A[typed_i, typed_j])
            self.error(
                self.entry_locs.get((typed_i, typed_j), self.key),
                f"{_pair_text(self.ids[typed_i], self.ids[typed_j])} = {format_judgment(v)} "
                f"is outside the scale 1/{scale_max:g}..{scale_max:g} "
                "(settings.scale_max allows more)",
            )
