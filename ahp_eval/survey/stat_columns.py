"""The columns of a statistics table: one row per group, the additive statistics
scoring folds (:class:`~ahp_eval.survey.moments.Moments`) as named numbers.

``ahp-eval sql`` writes a query whose result has these columns, and ``score
--statistics`` reads such a result back. Column names are ASCII and numbered by
position (indicator ``i`` is the i-th leaf of the evaluation, from 1), so every
database takes them as they are; the ``layout`` column holds a fingerprint of what
the numbers mean (leaves, item groups, scale values, question mapping), and a table
made for another evaluation is refused. See docs/scale.md.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from ahp_eval.model.evaluation import Evaluation
from ahp_eval.model.labels import AnswerLabels
from ahp_eval.survey.moments import Complete, Moments, StatPlan, stat_plan

__all__ = [
    "FORMAT",
    "FORMAT_WITHOUT_ENTROPY",
    "GROUP",
    "GROUP_COLUMN",
    "LAYOUT",
    "Source",
    "StatColumns",
    "stat_columns",
]

FORMAT = "ahp-eval-statistics-2"
"""The statistics format's name and version, the first part of the ``layout`` value:
version 2 has the entropy sums (``xlogx_i``), version 1 (``ahp-eval sql --no-entropy``,
and every table made before version 2) has not; both are read."""

FORMAT_WITHOUT_ENTROPY = "ahp-eval-statistics-1"
"""The format's name and version without the entropy sums."""

GROUP = "group_name"
"""The column holding each row's group (the group cell, trimmed; absent without a group)."""

GROUP_COLUMN = "group_column"
"""The column holding the name of the group column (the same in every row)."""

LAYOUT = "layout"
"""The column holding the layout's fingerprint (the same in every row)."""


class Source(NamedTuple):
    """One column of the survey feeding an indicator, as the evaluation names it."""

    column: str
    leaf: int
    reverse: bool
    expectation: bool


class StatColumns(NamedTuple):
    """What the statistics of an evaluation hold, and their column names."""

    leaf_ids: tuple[str, ...]
    plan: StatPlan
    sources: tuple[Source, ...]
    expectation: bool
    fingerprint: str
    entropy: bool = True
    """Whether the statistics hold sum x ln x per indicator (the entropy weights)."""

    @property
    def k(self) -> int:
        return len(self.leaf_ids)

    def pairs(self) -> list[tuple[int, int]]:
        """The upper triangle's (i, j), i <= j, 0-based, row by row."""
        return [(i, j) for i in range(self.k) for j in range(i, self.k)]

    def numbers(self) -> list[str]:
        """Every numeric column, in the order the query gives them."""
        names = ["n"]
        names += [f"count_{i + 1}_{j + 1}" for i, j in self.pairs()]
        names += [f"sum_{i + 1}_{j + 1}" for i in range(self.k) for j in range(self.k)]
        names += [f"product_{i + 1}_{j + 1}" for i, j in self.pairs()]
        for a, cols in enumerate(self.plan.alpha_groups.values(), 1):
            m = len(cols)
            names.append(f"complete_{a}")
            names += [f"complete_{a}_sum_{i + 1}" for i in range(m)]
            names += [
                f"complete_{a}_product_{i + 1}_{j + 1}" for i in range(m) for j in range(i, m)
            ]
        if self.plan.values is not None:
            levels = len(self.plan.values)
            names += [f"value_{i + 1}_{c + 1}" for i in range(self.k) for c in range(levels)]
        if self.expectation:
            names += [f"expectation_count_{i + 1}" for i in range(self.k)]
            names += [f"expectation_sum_{i + 1}" for i in range(self.k)]
        if self.entropy:
            names += [f"xlogx_{i + 1}" for i in range(self.k)]
        names += [f"bad_{q + 1}" for q in range(len(self.sources))]
        return names

    def moments(self, row: Mapping[str, float]) -> Moments:
        """One row's statistics as :class:`Moments` (``row`` has every numeric column)."""
        k = self.k
        count = np.zeros((k, k))
        product = np.zeros((k, k))
        for i, j in self.pairs():
            count[i, j] = count[j, i] = row[f"count_{i + 1}_{j + 1}"]
            product[i, j] = product[j, i] = row[f"product_{i + 1}_{j + 1}"]
        pair_sum = np.array(
            [[row[f"sum_{i + 1}_{j + 1}"] for j in range(k)] for i in range(k)], dtype=np.float64
        )
        complete = {}
        for a, (key, cols) in enumerate(self.plan.alpha_groups.items(), 1):
            m = len(cols)
            products = np.zeros((m, m))
            for i in range(m):
                for j in range(i, m):
                    products[i, j] = products[j, i] = row[f"complete_{a}_product_{i + 1}_{j + 1}"]
            complete[key] = Complete(
                int(row[f"complete_{a}"]),
                np.array([row[f"complete_{a}_sum_{i + 1}"] for i in range(m)], dtype=np.float64),
                products,
            )
        values = None
        if self.plan.values is not None:
            levels = len(self.plan.values)
            values = np.array(
                [[row[f"value_{i + 1}_{c + 1}"] for c in range(levels)] for i in range(k)],
                dtype=np.float64,
            )
        e_count = e_sum = None
        if self.expectation:
            e_count = np.array([row[f"expectation_count_{i + 1}"] for i in range(k)], np.float64)
            e_sum = np.array([row[f"expectation_sum_{i + 1}"] for i in range(k)], np.float64)
        log_sum = None
        if self.entropy:
            log_sum = np.array([row[f"xlogx_{i + 1}"] for i in range(k)], dtype=np.float64)
        return Moments(
            n=int(row["n"]),
            pair_count=count,
            pair_sum=pair_sum,
            pair_product=product,
            complete=complete,
            value_counts=values,
            expectation_count=e_count,
            expectation_sum=e_sum,
            log_sum=log_sum,
        )

    def bad(self, row: Mapping[str, float]) -> list[int]:
        """Bad answers per source column in one row."""
        return [int(row[f"bad_{q + 1}"]) for q in range(len(self.sources))]


def sources_of(evaluation: Evaluation) -> tuple[Source, ...]:
    """The columns feeding the indicators: ``survey.questions``, or one column per
    indicator named by its id."""
    index = {leaf.id: i for i, leaf in enumerate(evaluation.leaves())}
    questions = evaluation.survey.questions
    if not questions:
        return tuple(Source(leaf, i, reverse=False, expectation=False) for leaf, i in index.items())
    return tuple(
        Source(q.column, index[q.indicator], q.reverse, q.role == "expectation") for q in questions
    )


def stat_columns(evaluation: Evaluation, *, entropy: bool = True) -> StatColumns:
    """The statistics columns of ``evaluation`` (value counts where its scale has them;
    ``entropy``: with the entropy sums, the current format, else format version 1)."""
    survey = evaluation.survey
    scale = survey.scale
    plan = stat_plan(evaluation, scale)
    sources = sources_of(evaluation)
    leaf_ids = tuple(leaf.id for leaf in evaluation.leaves())
    labels = AnswerLabels.of_survey(survey.labels, survey.missing, scale.min, scale.max)
    described = {
        "leaves": leaf_ids,
        "groups": {key: list(cols) for key, cols in plan.alpha_groups.items()},
        "values": None if plan.values is None else [float(v) for v in plan.values],
        "scale": [scale.min, scale.max],
        "sources": [list(s) for s in sources],
        "labels": sorted((labels.labels or {}).items()),
        "missing": sorted(labels.missing),
    }
    digest = hashlib.sha256(
        json.dumps(described, ensure_ascii=True, sort_keys=True).encode()
    ).hexdigest()
    return StatColumns(
        leaf_ids=leaf_ids,
        plan=plan,
        sources=sources,
        expectation=any(s.expectation for s in sources),
        fingerprint=f"{FORMAT if entropy else FORMAT_WITHOUT_ENTROPY}:{digest[:16]}",
        entropy=entropy,
    )
