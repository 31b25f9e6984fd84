"""Answer labels, missing-answer markers and group names of survey exports.

Survey platforms export answers as texts (``非常满意`` ... ``非常不满意``), sometimes
with the value in front (``5 非常满意``), mark a skipped question with a marker
(``(跳过)``, ``(空)``, ``-3``) and export a choice of site as its code (``1``). This
module turns such cells into answers: :class:`AnswerLabels` looks a text up in
``survey.labels`` (or, when there is none, in the built-in wordings of a 5- or
7-point scale), :func:`label_key` is the one rule by which texts are compared (case,
width and whitespace do not count).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from typing import NamedTuple

__all__ = [
    "BUILTIN_LABELS",
    "DEFAULT_MISSING",
    "AnswerLabels",
    "LabelLookup",
    "builtin_labels",
    "label_key",
]

_SPACE = re.compile(r"\s+")


def label_key(text: str) -> str:
    """A text as labels are compared: Unicode NFKC (full-width digits, letters and
    brackets become the usual ones), case-folded, without any whitespace."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text).casefold())


_FIVE_ZH = {
    "非常满意": 5,
    "很满意": 5,
    "满意": 4,
    "比较满意": 4,
    "一般": 3,
    "不满意": 2,
    "比较不满意": 2,
    "非常不满意": 1,
    "很不满意": 1,
    "非常同意": 5,
    "完全同意": 5,
    "同意": 4,
    "比较同意": 4,
    "中立": 3,
    "不确定": 3,
    "不同意": 2,
    "比较不同意": 2,
    "非常不同意": 1,
    "完全不同意": 1,
}
_FIVE_EN = {
    "very satisfied": 5,
    "satisfied": 4,
    "neutral": 3,
    "neither satisfied nor dissatisfied": 3,
    "dissatisfied": 2,
    "very dissatisfied": 1,
    "strongly agree": 5,
    "agree": 4,
    "neither agree nor disagree": 3,
    "disagree": 2,
    "strongly disagree": 1,
}
_SEVEN_ZH = {
    "非常满意": 7,
    "满意": 6,
    "比较满意": 5,
    "一般": 4,
    "比较不满意": 3,
    "不满意": 2,
    "非常不满意": 1,
    "非常同意": 7,
    "同意": 6,
    "比较同意": 5,
    "中立": 4,
    "比较不同意": 3,
    "不同意": 2,
    "非常不同意": 1,
}
_SEVEN_EN = {
    "very satisfied": 7,
    "satisfied": 6,
    "somewhat satisfied": 5,
    "neutral": 4,
    "neither satisfied nor dissatisfied": 4,
    "somewhat dissatisfied": 3,
    "dissatisfied": 2,
    "very dissatisfied": 1,
    "strongly agree": 7,
    "agree": 6,
    "somewhat agree": 5,
    "neither agree nor disagree": 4,
    "somewhat disagree": 3,
    "disagree": 2,
    "strongly disagree": 1,
}

BUILTIN_LABELS: dict[int, dict[str, int]] = {
    5: {**_FIVE_ZH, **_FIVE_EN},
    7: {**_SEVEN_ZH, **_SEVEN_EN},
}
"""The built-in wordings of 1-5 and 1-7 satisfaction and agreement scales (Chinese
and English), by the scale's highest value."""

DEFAULT_MISSING: tuple[str, ...] = ("(跳过)", "(空)", "-3")
"""Missing-answer markers when ``survey.missing`` is not given (``-3`` only where it
is outside the scale)."""


def builtin_labels(lo: float, hi: float) -> dict[str, int] | None:
    """The built-in wordings for a 1-5 or 1-7 scale, else None."""
    if lo == 1 and hi in BUILTIN_LABELS:
        return BUILTIN_LABELS[int(hi)]
    return None


_NUMBERED = re.compile(r"^\(?([+-]?\d+(?:\.\d+)?)\)?[.、:=)_\-]?(\D.*)$")
"""``5 非常满意``, ``5.非常满意``, ``(5)非常满意``, ``5=非常满意`` (after :func:`label_key`)."""
_TRAILING = re.compile(r"^(\D.*?)\(([+-]?\d+(?:\.\d+)?)(?:分)?\)$")
"""``非常满意(5)``, ``非常满意（5分）``."""


class LabelLookup(NamedTuple):
    """What a text cell is: a value, a missing answer, or neither (``value`` None,
    ``missing`` False)."""

    value: float | None
    missing: bool = False
    text: str | None = None
    """The label the value was found by (None for a number)."""


class AnswerLabels:
    """How the text of an answer cell becomes a value.

    ``labels`` maps :func:`label_key` keys to values; ``missing`` holds the keys of
    missing-answer markers; ``source`` says where the labels come from
    (``survey.labels``, ``built-in 1-5`` ..., or None when there are none).
    """

    def __init__(
        self,
        labels: Mapping[str, float] | None,
        missing: frozenset[str],
        source: str | None,
        lo: float,
        hi: float,
    ) -> None:
        self.labels = dict(labels or {})
        self.missing = missing
        self.source = source
        self.lo = lo
        self.hi = hi
        self.used = False
        """Whether some cell was read by its label."""
        self.texts: dict[float, str] = {}
        """The first answer text read for each value (``5: "非常满意"``), as the file
        writes it; a ``5 非常满意`` style cell counts by its label part."""
        self._cache: dict[str, LabelLookup] = {}

    @classmethod
    def of_survey(
        cls,
        labels: Mapping[str, float] | None,
        missing: tuple[str, ...] | None,
        lo: float,
        hi: float,
    ) -> AnswerLabels:
        """The labels a survey section declares, or the built-in ones for its scale."""
        if labels:
            table: Mapping[str, float] | None = {label_key(k): v for k, v in labels.items()}
            source: str | None = "survey.labels"
        else:
            builtin = builtin_labels(lo, hi)
            table = {label_key(k): v for k, v in builtin.items()} if builtin else None
            source = f"built-in {lo:g}-{hi:g}" if table is not None else None
        markers = DEFAULT_MISSING if missing is None else missing
        keys = set()
        for marker in markers:
            key = label_key(marker)
            try:
                number = float(key)
            except ValueError:
                keys.add(key)
                continue
            if missing is not None or not lo <= number <= hi:
                keys.add(key)
        return cls(table, frozenset(keys), source, lo, hi)

    def lookup(self, text: str) -> LabelLookup:
        """The value of an answer given as text (not a plain number)."""
        found = self._cache.get(text)
        if found is None:
            found = self._cache[text] = self._find(text)
            if found.value is not None and found.text is not None:
                self.texts.setdefault(found.value, found.text)
        if found.value is not None:
            self.used = True
        return found

    def _in_scale(self, number: float) -> bool:
        return self.lo <= number <= self.hi

    def _find(self, text: str) -> LabelLookup:
        key = label_key(text)
        if key in self.missing:
            return LabelLookup(None, missing=True)
        if key in self.labels:
            return LabelLookup(self.labels[key], text=text.strip())
        try:
            number = float(key)  # a full-width or spaced-out number
        except ValueError:
            pass
        else:
            return LabelLookup(number if math.isfinite(number) and self._in_scale(number) else None)
        for pattern, label_at, number_at in ((_NUMBERED, 2, 1), (_TRAILING, 1, 2)):
            m = pattern.match(key)
            if m is None:
                continue
            label = m.group(label_at)
            if label in self.labels:  # the label says what the answer means
                return LabelLookup(self.labels[label], text=label)
            number = float(m.group(number_at))
            if self._in_scale(number):
                return LabelLookup(number)
        return LabelLookup(None)

    def describe(self) -> str:
        """Where a text answer may be looked up, for a bad cell's message."""
        if self.source == "survey.labels":
            return "nor an answer label of survey.labels"
        if self.source is not None:
            return f"nor a {self.source} answer label; list the labels in survey.labels"
        return "; to read answer texts, map them to values in survey.labels"
