"""Reliability and validity statistics: hand-computed values, and agreement with
independent implementations (pingouin's alpha, factor_analyzer's KMO, Bartlett and
varimax) run in the test."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from ahp_eval.model.vocabulary import FloatArray
from ahp_eval.survey.covariance import ItemMatrix, from_complete, from_pairs, pair_moments_of
from ahp_eval.survey.factors import components
from ahp_eval.survey.item_analysis import alpha_analysis
from ahp_eval.survey.kmo import bartlett, definite, kaiser_label, kmo
from ahp_eval.survey.moments import StatPlan, moments_of
from ahp_eval.survey.questionnaire import ItemSet
from ahp_eval.survey.reliability_run import answers_reliability
from ahp_eval.survey.split_half import split_half

X = np.array([[1, 2, 2], [2, 2, 3], [3, 4, 3], [4, 3, 5], [5, 5, 4]], dtype=float)
"""Five respondents, three items. By hand: variances 2.5, 1.7, 1.3; covariances
c12 = 1.75, c13 = 1.5, c23 = 0.65; the total's variance 13.3."""


def matrix(x: FloatArray) -> ItemMatrix:
    c = moments_of(x, None, StatPlan({"all": tuple(range(x.shape[1]))}, None)).complete["all"]
    return from_complete(c)


def test_hand_computed_alpha_and_item_analysis() -> None:
    """alpha = 3/2 (1 - 5.5/13.3) = 117/133; item 1 against items 2+3 by hand."""
    m = matrix(X)
    a = alpha_analysis(("a", "b", "c"), m.cov, m.corr, m.n)
    assert a.alpha == pytest.approx(117 / 133, abs=1e-12)
    # item 1 against the rest: cov 1.75 + 1.5, rest variance 1.7 + 1.3 + 2 * 0.65
    assert a.items[0].item_total_r == pytest.approx(3.25 / math.sqrt(2.5 * 4.3), abs=1e-12)
    # alpha without item 1: 2 * (1 - 3.0/4.3)
    assert a.items[0].alpha_if_deleted == pytest.approx(2 * (1 - 3.0 / 4.3), abs=1e-12)
    r = [1.75 / math.sqrt(2.5 * 1.7), 1.5 / math.sqrt(2.5 * 1.3), 0.65 / math.sqrt(1.7 * 1.3)]
    rbar = sum(r) / 3
    assert a.standardized == pytest.approx(3 * rbar / (1 + 2 * rbar), abs=1e-12)


def test_hand_computed_split_half() -> None:
    """Parts (1, 2) and (3): variances 7.7 and 1.3, covariance 2.15, total 13.3."""
    m = matrix(X)
    s = split_half(("a", "b", "c"), m.cov, m.n, "first-half")
    assert s is not None
    r = 2.15 / math.sqrt(7.7 * 1.3)
    t = (1 - r * r) * 2 * 1 / 9
    assert s.r == pytest.approx(r, abs=1e-12)
    assert s.spearman_brown == pytest.approx(2 * r / (1 + r), abs=1e-12)
    assert s.spearman_brown_unequal == pytest.approx(
        (math.sqrt(r**4 + 4 * r * r * t) - r * r) / (2 * t), abs=1e-12
    )
    assert s.guttman == pytest.approx(86 / 133, abs=1e-12)
    assert s.part_k == (2, 1)
    assert s.part_alpha[0] == pytest.approx(2 * (1 - 4.2 / 7.7), abs=1e-12)
    assert s.part_alpha[1] is None
    odd = split_half(("a", "b", "c"), m.cov, m.n, "odd-even")
    assert odd is not None
    assert odd.part_items == (("a", "c"), ("b",))


def test_unequal_length_equals_spearman_brown_for_equal_parts() -> None:
    """Horst's coefficient reduces to Spearman-Brown when the parts are equal."""
    rng = np.random.default_rng(3)
    x = np.round(rng.normal(3, 1, (50, 1)) + rng.normal(0, 1, (50, 6)))
    m = matrix(x)
    s = split_half(tuple("abcdef"), m.cov, m.n, "first-half")
    assert s is not None
    assert s.spearman_brown_unequal == pytest.approx(s.spearman_brown, abs=1e-12)


def test_hand_computed_kmo_by_partial_correlations() -> None:
    """KMO of three items from the first-order partial correlations r_ij.k."""
    m = matrix(X)
    r12, r13, r23 = m.corr[0, 1], m.corr[0, 2], m.corr[1, 2]

    def partial(rab: float, rac: float, rbc: float) -> float:
        return (rab - rac * rbc) / math.sqrt((1 - rac**2) * (1 - rbc**2))

    q12, q13, q23 = partial(r12, r13, r23), partial(r13, r12, r23), partial(r23, r12, r13)
    r2 = r12**2 + r13**2 + r23**2
    q2 = q12**2 + q13**2 + q23**2
    k = kmo(m.corr)
    assert k.overall == pytest.approx(r2 / (r2 + q2), abs=1e-12)
    assert k.items[0] == pytest.approx(
        (r12**2 + r13**2) / (r12**2 + r13**2 + q12**2 + q13**2), abs=1e-12
    )
    det = np.linalg.det(m.corr)
    b = bartlett(m.corr, 5)
    assert b.chi2 == pytest.approx(-(5 - 1 - 11 / 6) * math.log(det), abs=1e-12)
    assert b.df == 3


def test_kaiser_labels() -> None:
    """Kaiser's words at each bound."""
    got = [kaiser_label(v) for v in (0.95, 0.9, 0.85, 0.7, 0.65, 0.5, 0.49)]
    assert got == [
        "marvelous",
        "marvelous",
        "meritorious",
        "middling",
        "mediocre",
        "miserable",
        "unacceptable",
    ]


def sample(n: int = 300, seed: int = 1) -> FloatArray:
    rng = np.random.default_rng(seed)
    f = rng.normal(size=(n, 2))
    load = np.zeros((2, 8))
    load[0, :4] = rng.uniform(0.6, 1, 4)
    load[1, 4:] = rng.uniform(0.6, 1, 4)
    return np.asarray(np.round(3 + f @ load + rng.normal(size=(n, 8)) * 0.7).clip(1, 5))


def test_agrees_with_pingouin_and_factor_analyzer() -> None:
    """alpha (pingouin), KMO and Bartlett (factor_analyzer) to 1e-9."""
    pd = pytest.importorskip("pandas")
    pg = pytest.importorskip("pingouin")
    fa = pytest.importorskip("factor_analyzer.factor_analyzer")
    x = sample()
    m = matrix(x)
    frame = pd.DataFrame(x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        alpha_pg = pg.cronbach_alpha(frame)[0]
        msa, overall = fa.calculate_kmo(frame)
        chi2, p = fa.calculate_bartlett_sphericity(frame)
    a = alpha_analysis(tuple("abcdefgh"), m.cov, m.corr, m.n)
    assert a.alpha == pytest.approx(alpha_pg, abs=1e-9)
    k = kmo(m.corr)
    assert k.overall == pytest.approx(overall, abs=1e-9)
    assert np.allclose(k.items, msa, atol=1e-9)
    b = bartlett(m.corr, m.n)
    assert b.chi2 == pytest.approx(chi2, rel=1e-9)
    assert b.p == pytest.approx(p, rel=1e-6, abs=1e-300)


def test_varimax_agrees_with_factor_analyzer_after_order_and_sign() -> None:
    """Rotated loadings equal factor_analyzer's varimax (Kaiser normalization) once its
    factors are put in our order and sign."""
    rot = pytest.importorskip("factor_analyzer.rotator")
    x = sample(seed=5)
    m = matrix(x)
    ours = components(m.corr, 2)
    values, vectors = np.linalg.eigh(m.corr)
    order = np.argsort(-values)
    raw = vectors[:, order[:2]] * np.sqrt(values[order[:2]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = rot.Rotator(method="varimax", normalize=True, max_iter=10_000, tol=1e-14)
        theirs_l = theirs.fit_transform(raw)
    by_variance = np.argsort(-(theirs_l**2).sum(axis=0))
    theirs_l = theirs_l[:, by_variance]
    sign = np.sign(theirs_l[np.argmax(np.abs(theirs_l), axis=0), range(2)])
    # both rotations stop on a small change of the criterion, which is flat at its
    # maximum: the angle, and so the loadings, are known to about its square root
    assert np.allclose(ours.loadings, theirs_l * sign, atol=1e-5)
    assert ours.loadings[:4, 0].min() > 0.5 or ours.loadings[4:, 0].min() > 0.5
    assert sum(ours.eigenvalues) == pytest.approx(8)
    assert ours.cumulative_pct[-1] == pytest.approx(100)


def test_singular_and_pairwise() -> None:
    """As many items as rows: R singular, said so; pairwise correlations are Pearson's
    over each pair's common rows (equal to pandas' pairwise corr)."""
    m = matrix(X[:3])
    assert (
        definite(m.corr, 3) == "R is singular: 3 rows for 3 items (more rows than items are needed)"
    )
    pd = pytest.importorskip("pandas")
    x = sample(60)
    x[::7, 2] = np.nan
    x[::5, 4] = np.nan
    pm = from_pairs(pair_moments_of(x[:30]) + pair_moments_of(x[30:]))
    assert np.allclose(pm.corr, pd.DataFrame(x).corr().to_numpy(), atol=1e-12)
    assert pm.n == int((~np.isnan(x[:, 2]) & ~np.isnan(x[:, 4])).sum())


def test_report_of_answers_names_constant_items_and_agreement() -> None:
    """A constant item is left out of KMO and named; items agree with their criterion."""
    x = sample()
    x = np.column_stack([x, np.full(len(x), 3.0)])
    items = ItemSet(
        tuple(f"Q{i}" for i in range(9)),
        {"overall": tuple(range(9)), "A": (0, 1, 2, 3), "B": (4, 5, 6, 7, 8)},
        ("A",) * 4 + ("B",) * 5,
        "questions",
    )
    result = answers_reliability(items, [("all", x)], grouped=False)
    v = result.pooled.validity
    assert v.constant == ("Q8",)
    assert v.kmo is not None
    assert len(v.kmo.items) == 8
    assert v.factors is not None
    assert v.factors.retained == 2
    assert set(v.criterion_factor.values()) == {0, 1}
    assert all(
        v.criterion_factor[items.criterion[items.ids.index(i)]] == f
        for i, f in zip(v.items, v.factor_of_item, strict=True)
    )
