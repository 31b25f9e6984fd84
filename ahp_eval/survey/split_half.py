"""Split-half reliability of a block of items, as SPSS prints it.

The k items are split in two parts in file order: the first ceil(k/2) items and the
rest (SPSS's default), or the odd and the even items. With s1^2, s2^2 the variances of
the part sums, c their covariance and sT^2 = s1^2 + s2^2 + 2c the total's:

* r = c / (s1 s2), the correlation between the parts;
* Spearman-Brown (equal length) 2r / (1 + r) (Spearman 1910, Brown 1910);
* Spearman-Brown for unequal lengths (Horst 1951): [sqrt(r^4 + 4 r^2 t) - r^2] / (2t),
  t = (1 - r^2) k1 k2 / k^2; 1 for r = 1, undefined for r <= 0;
* Guttman's split-half 2 [1 - (s1^2 + s2^2) / sT^2] (Guttman 1945);
* each part's Cronbach's alpha and item count.
"""

from __future__ import annotations

import math
from typing import Literal, NamedTuple, get_args

import numpy as np

from ahp_eval.model.vocabulary import FloatArray
from ahp_eval.survey.item_analysis import alpha_from_cov

__all__ = ["SPLITS", "Split", "SplitHalf", "split_half", "split_parts"]

Split = Literal["first-half", "odd-even"]
SPLITS: tuple[Split, ...] = get_args(Split)


class SplitHalf(NamedTuple):
    """The split-half coefficients of a block (None where undefined)."""

    r: float | None
    spearman_brown: float | None
    spearman_brown_unequal: float | None
    guttman: float | None
    n: int
    part_alpha: tuple[float | None, float | None]
    part_k: tuple[int, int]
    part_items: tuple[tuple[str, ...], tuple[str, ...]]


def split_parts(k: int, split: Split) -> tuple[np.ndarray[tuple[int], np.dtype[np.intp]], ...]:
    """The item positions of part 1 and part 2."""
    everything = np.arange(k, dtype=np.intp)
    if split == "odd-even":
        return everything[0::2], everything[1::2]
    first = math.ceil(k / 2)
    return everything[:first], everything[first:]


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def split_half(ids: tuple[str, ...], cov: FloatArray, n: int, split: Split) -> SplitHalf | None:
    """The split-half coefficients of the items of ``cov`` (None with fewer than 2 items)."""
    k = len(ids)
    if k < 2:
        return None
    one, two = split_parts(k, split)
    parts = (tuple(ids[i] for i in one), tuple(ids[i] for i in two))
    ks = (len(one), len(two))
    if n < 2 or not np.all(np.isfinite(cov)):
        return SplitHalf(None, None, None, None, n, (None, None), ks, parts)
    s1 = float(cov[np.ix_(one, one)].sum())
    s2 = float(cov[np.ix_(two, two)].sum())
    c = float(cov[np.ix_(one, two)].sum())
    total = s1 + s2 + 2 * c
    alphas = (alpha_from_cov(cov[np.ix_(one, one)]), alpha_from_cov(cov[np.ix_(two, two)]))
    r = sb = unequal = None
    if s1 > 0 and s2 > 0:
        r = max(-1.0, min(1.0, c / math.sqrt(s1 * s2)))
        sb = _finite(2 * r / (1 + r)) if r > -1 else None
        if r >= 1:
            unequal = 1.0
        elif r > 0:
            t = (1 - r * r) * ks[0] * ks[1] / (k * k)
            unequal = (math.sqrt(r**4 + 4 * r * r * t) - r * r) / (2 * t)
    guttman = 2 * (1 - (s1 + s2) / total) if total > 0 else None
    return SplitHalf(r, sb, unequal, guttman, n, alphas, ks, parts)
