"""Statistics of many groups at once equal each group's own, on generated answers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ahp_eval.survey import group_stats
from ahp_eval.survey.group_moments import GroupMoments, group_moments, triangle
from ahp_eval.survey.group_stats import GroupStats, StatsBuilder
from ahp_eval.survey.moments import Moments, StatPlan, moments_of


class Case:
    """Answers (floats with NaN for none), expectations or None, each row's group."""

    def __init__(
        self,
        answers: np.ndarray,
        expectation: np.ndarray | None,
        group: np.ndarray,
        groups: int,
        plan: StatPlan,
    ) -> None:
        self.answers = answers
        self.expectation = expectation
        self.group = group
        self.groups = groups
        self.plan = plan

    def own(self, g: int, *, whole: bool = False) -> Moments:
        """Group g's moments from its own rows."""
        rows = self.group == g
        e = None if self.expectation is None else self.expectation[rows]
        return moments_of(self.answers[rows], e, self.plan, whole=whole)

    def coded(self) -> np.ndarray:
        """The answers as a reader that parsed digits gives them: -1 for none."""
        return np.where(np.isnan(self.answers), -1, self.answers).astype(np.int16)


@st.composite
def cases(draw: st.DrawFn, *, max_rows: int = 60) -> Case:
    """Answers 1-5 with missing cells (from none to most, rows of nothing included),
    rows in random groups (some groups empty), item groups of every shape: all
    indicators in order, a subset in any order, one indicator."""
    k = draw(st.integers(1, 6))
    n = draw(st.integers(0, max_rows))
    groups = draw(st.integers(1, 7))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    answers = rng.integers(1, 6, size=(n, k)).astype(np.float64)
    answers[rng.random((n, k)) < draw(st.sampled_from([0.0, 0.01, 0.1, 0.5, 0.9]))] = np.nan
    group = rng.integers(0, groups, size=n)
    expectation = None
    if draw(st.booleans()):
        expectation = rng.integers(1, 6, size=(n, k)).astype(np.float64)
        expectation[rng.random((n, k)) < 0.3] = np.nan
    alpha: dict[str, tuple[int, ...]] = {}
    if draw(st.booleans()):
        alpha["overall"] = tuple(range(k))
    subset = draw(st.permutations(range(k)))[: draw(st.integers(1, k))]
    alpha["some"] = tuple(subset)
    alpha["one"] = (draw(st.integers(0, k - 1)),)
    plan = StatPlan.for_scale(alpha, 1, 5)
    if draw(st.booleans()):
        plan = StatPlan(alpha, None, plan.largest)
    return Case(answers, expectation, group, groups, plan)


def assert_equal(a: Moments, b: Moments, *, exact: bool = True) -> None:
    """Two groups' moments are equal (to the last bit, or to rounding)."""

    def same(x: np.ndarray | None, y: np.ndarray | None) -> None:
        assert (x is None) == (y is None)
        if x is not None and y is not None:
            if exact:
                np.testing.assert_array_equal(x, y)
            else:
                np.testing.assert_allclose(x, y, rtol=1e-12, atol=1e-9)

    assert a.n == b.n
    for field in ("pair_count", "pair_sum", "pair_product"):
        same(getattr(a, field), getattr(b, field))
    for field in ("value_counts", "expectation_count", "expectation_sum"):
        same(getattr(a, field), getattr(b, field))
    assert list(a.complete) == list(b.complete)
    for key, c in a.complete.items():
        assert c.n == b.complete[key].n
        same(c.sums, b.complete[key].sums)
        same(c.products, b.complete[key].products)


@given(cases())
@settings(max_examples=150)
def test_group_moments_equal_each_groups_own(case: Case) -> None:
    """Every group's stacked moments equal moments_of over its rows, to the last bit."""
    stacked = group_moments(case.answers, case.expectation, case.plan, case.group, case.groups)
    assert stacked.size == case.groups
    for g in range(case.groups):
        assert_equal(stacked.at(g), case.own(g))


@given(cases())
@settings(max_examples=75)
def test_digits_as_integers_give_the_same_moments(case: Case) -> None:
    """Answers parsed as small integers (-1 for none) give the moments of the floats."""
    stacked = group_moments(case.coded(), None, case.plan, case.group, case.groups)
    for g in range(case.groups):
        rows = case.group == g
        assert_equal(stacked.at(g), moments_of(case.answers[rows], None, case.plan))


@given(cases(), st.integers(0, 2**32 - 1))
@settings(max_examples=75)
def test_fractional_answers_agree_to_rounding(case: Case, seed: int) -> None:
    """Answers averaged over several questions agree with moments_of to rounding."""
    rng = np.random.default_rng(seed)
    case.answers = case.answers + rng.integers(0, 3, size=case.answers.shape) / 3
    stacked = group_moments(case.answers, case.expectation, case.plan, case.group, case.groups)
    for g in range(case.groups):
        assert_equal(stacked.at(g), case.own(g), exact=False)


@given(cases(max_rows=200), st.integers(0, 2**32 - 1), st.booleans())
@settings(max_examples=100)
def test_builder_adds_blocks_up(case: Case, seed: int, coded: bool) -> None:
    """Blocks of rows added to a builder (groups met in any order, digits and floats
    mixed, waiting rows gathered at the end) give each group's moments of all its rows."""
    rng = np.random.default_rng(seed)
    k, expecting = case.answers.shape[1], case.expectation is not None
    builder = StatsBuilder(k, case.plan, expectation=expecting)
    cuts = np.sort(rng.integers(0, len(case.group) + 1, size=rng.integers(0, 5)))
    for part in np.split(np.arange(len(case.group)), cuts):
        values = case.coded()[part] if coded and rng.random() < 0.5 else case.answers[part]
        e = None if case.expectation is None else case.expectation[part]
        builder.add_rows(values, e, case.group[part], whole=True)
    stats = builder.result()
    met = int(case.group.max()) + 1 if len(case.group) else 0
    assert stats.size == met
    for g in range(met):
        assert_equal(stats.at(g), case.own(g, whole=True))


@pytest.mark.parametrize("first", [1, 3, 16])
def test_builder_keeps_groups_in_chunks(monkeypatch: pytest.MonkeyPatch, first: int) -> None:
    """More groups than a chunk holds: every group lands in its place, across chunks
    (the last growing as groups come), and across the rows waiting to be gathered."""
    monkeypatch.setattr(group_stats, "CHUNK_GROUPS", 4)
    monkeypatch.setattr(group_stats, "FIRST_GROUPS", first)
    monkeypatch.setattr(group_stats, "PENDING_BYTES", 64)
    rng = np.random.default_rng(5)
    plan = StatPlan.for_scale({"overall": (0, 1, 2), "b": (2, 0)}, 1, 5)
    answers = rng.integers(1, 6, size=(500, 3)).astype(np.float64)
    answers[rng.random(answers.shape) < 0.1] = np.nan
    group = rng.integers(0, 23, size=500)
    builder = StatsBuilder(3, plan, expectation=False)
    for part in np.array_split(np.arange(500), 9):
        builder.add_rows(answers[part], None, group[part], whole=True)
    stats = builder.result()
    assert [c.size for c in stats.chunks] == [4, 4, 4, 4, 4, 3]
    for g in range(23):
        assert_equal(stats.at(g), moments_of(answers[group == g], None, plan))


def test_builder_merges_repeated_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    """Statistics added under given group numbers, some twice, add up; the first ones
    taken over keep their values."""
    monkeypatch.setattr(group_stats, "CHUNK_GROUPS", 3)
    rng = np.random.default_rng(8)
    plan = StatPlan.for_scale({"overall": (0, 1)}, 1, 5)
    answers = rng.integers(1, 6, size=(80, 2)).astype(np.float64)
    group = rng.integers(0, 7, size=80)
    half = StatsBuilder(2, plan, expectation=False)
    half.add_rows(answers[:40], None, group[:40])
    first = half.result()
    rest = StatsBuilder(2, plan, expectation=False)
    rest.add_rows(answers[40:], None, group[40:])
    second = rest.result()
    merged = StatsBuilder(2, plan, expectation=False)
    merged.add(np.arange(first.size), first, reuse=True)
    index = np.array([6, 0, 2, 2, 1, 6, 3][: second.size])  # groups 2 and 6 twice
    merged.add(index, second)
    stats = merged.result()
    expected = {g: moments_of(answers[:40][group[:40] == g], None, plan) for g in range(7)}
    for g in range(second.size):
        rows = answers[40:][group[40:] == g]
        expected[int(index[g])] = expected[int(index[g])] + moments_of(rows, None, plan)
    for g in range(stats.size):
        assert_equal(stats.at(g), expected[g])


@given(cases())
@settings(max_examples=50)
def test_stacking_keeps_each_groups_moments(case: Case) -> None:
    """Moments stacked (triangles packed) and taken apart again are unchanged."""
    own = [case.own(g) for g in range(case.groups)]
    stats = GroupStats.of(own)
    for g in range(case.groups):
        assert_equal(stats.at(g), own[g])
        assert_equal(GroupMoments.stack(own).at(g), own[g])


def test_triangle_packs_a_symmetric_matrix() -> None:
    """The packed upper triangle, unpacked, is the matrix; the diagonal is where it says."""
    a = np.arange(16.0).reshape(4, 4)
    a = a + a.T
    t = triangle(4)
    packed = a[t.rows, t.cols]
    assert len(packed) == 10
    np.testing.assert_array_equal(packed[t.position], a)
    np.testing.assert_array_equal(packed[t.diagonal], np.diagonal(a))


def test_no_groups_and_no_rows() -> None:
    """A builder given nothing has no groups; zero groups stack to nothing."""
    plan = StatPlan({"overall": (0,)}, None)
    stats = StatsBuilder(1, plan, expectation=False).result()
    assert stats.size == 0
    assert stats.n.shape == (0,)
    assert stats.answered.shape[0] == 0
    empty = group_moments(np.zeros((0, 2)), None, plan, np.zeros(0, dtype=int), 3)
    assert list(empty.n) == [0, 0, 0]
    none = empty.at(1).complete["overall"]
    assert none.n == 0
    np.testing.assert_array_equal(none.products, np.zeros((1, 1)))


def test_single_precision_turns_double_where_it_would_not_be_exact(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Whole answers are kept in single precision while exact: a chunk whose group
    grows past 2**24 / 1000**2 respondents (a 0-1000 scale), or that meets fractional
    answers, turns double; every group's moments stay those of its rows."""
    monkeypatch.setattr(group_stats, "CHUNK_GROUPS", 2)
    rng = np.random.default_rng(9)
    plan = StatPlan.for_scale({"overall": (0, 1, 2)}, 0, 1000)
    answers = rng.integers(0, 1001, size=(60, 3)).astype(np.float64)
    group = np.repeat([0, 1, 2, 3, 4], [5, 30, 5, 5, 15])  # group 1 passes 16 respondents
    builder = StatsBuilder(3, plan, expectation=False)
    assert builder.dtype is np.float32
    builder.add_rows(answers, None, group, whole=True)
    stats = builder.result()
    assert [c.pair_sum.dtype.name for c in stats.chunks] == ["float64", "float32", "float32"]
    for g in range(5):
        assert_equal(stats.at(g), moments_of(answers[group == g], None, plan, whole=True))
    fractional = answers[:10] + 0.5
    builder.add_rows(fractional, None, np.full(10, 6), whole=False)
    stats = builder.result()
    assert stats.chunks[3].pair_sum.dtype.name == "float64"
    assert builder.dtype is np.float64
    assert_equal(stats.at(6), moments_of(fractional, None, plan))
    merged = StatsBuilder(3, plan, expectation=False)
    merged.add(np.array([3, 2, 1, 0, 4, 5, 6]), stats)  # into single precision chunks
    again = merged.result()
    for g, h in enumerate([3, 2, 1, 0, 4, 5, 6]):
        assert_equal(again.at(h), stats.at(g))
    dtypes = [c.pair_sum.dtype.name for c in again.chunks]
    assert dtypes[:2] == ["float32", "float64"]  # the second took the double group in
