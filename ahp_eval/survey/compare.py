"""Do two sites really differ? Pairwise comparisons of groups' composite scores.

For a pair (a, b), a ranked above b: the difference d of composites, its standard error
se = sqrt(Var_a + Var_b) from the same covariance as each composite's normal interval
(the groups are independent samples), the unadjusted 95% interval d -+ 1.96 se, and the
two-sided p = 2 Phi(-|d|/se). With a bootstrap, each group resampled on its own, the
differences d* of paired resamples give the percentile interval and
p = min(1, 2 min(#{d* <= 0}, #{d* >= 0}) / B). The p-values of the pairs compared are
adjusted by Holm's step-down method (Holm 1979, Scand. J. Statist. 6: 65-70);
``distinct`` is p_adjusted < 0.05. A group with fewer than two respondents (one team's
marks) is compared with none.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal, NamedTuple

from ahp_eval.ahp.matrix import FloatArray
from ahp_eval.errors import OptionError
from ahp_eval.survey.reliability import Z_95, percentile_interval

__all__ = [
    "ALPHA_DISTINCT",
    "COMPARE_ALL_MAX",
    "CompareMode",
    "Comparison",
    "comparisons",
    "holm",
]

CompareMode = Literal["adjacent", "all"]
COMPARE_ALL_MAX = 50
"""``--compare all`` compares every pair of at most this many groups."""
ALPHA_DISTINCT = 0.05
"""Two groups are distinct when the Holm-adjusted p is below this."""


class Comparison(NamedTuple):
    """Group ``a`` (ranked higher) against group ``b``."""

    a: str
    b: str
    difference: float
    """composite_a - composite_b."""
    se: float
    low: float
    high: float
    """The unadjusted 95% interval of the difference."""
    p: float
    p_adjusted: float
    """Holm-adjusted over the pairs compared."""
    distinct: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "difference": self.difference,
            "low": self.low,
            "high": self.high,
            "p": self.p,
            "p_adjusted": self.p_adjusted,
            "distinct": self.distinct,
        }


def holm(p: Sequence[float]) -> list[float]:
    """Holm's step-down adjusted p-values, in the order given: sorted ascending,
    p_(i) becomes max over j <= i of min(1, (m - j + 1) p_(j))."""
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    adjusted = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        adjusted[i] = running
    return adjusted


def _normal_p(d: float, se: float) -> float:
    from scipy.special import ndtr

    if se == 0.0:
        return 1.0 if d == 0.0 else 0.0
    return float(2.0 * ndtr(-abs(d) / se))


def _bootstrap_p(da: FloatArray, db: FloatArray) -> tuple[float, float, float]:
    """p and the percentile interval of the differences of paired resamples."""
    b = min(len(da), len(db))
    diff = da[:b] - db[:b]
    below, above = int((diff <= 0).sum()), int((diff >= 0).sum())
    lo, hi = percentile_interval(diff)
    return min(1.0, 2.0 * min(below, above) / b), lo, hi


def comparisons(
    names: Sequence[str],
    composite: FloatArray,
    variance: FloatArray,
    n: Sequence[int],
    ranking: Sequence[int],
    *,
    mode: CompareMode,
    samples: Mapping[int, FloatArray] | None = None,
) -> tuple[Comparison, ...]:
    """The pairs of ``mode`` (``adjacent``: each group and the next in ``ranking``;
    ``all``: every pair, at most :data:`COMPARE_ALL_MAX` groups), with Holm-adjusted p.
    ``variance`` is each composite's sampling variance (0-100 scale); ``samples`` the
    bootstrap composites of each group (by index), if bootstrapped."""
    if mode == "all" and len(names) > COMPARE_ALL_MAX:
        msg = (
            f"all compares every pair of at most {COMPARE_ALL_MAX} groups, and there are "
            f"{len(names)}; use --compare adjacent"
        )
        raise OptionError("--compare", msg)
    if mode == "adjacent":
        pairs = list(itertools.pairwise(ranking))
    else:
        pairs = [(a, b) for k, a in enumerate(ranking) for b in ranking[k + 1 :]]
    found: list[tuple[int, int, float, float, float, float, float]] = []
    for a, b in pairs:
        if n[a] < 2 or n[b] < 2:
            continue
        d = float(composite[a] - composite[b])
        se = math.sqrt(float(variance[a]) + float(variance[b]))
        if not (math.isfinite(d) and math.isfinite(se)):
            continue
        if samples is not None and a in samples and b in samples:
            p, lo, hi = _bootstrap_p(samples[a], samples[b])
        else:
            p, lo, hi = _normal_p(d, se), d - Z_95 * se, d + Z_95 * se
        found.append((a, b, d, se, lo, hi, p))
    adjusted = holm([f[6] for f in found])
    return tuple(
        Comparison(
            a=names[a],
            b=names[b],
            difference=d,
            se=se,
            low=lo,
            high=hi,
            p=p,
            p_adjusted=q,
            distinct=q < ALPHA_DISTINCT,
        )
        for (a, b, d, se, lo, hi, p), q in zip(found, adjusted, strict=True)
    )
