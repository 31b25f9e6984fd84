"""Objective and combined weights beside AHP: the entropy weight method over the leaves.

x_ij is respondent i's value for leaf j (questions averaged as in scoring, on the raw
scale, no min-max step), pooled over every group so one weight set serves them all;
m_j the number of respondents with a value for leaf j (at least 2);
p_ij = x_ij / sum_i x_ij; e_j = -(1 / ln m_j) sum_i p_ij ln p_ij (0 ln 0 = 0); the
entropy weight ew_j = (1 - e_j) / sum_l (1 - e_l). From the streamed sums S_j = sum x_ij
and T_j = sum x_ij ln x_ij: sum_i p_ij ln p_ij = T_j / S_j - ln S_j.

``combined``: the multiplicative rule a_j ew_j / sum_l a_l ew_l (a the AHP global leaf
weights); ``linear:A``: A a_j + (1 - A) ew_j (A the AHP share). References: Shannon
(1948); the entropy weight method as in Zou, Yun & Sun (2006), J. Environ. Sci. 18(5):
1020-1023; the multiplicative and linear combinations as in the literature on combined
subjective-objective weights (e.g. Ma, Fan & Huang 1999, Eur. J. Oper. Res. 112: 397-404).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal, NamedTuple

import numpy as np

from ahp_eval.ahp.matrix import FloatArray
from ahp_eval.errors import InputError, OptionError

__all__ = ["WeightChoice", "combined_weights", "entropy_weights", "weight_choice"]

WeightKind = Literal["ahp", "entropy", "combined", "linear"]


class WeightChoice(NamedTuple):
    """How the composite is weighted: ``kind``, and for ``linear`` the AHP share."""

    kind: WeightKind
    share: float | None = None

    @property
    def label(self) -> str:
        return f"linear:{self.share:g}" if self.kind == "linear" else self.kind

    @property
    def needs_entropy(self) -> bool:
        return self.kind != "ahp"


def weight_choice(text: str) -> WeightChoice:
    """``--weights`` parsed: ``ahp``, ``entropy``, ``combined`` or ``linear:A``, 0 <= A <= 1."""
    value = text.strip()
    if value in {"ahp", "entropy", "combined"}:
        return WeightChoice(value)  # type: ignore[arg-type]  # one of the literals
    if value.startswith("linear:"):
        try:
            share = float(value.removeprefix("linear:"))
        except ValueError:
            share = math.nan
        if 0.0 <= share <= 1.0:
            return WeightChoice("linear", share)
        msg = f"{value!r}: the AHP share after linear: is a number from 0 to 1, e.g. linear:0.5"
        raise OptionError("--weights", msg)
    msg = f"unknown value {value!r}; choose ahp, entropy, combined or linear:A (0 <= A <= 1)"
    raise OptionError("--weights", msg)


def entropy_weights(
    leaf_ids: Sequence[str], m: FloatArray, sums: FloatArray, log_sums: FloatArray
) -> FloatArray:
    """The entropy weights of the leaves from the pooled count, sum x and sum x ln x."""
    problems = []
    for j, leaf in enumerate(leaf_ids):
        if m[j] < 2:
            problems.append(
                f"entropy weights: {leaf} has {int(m[j])} answer(s); it needs at least 2"
            )
        elif not sums[j] > 0:
            problems.append(f"entropy weights: every answer to {leaf} is 0; p_ij is undefined")
    if problems:
        raise InputError("; ".join(problems))
    with np.errstate(invalid="ignore", divide="ignore"):
        plogp = log_sums / sums - np.log(sums)
        e = -plogp / np.log(m)
    d = 1.0 - e
    total = float(d.sum())
    if not total > 0:
        raise InputError(
            "entropy weights: every indicator's answers are spread evenly (each e_j = 1), "
            "so they carry no weight; use --weights ahp"
        )
    result: FloatArray = d / total
    return result


def combined_weights(choice: WeightChoice, ahp: FloatArray, entropy: FloatArray) -> FloatArray:
    """The leaf weights of ``choice`` from the AHP and the entropy weights."""
    if choice.kind == "ahp":
        return ahp
    if choice.kind == "entropy":
        return entropy
    if choice.kind == "combined":
        product = ahp * entropy
        total = float(product.sum())
        if not total > 0:
            raise InputError("combined weights: every a_j ew_j is 0; use --weights linear:A")
        result: FloatArray = product / total
        return result
    assert choice.share is not None
    mixed: FloatArray = choice.share * ahp + (1.0 - choice.share) * entropy
    return mixed
