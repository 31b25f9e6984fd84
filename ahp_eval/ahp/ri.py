"""Random consistency index (RI) tables, each named by its source.

Peers ship different tables under the same name; every table here has a key,
a human name that says exactly which table it is, and its source. Reports print
:attr:`RITable.label` next to every CR.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ahp_eval.errors import InputError

__all__ = [
    "RI_ALONSO_LAMATA",
    "RI_CN",
    "RI_SAATY",
    "RI_TABLES",
    "RITable",
    "custom_ri_table",
    "get_ri_table",
]


class RITable(NamedTuple):
    """A table of random indices RI(n) for n = 1, 2, ...

    ``values`` holds RI(1)..RI(len(values)); ``formula`` tables (Alonso-Lamata)
    have no upper bound and ``values`` is empty.
    """

    key: str
    name: str
    source: str
    values: tuple[float, ...] = ()
    formula: bool = False

    @property
    def label(self) -> str:
        """Key and name, as printed in reports: ``saaty (Saaty 1980, n <= 15)``."""
        return f"{self.key} ({self.name})"

    @property
    def max_n(self) -> int | None:
        """Largest matrix order the table covers, or None when unbounded."""
        return None if self.formula else len(self.values)

    def ri(self, n: int) -> float:
        """RI for an n x n matrix; raises :class:`InputError` past the table's end."""
        if n < 1:
            raise InputError(f"matrix order must be at least 1, got {n}")
        if self.formula:
            return alonso_lamata_ri(n)
        if n > len(self.values):
            raise InputError(
                f"{n}x{n} matrix is larger than RI table {self.key!r} "
                f"(n <= {len(self.values)}); use --ri alonso-lamata or give a longer custom list"
            )
        return self.values[n - 1]


def alonso_lamata_ri(n: int) -> float:
    """RI(n) = (1.7699 n - 4.3513) / (n - 1) for n >= 3, and 0 for n <= 2.

    Source: J. A. Alonso and M. T. Lamata, "Consistency in the analytic hierarchy
    process: a new approach", Int. J. Uncertainty, Fuzziness and Knowledge-Based
    Systems 14(4), 445-459, 2006. Their linear fit of the mean principal eigenvalue of
    random reciprocal matrices, mean lambda_max = 2.7699 n - 4.3513, gives
    RI = (mean lambda_max - n) / (n - 1).
    """
    if n <= 2:
        return 0.0
    return (1.7699 * n - 4.3513) / (n - 1)


RI_SAATY = RITable(
    key="saaty",
    name="Saaty 1980, n <= 15",
    source=(
        "T. L. Saaty, The Analytic Hierarchy Process, McGraw-Hill, 1980, as most software "
        "and papers reproduce it"
    ),
    values=(0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59),
)
"""Saaty's table (1980) as commonly reproduced: n = 1..15."""

RI_CN = RITable(
    key="cn",
    name="Chinese textbook table, n <= 15",
    source=(
        "the table of Chinese AHP textbooks (1000-matrix simulation of 龚木森 and 许树柏, "
        "reproduced in 许树柏《实用决策方法——层次分析法原理》, 1988)"
    ),
    values=(0.0, 0.0, 0.52, 0.89, 1.12, 1.26, 1.36, 1.41, 1.46, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59),
)
"""The table used by most Chinese textbooks and theses: n = 1..15."""

RI_ALONSO_LAMATA = RITable(
    key="alonso-lamata",
    name="Alonso & Lamata 2006, (1.7699n - 4.3513)/(n - 1), any n",
    source=(
        "J. A. Alonso, M. T. Lamata, Consistency in the analytic hierarchy process: a new "
        "approach, IJUFKS 14(4):445-459, 2006"
    ),
    formula=True,
)
"""Alonso and Lamata's closed form, valid for any n >= 3."""

RI_TABLES: dict[str, RITable] = {t.key: t for t in (RI_SAATY, RI_CN, RI_ALONSO_LAMATA)}


def custom_ri_table(values: Sequence[float]) -> RITable:
    """A table given in the evaluation file as a list RI(1), RI(2), ..."""
    shown = ", ".join(f"{v:g}" for v in values)
    return RITable(
        key="custom",
        name=f"custom list from the file, n <= {len(values)}: {shown}",
        source="the evaluation file's settings.ri",
        values=tuple(float(v) for v in values),
    )


def get_ri_table(spec: str | Sequence[float]) -> RITable:
    """Resolve a table key (``saaty``, ``cn``, ``alonso-lamata``) or a custom list."""
    if isinstance(spec, str):
        try:
            return RI_TABLES[spec]
        except KeyError:
            known = ", ".join(RI_TABLES)
            raise InputError(f"unknown RI table {spec!r}; known tables: {known}") from None
    return custom_ri_table(spec)
