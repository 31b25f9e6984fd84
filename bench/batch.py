"""Weights and CR of many 9x9 matrices at once: the batched path against peers.

Goals: the library's batched path (``solve_stack``) at least 300x faster than a
per-matrix loop of the PyPI package ``ahpy``, and within 1.5x of a plain numpy
reference written here. ahpy is timed on a subset and scaled (it is slow).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import ahpy
import numpy as np
import numpy.typing as npt
from common import median, verdict

from ahp_eval.ahp.matrix import solve_stack
from ahp_eval.ahp.ri import RI_SAATY

SCALE = np.array([1 / 9, 1 / 7, 1 / 5, 1 / 3, 1 / 2, 1, 2, 3, 5, 7, 9])
Array = npt.NDArray[np.float64]


def random_stack(count: int, n: int, seed: int) -> Array:
    """Random reciprocal matrices with Saaty-scale entries."""
    rng = np.random.default_rng(seed)
    stack = np.ones((count, n, n))
    iu, ju = np.triu_indices(n, k=1)
    values = rng.choice(SCALE, size=(count, len(iu)))
    stack[:, iu, ju] = values
    stack[:, ju, iu] = 1 / values
    return stack


def numpy_reference(A: Array) -> tuple[Array, Array]:
    """Root weights and CR of a stack, as plainly as numpy allows."""
    w = np.exp(np.log(A).mean(axis=-1))
    w /= w.sum(-1, keepdims=True)
    lam = ((A @ w[..., None])[..., 0] / w).mean(-1)
    cr = (lam - 9) / 8 / 1.45
    return w, cr


def library(A: Array) -> tuple[Array, Array]:
    res = solve_stack(A, "root", RI_SAATY)
    return res.weights, res.cr


def ahpy_loop(A: Array) -> list[float]:
    names = [f"x{i}" for i in range(A.shape[-1])]
    out = []
    for M in A:
        pairs = {
            (names[i], names[j]): float(M[i, j])
            for i in range(len(names))
            for j in range(i + 1, len(names))
        }
        out.append(
            float(ahpy.Compare("m", pairs, precision=10, random_index="saaty").consistency_ratio)
        )
    return out


def best_of(func: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--ahpy-subset", type=int, default=200)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    count = 1000 if args.quick else args.count
    subset = 20 if args.quick else args.ahpy_subset
    A = random_stack(count, 9, seed=1)

    w_lib, cr_lib = library(A)
    w_ref, cr_ref = numpy_reference(A)
    assert np.allclose(w_lib, w_ref, atol=1e-12), "library and reference disagree"
    assert np.allclose(cr_lib, cr_ref, atol=1e-12), "library and reference CR disagree"
    eigen = solve_stack(A[:5], "eigen", RI_SAATY)
    assert np.allclose(eigen.cr, ahpy_loop(A[:5]), atol=1e-6), "eigen CR differs from ahpy"

    repeats = 5 if args.quick else 15
    t_lib = best_of(lambda: library(A), repeats)
    t_ref = best_of(lambda: numpy_reference(A), repeats)
    t_ahpy = best_of(lambda: ahpy_loop(A[:subset]), 3) * count / subset
    speedup, vs_ref = t_ahpy / t_lib, t_lib / t_ref
    print(f"{count} random 9x9 matrices (Saaty scale), weights and CR, medians of {repeats}")
    print(f"ahp_eval.solve_stack:      {t_lib * 1000:9.2f} ms")
    print(f"numpy reference:           {t_ref * 1000:9.2f} ms")
    print(f"ahpy per-matrix loop:      {t_ahpy * 1000:9.0f} ms (timed on {subset}, scaled)")
    print(f"speed-up over ahpy:        {speedup:9.0f}x  goal >= 300x  {verdict(speedup >= 300)}")
    print(f"library / numpy reference: {vs_ref:9.2f}   goal <= 1.5   {verdict(vs_ref <= 1.5)}")
    print("checks: root weights and CR equal the reference to 1e-12; eigen CR equals ahpy's")


if __name__ == "__main__":
    main()
