"""A repaired copy of a YAML file: only the changed judgments' text replaced.

The file is composed again with PyYAML's Python loader, whose marks count characters,
so each judgment scalar's exact span in the text is known; the new values replace
those spans and nothing else, keeping comments, order, quoting and line ends. A value
is written as the file would: ``3`` or ``1/3``, in the original's quotes if it had any.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np
import yaml

from ahp_eval.ahp.repair import same_judgment
from ahp_eval.ahp.repair_plan import HierarchyRepair
from ahp_eval.errors import InputError
from ahp_eval.io.yaml_source import decode_text
from ahp_eval.model.evaluation import parse_evaluation
from ahp_eval.model.values import format_judgment

__all__ = ["JudgmentEdit", "edit_judgments", "read_text", "repaired_copy"]

_BOM = "\ufeff"


class JudgmentEdit(NamedTuple):
    """Set ``a_ij`` (and ``a_ji``) of ``node``'s matrix to ``value``."""

    node: str
    children: tuple[str, ...]
    i: int
    j: int
    value: float


def read_text(path: str | Path) -> str:
    """The text of a file the command has already read (a BOM kept as its first character)."""
    raw = Path(path).read_bytes()
    text = decode_text(raw, str(path))
    return _BOM + text if raw.startswith(b"\xef\xbb\xbf") else text


def _mapping_value(node: yaml.Node, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v  # type: ignore[no-any-return]
    return None


def _item(node: yaml.Node | None, k: int) -> yaml.Node | None:
    if isinstance(node, yaml.SequenceNode) and k < len(node.value):
        return node.value[k]  # type: ignore[no-any-return]
    return None


def _value_text(value: float, original: yaml.ScalarNode) -> str:
    text = format_judgment(value)
    if original.style in ("'", '"'):
        return f"{original.style}{text}{original.style}"
    return text


def _targets(entry: yaml.Node, edit: JudgmentEdit) -> list[tuple[yaml.Node | None, float]]:
    """The scalars to rewrite for one edit, each with the value it gets."""
    i, j, v = edit.i, edit.j, edit.value
    rows = _mapping_value(entry, "matrix") if isinstance(entry, yaml.MappingNode) else entry
    upper = _mapping_value(entry, "upper")
    pairs = _mapping_value(entry, "pairs")
    if isinstance(rows, yaml.SequenceNode):
        return [(_item(_item(rows, i), j), v), (_item(_item(rows, j), i), 1.0 / v)]
    if upper is not None:
        n = len(edit.children)
        k = i * n - i * (i + 1) // 2 + (j - i - 1)
        return [(_item(upper, k), v)]
    a, b = edit.children[i], edit.children[j]
    for pair in pairs.value if isinstance(pairs, yaml.SequenceNode) else []:
        names = [getattr(_item(pair, x), "value", None) for x in (0, 1)]
        if names == [a, b]:
            return [(_item(pair, 2), v)]
        if names == [b, a]:
            return [(_item(pair, 2), 1.0 / v)]
    return [(None, v)]


def edit_judgments(text: str, edits: Sequence[JudgmentEdit], path: str) -> str:
    """``text`` with the judgments of ``edits`` rewritten in place (later edits of one pair
    win). Raises :class:`InputError` when a judgment is not a plain or quoted scalar of
    its own (an anchor, alias, tag or block scalar): such a file is changed by hand."""
    body = text.removeprefix(_BOM)
    root = yaml.compose(body, Loader=yaml.SafeLoader)
    judgments = _mapping_value(root, "judgments") if root is not None else None
    spans: dict[tuple[int, int], str] = {}
    for edit in edits:
        entry = _mapping_value(judgments, edit.node) if judgments is not None else None
        for scalar, value in _targets(entry, edit) if entry is not None else [(None, 0.0)]:
            where = edit.node
            if not isinstance(scalar, yaml.ScalarNode):
                raise InputError(
                    f"cannot find judgment {edit.children[edit.i]}/{edit.children[edit.j]} "
                    f"of {where} to write the repaired copy; change it by hand",
                    path=path,
                )
            start, end = scalar.start_mark.index, scalar.end_mark.index
            if body[start : start + 1] in ("&", "*", "!") or scalar.style in ("|", ">"):
                raise InputError(
                    f"{where}: judgment {edit.children[edit.i]}/{edit.children[edit.j]} is "
                    "written with a YAML anchor, alias, tag or block scalar; "
                    "change it by hand",
                    path=path,
                    line=scalar.start_mark.line + 1,
                )
            spans[(start, end)] = _value_text(value, scalar)
    out = body
    for (start, end), new in sorted(spans.items(), reverse=True):
        out = out[:start] + new + out[end:]
    return (_BOM + out) if text.startswith(_BOM) else out


def repaired_copy(result: HierarchyRepair) -> tuple[str, str]:
    """The file holding the judgments (the ``--judgments`` file, else the evaluation) and
    its text with every repaired judgment rewritten; read again and checked to hold
    exactly the repaired matrices."""
    ev = result.before.evaluation
    target = ev.judgments_path or ev.path
    if target is None:
        raise InputError("the evaluation was not read from a file; nothing to copy")
    edits: list[JudgmentEdit] = []
    for m in result.matrices:
        children = m.ids
        original = m.judgment.matrix
        final = m.search.matrix
        done: set[tuple[int, int]] = set()
        for step in reversed(m.search.steps):
            ij = (step.i, step.j)
            if ij in done or same_judgment(float(original[ij]), float(final[ij])):
                continue
            done.add(ij)
            edits.append(JudgmentEdit(m.id, children, step.i, step.j, step.new))
    before = read_text(target)
    after = edit_judgments(before, edits, target)
    _check_copy(result, target, after)
    return target, after


def _check_copy(result: HierarchyRepair, target: str, text: str) -> None:
    """The copy reads back as the repaired evaluation (else an anchor or alias shared
    a changed value with another place)."""
    from ahp_eval.io.yaml_source import load_yaml, parse_yaml

    ev = result.before.evaluation
    data, lines = parse_yaml(text.removeprefix(_BOM), target)
    if ev.judgments_path is None:
        copy = parse_evaluation(data, path=target, lines=lines)
    else:
        assert ev.path is not None
        main, main_lines = load_yaml(ev.path)
        copy = parse_evaluation(
            main,
            path=ev.path,
            lines=main_lines,
            judgments_data=data,
            judgments_path=target,
            judgments_lines=lines,
        )
    after = result.after.evaluation
    for node, judgment in [*copy.judgments.items(), *copy.alternative_judgments.items()]:
        expected = after.judgments.get(node) or after.alternative_judgments[node]
        if not np.allclose(
            judgment.matrix, expected.matrix, rtol=1e-12, atol=0, equal_nan=True
        ) or not np.array_equal(judgment.given_mask(), expected.given_mask()):
            raise InputError(
                f"{node}: the repaired copy does not read back as repaired (a YAML anchor or "
                "alias shares a changed judgment with another place); change it by hand",
                path=target,
                line=judgment.line,
            )
