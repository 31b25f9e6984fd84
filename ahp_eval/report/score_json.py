"""``ahp-eval score`` as JSON, written group by group.

The text is that of ``json.dumps(result.to_dict(), ensure_ascii=False, indent=2)``,
character for character, made in pieces: the head, then one piece per group, then the
ranking, so that a report of thousands of groups is never held whole. Groups scored
together (:class:`~ahp_eval.survey.scoring.ScoreTable`) are formatted from their
stacked scores directly; any other group, and any group with a number JSON spells
out (NaN, Infinity), through its ``to_dict()``.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterator, Sequence
from json.encoder import encode_basestring

import numpy as np

from ahp_eval.survey.scoring import QUADRANT_ORDER, GroupScores, ScoreResult, ScoreTable

__all__ = ["score_json_pieces"]

GROUP_INDENT = " " * 4
"""The indentation of a group in the report (an item of the top-level ``groups``)."""


def _list(items: Sequence[str], indent: str) -> str:
    """A JSON list of texts already encoded, as ``indent=2`` lays it out at ``indent``."""
    if not items:
        return "[]"
    inner = indent + "  "
    return "[\n" + ",\n".join(inner + item for item in items) + "\n" + indent + "]"


def _object(pairs: Sequence[tuple[str, str]], indent: str) -> str:
    """A JSON object of encoded keys and values, as ``indent=2`` lays it out."""
    if not pairs:
        return "{}"
    inner = indent + "  "
    return "{\n" + ",\n".join(f"{inner}{k}: {v}" for k, v in pairs) + "\n" + indent + "}"


def _literal(text: str) -> str:
    """``text`` inside a %-template."""
    return text.replace("%", "%%")


def _generic(group: dict[str, object]) -> str:
    """A group's text through the json module, indented as an item of ``groups``."""
    text = json.dumps(group, ensure_ascii=False, indent=2)
    return "\n".join(GROUP_INDENT + line for line in text.split("\n"))


class _Writer:
    """Formats the groups of a score table as JSON text (finite numbers only)."""

    def __init__(self, table: ScoreTable) -> None:
        self.t = table
        k = len(table.leaf_ids)
        ind = GROUP_INDENT + "    "  # an indicator's keys
        self.leaf = [encode_basestring(leaf) for leaf in table.leaf_ids]
        self.quadrant = [encode_basestring(q) for q in QUADRANT_ORDER]
        self.indicator = [  # one indicator's text up to its gap, as a %-template
            f"{GROUP_INDENT}    {_literal(self.leaf[i])}: {{\n"
            f'{ind}  "id": {_literal(self.leaf[i])},\n'
            f'{ind}  "n": %d,\n'
            f'{ind}  "mean": %r,\n'
            f'{ind}  "score": %r,\n'
            f'{ind}  "global_weight": {_literal(repr(table.global_weights[i]))},\n'
            f'{ind}  "shortfall": %r,\n'
            f'{ind}  "quadrant": %s'
            for i in range(k)
        ]
        self.gap_lines = f',\n{ind}  "expectation": %r,\n{ind}  "gap": %r'
        self.indicator_end = f"\n{ind}}}"
        # every indicator without a gap, as one template
        self.indicators = (
            "{\n"
            + ",\n".join(text + _literal(self.indicator_end) for text in self.indicator)
            + "\n"
            + GROUP_INDENT
            + "  }"
            if k
            else "{}"
        )
        self.criteria = [encode_basestring(c) for c in table.criterion_ids]
        self.alpha = [encode_basestring(a) for a in table.alpha_keys]
        self.grades = [encode_basestring(g) for g in table.grade_labels]
        g = GROUP_INDENT + "  "  # a group's keys
        alpha = [
            (
                _literal(key),
                _object([('"alpha"', "%s"), ('"k"', repr(size)), ('"n"', "%d")], g + "  "),
            )
            for key, size in zip(self.alpha, table.alpha_k, strict=True)
        ]

        # a group in two %-templates: up to its grade (names: any text), then the rest
        # (mostly numbers: a narrower string, faster to format and to write)
        self.head = (
            f'{GROUP_INDENT}{{\n{g}"group": %s,\n{g}"n": %d,\n{g}"composite": %r,\n{g}"grade": %s'
        )

        def body(indicators: str) -> str:  # its tail (gap, fuzzy) last
            return (
                f',\n{g}"interval": %s,\n'
                f'{g}"criteria": {_object([(_literal(c), "%r") for c in self.criteria], g)},\n'
                f'{g}"indicators": {indicators},\n'
                f'{g}"alpha": {_object(alpha, g)},\n'
                f'{g}"priorities": {_list(["%s"] * k, g)}%s\n{GROUP_INDENT}}}'
            )

        self.inline = body(self.indicators)
        """The rest of a group whose indicators have no gap."""
        self.block = body("%s")
        """The rest of a group, its indicators given as text."""
        self.interval = _list(["%r", "%r"], g)
        self.tail_gap = f',\n{g}"gap": '
        self.tail_fuzzy = f',\n{g}"fuzzy": '
        finite = np.isfinite(table.composite) & np.isfinite(table.criteria).all(axis=1)
        for block in (table.means, table.scores, table.shortfall):
            finite &= np.isfinite(block).all(axis=1)
        finite &= np.isfinite(table.interval).all(axis=1) | ~table.has_interval
        finite &= (np.isfinite(table.alpha) | ~table.has_alpha).all(axis=1)
        gaps, expected, gap, has_gap = table.gaps, table.expectation, table.gap, table.has_gap
        if gaps is not None and expected is not None and gap is not None and has_gap is not None:
            has = ~np.isnan(gaps)
            finite &= (np.isfinite(gaps) & np.isfinite(expected) | ~has).all(axis=1)
            finite &= np.isfinite(gap) | ~has_gap
        fuzzy = table.fuzzy
        if fuzzy is not None:
            finite &= np.isfinite(fuzzy.vectors).all(axis=(1, 2))
            finite &= np.isfinite(fuzzy.goal).all(axis=1) & np.isfinite(fuzzy.implied_score)
            inner = GROUP_INDENT + "    "
            self.fuzzy_head = [
                ('"basis"', encode_basestring(fuzzy.basis)),
                ('"labels"', _list([encode_basestring(x) for x in fuzzy.labels], inner)),
                ('"level_scores"', _list([repr(x) for x in fuzzy.level_scores], inner)),
            ]
            self.fuzzy_labels = [encode_basestring(x) for x in fuzzy.labels]
            self.nodes = [encode_basestring(x) for x in fuzzy.nodes]
        self.finite = finite.tolist()

    def group(self, j: int) -> tuple[str, ...]:
        """Group ``j`` as an item of the report's ``groups``, in pieces."""
        t = self.t
        if not self.finite[j]:
            return (_generic(t.group(j).to_dict()),)
        interval = self.interval % tuple(t.interval[j].tolist()) if t.has_interval[j] else "null"
        alpha = zip(
            t.alpha[j].tolist(), t.has_alpha[j].tolist(), t.alpha_n[j].tolist(), strict=True
        )
        tail = ""
        if t.gap is not None and t.has_gap is not None and t.has_gap[j]:
            tail += self.tail_gap + repr(float(t.gap[j]))
        if t.fuzzy is not None:
            tail += self.tail_fuzzy + self._fuzzy(j)
        indicators = self._indicators(j)
        head = self.head % (
            encode_basestring(t.names[j]),
            int(t.n[j]),
            float(t.composite[j]),
            self.grades[int(t.grade[j])],
        )
        args = itertools.chain(
            (interval,),
            t.criteria[j].tolist(),
            indicators if isinstance(indicators, tuple) else (indicators,),
            itertools.chain.from_iterable(
                (repr(value) if has else "null", n) for value, has, n in alpha
            ),
            map(self.leaf.__getitem__, t.priorities[j].tolist()),
            (tail,),
        )
        template = self.inline if isinstance(indicators, tuple) else self.block
        return head, template % tuple(args)

    def _indicators(self, j: int) -> tuple[object, ...] | str:
        """The values of the indicators' template, or (with gaps) their text."""
        t = self.t
        answered = t.answered[j].tolist()
        means = t.means[j].tolist()
        scores = t.scores[j].tolist()
        shortfall = t.shortfall[j].tolist()
        quadrant = t.quadrant[j].tolist()
        if t.gaps is not None and t.expectation is not None:
            gaps, expected = t.gaps[j].tolist(), t.expectation[j].tolist()
        else:
            gaps = expected = None
        quadrants = map(self.quadrant.__getitem__, quadrant)
        values = list(zip(answered, means, scores, shortfall, quadrants, strict=True))
        if gaps is None or expected is None or all(math.isnan(x) for x in gaps):
            return tuple(itertools.chain.from_iterable(values))
        parts = []
        for i, template in enumerate(self.indicator):
            text = template % values[i]
            if not math.isnan(gaps[i]):
                text += self.gap_lines % (expected[i], gaps[i])
            parts.append(text + self.indicator_end)
        return "{\n" + ",\n".join(parts) + "\n" + GROUP_INDENT + "  }"

    def _fuzzy(self, j: int) -> str:
        fuzzy = self.t.fuzzy
        assert fuzzy is not None
        inner = GROUP_INDENT + "    "
        vectors = [
            (node, _list([repr(x) for x in vec], inner + "  "))
            for node, vec in zip(self.nodes, fuzzy.vectors[j].tolist(), strict=True)
        ]
        pairs = [
            *self.fuzzy_head,
            ('"goal"', _list([repr(x) for x in fuzzy.goal[j].tolist()], inner)),
            ('"vectors"', _object(vectors, inner)),
            ('"max_membership"', self.fuzzy_labels[int(fuzzy.max_label[j])]),
            ('"score"', repr(float(fuzzy.implied_score[j]))),
            ('"grade"', self.grades[int(fuzzy.grade[j])]),
        ]
        return _object(pairs, GROUP_INDENT + "  ")


def _groups(result: ScoreResult) -> Iterator[tuple[str, ...]]:
    """Each group's text in pieces, in order."""
    groups = result.groups
    if isinstance(groups, GroupScores) and groups.order is None:
        writer = _Writer(groups.table)
        for j in range(len(groups)):
            yield writer.group(j)
    else:
        for g in groups:
            yield (_generic(g.to_dict()),)


def score_json_pieces(result: ScoreResult) -> Iterator[str]:
    """The JSON report in pieces (their concatenation ends with a newline)."""
    head = json.dumps(result.head(), ensure_ascii=False, indent=2)
    assert head.endswith("\n}")
    yield head[:-2] + ',\n  "groups": '
    first = True
    for pieces in _groups(result):
        yield "[\n" if first else ",\n"
        yield from pieces
        first = False
    yield "[]" if first else "\n  ]"
    names = [encode_basestring(name) for name in result.ranking_names()]
    yield ',\n  "ranking": ' + _list(names, "  ") + "\n}\n"
