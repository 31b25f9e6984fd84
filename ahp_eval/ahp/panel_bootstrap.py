"""Monte Carlo for an expert panel: a bootstrap of the judges.

Each sample draws the panel's ``K`` judges uniformly with replacement, ``K`` times; a
judge drawn ``c_k`` times enters with weight ``c_k l_k`` (``l_k`` the judge's own
weight), normalised over the judges used for each matrix (those the panel's own
aggregate used: left out and, with ``--exclude-inconsistent``, inconsistent judges stay
out). Every matrix the panel answers is then aggregated as the run asks:

* AIJ: ``a_ij = exp(sum_k l'_k ln c_ij^(k))`` (a judge who skipped pairs with the matrix
  completed by their own LLSM weights, as in :func:`ahp_eval.ahp.panel.weigh_panel`),
  solved by the evaluation's method;
* AIP: ``w_i`` proportional to ``exp(sum_k l'_k ln w_i^(k))``; its consistency test is
  that of the AIJ matrix of the same draw.

A sample in which no judge used for a matrix is drawn (or only judges of weight 0)
keeps the panel's own aggregate for that matrix; the share of such samples is reported.
Matrices the panel does not answer keep the evaluation file's judgments in every sample.
The aggregate matrices of every matrix of one order are solved in one batched call.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from ahp_eval.ahp.incomplete import complete_matrix
from ahp_eval.ahp.matrix import solve_stack
from ahp_eval.ahp.montecarlo import Target, solve_target
from ahp_eval.model.vocabulary import FloatArray

if TYPE_CHECKING:
    import numpy.typing as npt

    from ahp_eval.ahp.panel import Aggregate, PanelResult

__all__ = ["JudgeDraw", "MatrixDraw", "PanelSampling"]


class MatrixDraw(NamedTuple):
    """One matrix the panel answers, over the samples."""

    key: str
    alternatives: bool
    used: int
    """Judges the panel's aggregate uses for it."""
    no_judge: float
    """Share of samples that drew none of them (the panel's aggregate kept)."""


class PanelSampling(NamedTuple):
    """How the samples drew the panel's judges."""

    judges: int
    aggregate: Aggregate
    exclude_inconsistent: bool
    matrices: tuple[MatrixDraw, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "judges": self.judges,
            "aggregate": self.aggregate,
            "exclude_inconsistent": self.exclude_inconsistent,
            "matrices": [
                {
                    "node": m.key,
                    "alternatives": m.alternatives,
                    "used": m.used,
                    "no_judge_drawn": m.no_judge,
                }
                for m in self.matrices
            ],
        }


class JudgeDraw:
    """The bootstrap of a panel's judges; call it as a
    :data:`ahp_eval.ahp.montecarlo.Resampler`."""

    def __init__(self, result: PanelResult) -> None:
        hierarchy = result.hierarchy
        self.judges = len(result.panel.judges)
        self.aggregate: Aggregate = result.aggregate
        self.exclude_inconsistent = result.exclude_inconsistent
        self._method = hierarchy.method
        self._table = hierarchy.ri_table
        self._threshold = hierarchy.cr_threshold
        self._hierarchy = hierarchy
        self._weights = result.panel.weights
        parents = {node.id for node in hierarchy.evaluation.parents()}
        self._used: dict[tuple[str, bool], npt.NDArray[np.intp]] = {}
        self._logs: dict[tuple[str, bool], FloatArray] = {}
        self._log_w: dict[tuple[str, bool], FloatArray] = {}
        self._n: dict[tuple[str, bool], int] = {}
        self._empty: dict[tuple[str, bool], int] = {}
        for key, mp in result.matrices_panel.items():
            used = mp.used
            stack = result.panel.matrices[key][used]
            w = result.judge_weights[key][used]
            full = complete_matrix(stack, ~np.isnan(stack), w)
            n = stack.shape[-1]
            iu, ju = np.triu_indices(n, k=1)
            target = (key, key not in parents)
            self._used[target] = used
            self._logs[target] = np.log(full[:, iu, ju])
            self._log_w[target] = np.log(w)
            self._n[target] = n
            self._empty[target] = 0
        self._drawn = 0
        self._fixed: dict[tuple[str, bool], tuple[FloatArray, npt.NDArray[np.bool_]]] = {}

    def summary(self) -> PanelSampling:
        """The judges, the aggregation, and every matrix the panel answers with the share
        of samples (so far) that drew none of its judges."""
        drawn = max(self._drawn, 1)
        return PanelSampling(
            self.judges,
            self.aggregate,
            self.exclude_inconsistent,
            tuple(
                MatrixDraw(key, alt, int(used.size), self._empty[key, alt] / drawn)
                for (key, alt), used in self._used.items()
            ),
        )

    def _shares(self, counts: FloatArray, target: tuple[str, bool]) -> FloatArray:
        """Every sample's normalised judge weights over the judges used for a matrix."""
        used = self._used[target]
        own = self._weights[used]
        shares = counts[:, used] * own[None, :]
        total = shares.sum(axis=1)
        empty = total <= 0
        self._empty[target] += int(empty.sum())
        if empty.any():
            shares[empty] = own
            total[empty] = own.sum()
        return np.asarray(shares / total[:, None], dtype=np.float64)

    def __call__(
        self, targets: Sequence[Target], size: int, rng: np.random.Generator
    ) -> list[tuple[FloatArray, npt.NDArray[np.bool_]]]:
        k = self.judges
        picks = rng.integers(0, k, size=(size, k))
        rows = np.repeat(np.arange(size) * k, k)
        counts = np.bincount(rows + picks.ravel(), minlength=size * k).reshape(size, k)
        self._drawn += size
        counts_f = counts.astype(np.float64)
        by_order: dict[int, list[tuple[tuple[str, bool], FloatArray]]] = defaultdict(list)
        aip: dict[tuple[str, bool], FloatArray] = {}
        for t in targets:
            target = (t.key, t.alternatives)
            if target not in self._used:
                continue
            shares = self._shares(counts_f, target)
            by_order[self._n[target]].append((target, shares @ self._logs[target]))
            if self.aggregate == "aip":
                g = shares @ self._log_w[target]
                g = np.exp(g - g.max(axis=1, keepdims=True))
                aip[target] = g / g.sum(axis=1, keepdims=True)
        solved: dict[tuple[str, bool], tuple[FloatArray, npt.NDArray[np.bool_]]] = {}
        for n, group in by_order.items():
            iu, ju = np.triu_indices(n, k=1)
            stack = np.ones((len(group) * size, n, n))
            upper = np.concatenate([u for _, u in group])
            stack[:, iu, ju] = np.exp(upper)
            stack[:, ju, iu] = np.exp(-upper)
            res = solve_stack(stack, self._method, self._table)
            for at, (target, _) in enumerate(group):
                part = slice(at * size, (at + 1) * size)
                passes = np.asarray(res.cr[part] < self._threshold)
                solved[target] = (aip.get(target, res.weights[part]), passes)
        out = []
        for t in targets:
            target = (t.key, t.alternatives)
            if target in solved:
                out.append(solved[target])
                continue
            if target not in self._fixed:  # the file's own judgments, the same every sample
                one = np.asarray(t.judgment.matrix)[None, :, :]
                self._fixed[target] = solve_target(t, one, self._hierarchy)
            w, passes = self._fixed[target]
            out.append((np.broadcast_to(w, (size, w.shape[1])), np.repeat(passes, size)))
        return out
