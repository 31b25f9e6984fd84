"""Words and number formats shared by every renderer (no rich here)."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable

from ahp_eval.ahp.matrix import Method

__all__ = [
    "METHOD_LABELS",
    "CsvRows",
    "csv_cell",
    "display_width",
    "fmt",
    "interval_text",
    "ljust",
    "md_code",
    "md_text",
    "pass_mark",
    "rjust",
    "weight_fmt",
]

METHOD_LABELS: dict[Method, str] = {
    "root": "root 方根法 (row geometric mean)",
    "eigen": "eigen 特征根法 (principal eigenvector)",
    "sum": "sum 和法 (column-normalised row mean)",
}


def fmt(x: float, precision: int) -> str:
    """A float with a fixed number of decimals (rounding happens only here)."""
    return f"{x:.{precision}f}"


def interval_text(interval: tuple[float, float] | None, precision: int) -> str:
    """``[lo, hi]``, or a dash where there is no sampling interval (one respondent)."""
    if interval is None:
        return "—"
    return f"[{fmt(interval[0], precision)}, {fmt(interval[1], precision)}]"


def weight_fmt(x: float, precision: int) -> str:
    """Weights keep at least four decimals, whatever precision scores use."""
    return fmt(x, max(precision, 4))


def pass_mark(ok: bool) -> str:
    return "✓ 通过 pass" if ok else "✗ 未通过 FAIL"


_MD_SPECIAL = str.maketrans(
    {
        "\\": "\\\\",
        "|": "\\|",
        "*": "\\*",
        "_": "\\_",
        "`": "\\`",
        "#": "\\#",
        "<": "&lt;",
        ">": "&gt;",
        "&": "&amp;",
        # every character Python counts as a line break (a Markdown row is one line)
        **dict.fromkeys("\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029", " "),
    }
)


def md_text(text: str) -> str:
    """A user's text as Markdown shows it literally: one line, no markup, no HTML."""
    return text.translate(_MD_SPECIAL).replace("](", "]\\(")  # no [text](link)


def md_code(text: str | None) -> str:
    """A path as Markdown code (its backticks made harmless)."""
    return "`" + str(text).replace("`", "'").replace("\n", " ") + "`"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A cell as a spreadsheet shows it literally: a text that would start a formula
    (``=``, ``+``, ``-``, ``@``, tab, CR) gets a leading ``'``; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


class CsvRows:
    """A :func:`csv.writer` whose every cell goes through :func:`csv_cell`."""

    def __init__(self, out: io.StringIO) -> None:
        self._writer = csv.writer(out, lineterminator="\n")

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([csv_cell(c) for c in row])


def display_width(text: str) -> int:
    """Terminal columns taken by ``text``: wide and full-width characters take two."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def ljust(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def rjust(text: str, width: int) -> str:
    return " " * max(0, width - display_width(text)) + text
