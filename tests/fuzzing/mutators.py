"""Seeded mutators of YAML files (evaluations, judgments, marks) and survey exports.

Every mutator takes a ``random.Random`` and says what it did in a short label, so the
same seed gives the same file and a failure report can say how the file was made.
Structural mutations work on the parsed YAML value and splice raw YAML text (huge
numbers, deep nesting, odd strings) into the dumped document; text and byte mutations
work on the text and on its encoded bytes.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import functools
import io
import json
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml

Rng = random.Random

HUGE = "1" + "0" * 309
"""A 310-digit integer, larger than the largest float."""

LONG = 200_000
"""Characters of a long field: over the csv module's limit of 131,072."""

DEPTHS = (60, 243, 300, 490, 600, 800, 999, 1001, 1500)
"""Nesting depths of YAML collections and of criteria."""

ODD_NUMBERS: tuple[str, ...] = (
    HUGE,
    "-" + HUGE,
    "9" * 400,
    f'"{HUGE}"',
    f'"1/{HUGE}"',
    f'"{HUGE}/3"',
    "1e309",
    "-1e309",
    '"1e309"',
    "1e308",
    "1.7976931348623157e308",
    "5e-324",
    "1e-320",
    "1e-400",
    "-0",
    "-0.0",
    "0",
    "0.0",
    "-1",
    "-9",
    "10",
    "100",
    "12345678901234567890",
    "18446744073709551616",
    ".nan",
    ".NaN",
    ".inf",
    "-.inf",
    '"nan"',
    '"inf"',
    '"-inf"',
    '"1/0"',
    '"0/0"',
    '"0/1"',
    '"1/-3"',
    '"-1/3"',
    '"1/3/2"',
    '"/"',
    '"1/"',
    '"1/nan"',
    '"inf/inf"',
    '" 3 "',
    '"３"',
    "３",
    '"１/３"',
    '"⅓"',
    '"½"',
    '"1,5"',
    "0x1F",
    "0o17",
    "0b11",
    "1_000",
    "+5",
    "1:30",
    "2026-10-01",
    "2026-10-01 10:00:00",
    "true",
    "no",
    "~",
    '""',
    '" "',
    "[]",
    "{}",
    "[1, 2]",
    "{a: 1}",
    "!!binary aGVsbG8=",
    "!!str 5",
    "!!float 1e400",
    "!!int 0x10",
    "!!timestamp 2026-10-01",
    "!!set {a: null}",
    "!!python/name:os.system",
    "!custom 3",
    "*undefined",
    "&anchor 3",
    "3.",
    ".5",
    "1e3",
    "9.000000001",
    "0.11111",
    "1e-9",
    "2**10",
    "1/3",
    "3 # comment",
)
"""Raw YAML scalars that are numbers in some reading and trouble in another."""

TROUBLE: tuple[str, ...] = (
    HUGE,
    "-" + HUGE,
    "9" * 400,
    f'"1/{HUGE}"',
    "1e309",
    "5e-324",
    ".nan",
    ".inf",
    "-0",
    "0",
)
"""The odd numbers most often mishandled: picked as often as all the others together."""


def odd_number(rng: Rng) -> str:
    """A raw odd number: half the time one of :data:`TROUBLE`."""
    return rng.choice(TROUBLE if rng.random() < 0.5 else ODD_NUMBERS)


ODD_TEXTS: tuple[str, ...] = (
    "<script>alert(1)</script>",
    "</td></tr></table><b>",
    "| pipe | cell |",
    '=HYPERLINK("http://example.com","点我")',
    "=1+2",
    "+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "-2+3",
    "$x^2$",
    "$$\\frac{1}{2}$$",
    "line one\nline two",
    "a\r\nb",
    "tab\there",
    "[bold red]rich[/]",
    "[/]",
    "[link=file:///etc/passwd]x[/link]",
    "**bold** _it_ `code`",
    "# heading",
    "\x1b[31mred\x1b[0m",
    "\u202eevil",
    "zero\u200bwidth",
    "emoji 😀🇨🇳",
    "e\u0301",
    "nul\x00byte",
    "\ufeffbom",
    "&amp; &lt;",
    "{{ template }}",
    "%s %d {0}",
    "\\",
    '"',
    "'",
    ",",
    ";",
    "   padded   ",
    "",
    " ",
    "a" * 300,
    "名" * 1000,
    "\ud83d\ude00 split surrogates",
    "\ud800",
    "\x85next line",
    "\u2028line separator",
    "../../etc/passwd",
    "]]>",
    "<!--",
    "\x7f",
    "ID WITH SPACE",
    "a/b",
    "C11",
)
"""Names, labels and ids with markup, formulas, control characters or odd Unicode."""

MARKUP: tuple[str, ...] = (
    "[/]",
    "a [/] b",
    "[bold]",
    "[/bold]",
    "[red]x",
    "[bold]粗体[/]",
    "[link=file:///etc/passwd]x[/link]",
    "\\[escaped]",
    "[[double]]",
    "<script>alert(1)</script>",
    "</td></tr></table><b>",
    "| pipe | cell |",
    "**bold** _it_ `code`",
    '=HYPERLINK("http://example.com","点我")',
    "=1+2",
    "@SUM(A1:A9)",
    "$x^2$",
    "line one\nline two",
)
"""Text that a renderer may read as markup: rich, HTML, Markdown, spreadsheet formulas."""


def odd_string(rng: Rng) -> str:
    """An odd name or label: a third of the time one of :data:`MARKUP`."""
    return rng.choice(MARKUP if rng.random() < 0.35 else ODD_TEXTS)


ODD_CELLS: tuple[str, ...] = (
    "0",
    "6",
    "-1",
    "100",
    "101",
    "5.5",
    "4.0",
    "04",
    "+4",
    "4e0",
    " 4 ",
    "\t4",
    "四",
    "N/A",
    "3分",
    "３",
    "4,5",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e309",
    HUGE,
    "-0",
    "0x3",
    "True",
    "=1+2",
    "'3",
    '"3"',
    "½",
    "3\n",
    "\x00",
    "1_0",
    "٣",
    "",
    " ",
)
"""Answer cells: out of scale, non-numeric, or numbers in an unusual spelling."""


def quote(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (lone surrogates as escapes)."""
    raw = json.dumps(text, ensure_ascii=False)
    return re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", raw)


def deep_flow(depth: int, rng: Rng) -> str:
    """A flow collection nested ``depth`` levels deep."""
    kind = rng.randrange(3)
    if kind == 0:
        return "[" * depth + "1" + "]" * depth
    if kind == 1:
        return "{a: " * depth + "1" + "}" * depth
    opens = [rng.choice(("[", "{k: ")) for _ in range(depth)]
    closes = ["]" if o == "[" else "}" for o in reversed(opens)]
    return "".join(opens) + "1" + "".join(closes)


def deep_block(key: str, depth: int, rng: Rng) -> str:
    """A top-level ``key`` whose value is a block collection nested ``depth`` levels deep."""
    lines = [f"{key}:"]
    seq = rng.random() < 0.5
    lines += ["  " * i + ("-" if seq else f"k{i}:") for i in range(1, depth)]
    lines.append("  " * depth + "1")
    return "\n".join(lines) + "\n"


def chain(prefix: str, depth: int) -> str:
    """A flow list of one criterion with a single child, ``depth`` levels deep."""
    opens = "".join(f"{{id: {prefix}{i}, name: 层{i}, criteria: [" for i in range(depth))
    return "[" + opens + f"{{id: {prefix}{depth}, name: 底层}}" + "]}" * depth + "]"


class Splice:
    """Raw YAML text put into a dumped document in place of placeholder strings."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}

    def token(self, raw: str) -> str:
        key = f"zzfuzz{len(self.texts)}zz"
        self.texts[key] = raw
        return key

    def dump(self, data: Any, rng: Rng) -> str:
        text = yaml.dump(
            data,
            Dumper=yaml.CSafeDumper,
            allow_unicode=True,
            sort_keys=False,
            width=1_000_000_000,
            default_flow_style=rng.choice((False, None)),
        )
        # longest first: zzfuzz1zz must not eat the start of zzfuzz12zz
        for key in sorted(self.texts, key=len, reverse=True):
            text = text.replace(key, self.texts[key])
        return text


def odd_value(rng: Rng, splice: Splice) -> str:
    """A token for a raw odd value: a number, a string, a long or deep value, a wrong type."""
    roll = rng.random()
    if roll < 0.6:
        raw = odd_number(rng)
    elif roll < 0.85:
        raw = quote(odd_string(rng))
    elif roll < 0.9:
        raw = quote(rng.choice(("x", "名", "=")) * LONG)
    elif roll < 0.95:
        raw = deep_flow(rng.choice(DEPTHS), rng)
    else:
        raw = "[" + ", ".join(odd_number(rng) for _ in range(rng.randrange(4))) + "]"
    return splice.token(raw)


def odd_text(rng: Rng, splice: Splice) -> str:
    """A token for an odd string (markup, formulas, control characters, long)."""
    if rng.random() < 0.08:
        return splice.token(quote(rng.choice(("长", "a", "<b>")) * LONG))
    return splice.token(quote(odd_string(rng)))


# --- walking a parsed YAML value ------------------------------------------------------------

Slot = tuple[Any, Any]
"""A container (dict or list) and a key or index in it."""


def slots(data: Any) -> list[Slot]:
    """Every (container, key) of a value, parents before children."""
    out: list[Slot] = []
    todo = [data]
    while todo:
        node = todo.pop(0)
        if isinstance(node, dict):
            pairs: list[tuple[Any, Any]] = list(node.items())
        elif isinstance(node, list):
            pairs = list(enumerate(node))
        else:
            continue
        for key, value in pairs:
            out.append((node, key))
            todo.append(value)
    return out


def hierarchy(data: Any) -> list[dict[str, Any]]:
    """The goal and every criterion and indicator mapping of an evaluation value."""
    if not isinstance(data, dict):
        return []
    out: list[dict[str, Any]] = []
    if isinstance(data.get("goal"), dict):
        out.append(data["goal"])
    todo = list(data["criteria"]) if isinstance(data.get("criteria"), list) else []
    while todo:
        node = todo.pop(0)
        if not isinstance(node, dict):
            continue
        out.append(node)
        for key in ("criteria", "indicators"):
            if isinstance(node.get(key), list):
                todo.extend(node[key])
    return out


def leaves(data: Any) -> list[str]:
    """Ids of the criteria and indicators without children, in declared order."""
    nodes = hierarchy(data)[1:] if isinstance(data, dict) and "goal" in data else []
    return [
        str(n.get("id"))
        for n in nodes
        if not isinstance(n.get("criteria"), list) and not isinstance(n.get("indicators"), list)
    ]


def _judgments(data: Any) -> dict[Any, Any] | None:
    if isinstance(data, dict) and isinstance(data.get("judgments"), dict) and data["judgments"]:
        judgments: dict[Any, Any] = data["judgments"]
        return judgments
    return None


def _section(data: Any, key: str) -> dict[Any, Any] | None:
    """``data[key]`` as a mapping, created when missing (None when data is no mapping)."""
    if not isinstance(data, dict):
        return None
    if not isinstance(data.get(key), dict):
        data[key] = {}
    section: dict[Any, Any] = data[key]
    return section


SCALE_VALUES = (1, 2, 3, 4, 5, 6, 7, 8, 9, "1/2", "1/3", "1/5", "1/7", "1/9")

Op = Callable[[Any, Rng, Splice], "tuple[Any, str] | None"]
"""A structural mutation: the new value and a label, or None where it does not apply."""


# --- structural mutations of any YAML value -------------------------------------------------


def op_odd_value(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """Any value becomes an odd number, string, long or deep value."""
    found = slots(data)
    if not found:
        return None
    container, key = rng.choice(found)
    container[key] = odd_value(rng, splice)
    return data, f"{key!r} = {_short(splice.texts[container[key]])}"


def op_retype(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """A mapping becomes a list, a list a mapping, a scalar a list."""
    found = slots(data)
    if not found:
        return None
    container, key = rng.choice(found)
    value = container[key]
    if isinstance(value, dict):
        container[key] = list(value.values()) if rng.random() < 0.5 else list(value.items())
        what = "mapping -> list"
    elif isinstance(value, list):
        container[key] = {f"k{i}": v for i, v in enumerate(value)}
        what = "list -> mapping"
    else:
        container[key] = [value] if rng.random() < 0.5 else {"value": value}
        what = "scalar -> collection"
    _ = splice
    return data, f"{key!r}: {what}"


def op_delete(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """A key or a list item disappears."""
    found = slots(data)
    if not found:
        return None
    container, key = rng.choice(found)
    del container[key]
    _ = splice
    return data, f"delete {key!r}"


def op_duplicate(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """A list item is repeated, or a mapping gets a near-copy of a key."""
    found = slots(data)
    if not found:
        return None
    container, key = rng.choice(found)
    if isinstance(container, list):
        container.insert(key, copy.deepcopy(container[key]))
        return data, f"repeat item {key}"
    twin = rng.choice((f"{key} ", f"{key}".upper(), f"_{key}", "colour", "名称", "<<"))
    container[twin] = copy.deepcopy(container[key])
    _ = splice
    return data, f"add key {twin!r}"


def op_swap(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """Two items of a list change places."""
    lists = [c for c, _ in slots(data) if isinstance(c, list) and len(c) > 1]
    if not lists:
        return None
    items = rng.choice(lists)
    i, j = rng.sample(range(len(items)), 2)
    items[i], items[j] = items[j], items[i]
    _ = splice
    return data, f"swap items {i} and {j}"


def op_root(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """The whole document becomes a list, a scalar or nothing."""
    roll = rng.randrange(4)
    if roll == 0:
        return [data], "document -> list"
    if roll == 1:
        return odd_value(rng, splice), "document -> scalar"
    if roll == 2:
        return None, "document -> null"
    return {"goal": data}, "document nested under goal"


# --- structural mutations that know the evaluation format -----------------------------------


def op_swap_ids(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """Two nodes of the hierarchy exchange their ids."""
    nodes = [n for n in hierarchy(data) if "id" in n]
    if len(nodes) < 2:
        return None
    a, b = rng.sample(nodes, 2)
    a["id"], b["id"] = b["id"], a["id"]
    _ = splice
    return data, f"swap ids {a['id']} and {b['id']}"


def op_duplicate_id(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """One node takes another node's id."""
    nodes = [n for n in hierarchy(data) if "id" in n]
    if len(nodes) < 2:
        return None
    a, b = rng.sample(nodes, 2)
    b["id"] = a["id"]
    _ = splice
    return data, f"duplicate id {a['id']}"


def op_odd_id(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """A node's id becomes an odd string or number."""
    nodes = hierarchy(data)
    if not nodes:
        return None
    node = rng.choice(nodes)
    node["id"] = odd_text(rng, splice) if rng.random() < 0.7 else odd_value(rng, splice)
    return data, f"id = {_short(splice.texts[node['id']])}"


def op_odd_name(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """A name, English name, description or title becomes markup, a formula or long text."""
    nodes: list[dict[Any, Any]] = hierarchy(data)
    if isinstance(data, dict):
        nodes.append(data)
    if not nodes:
        return None
    node = rng.choice(nodes)
    key = rng.choice(
        ("name", "name_en", "description")
        if node is not data
        else ("name", "name_en", "source", "sector", "description", "judge", "note", "site")
    )
    # names reach every renderer: markup half the time
    raw = rng.choice(MARKUP) if rng.random() < 0.5 else None
    node[key] = splice.token(quote(raw)) if raw is not None else odd_text(rng, splice)
    return data, f"{key} = {_short(splice.texts[node[key]])}"


def op_drop_required(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """A required key goes: a node's id or name, or the goal, criteria or judgments."""
    if not isinstance(data, dict):
        return None
    if rng.random() < 0.3:
        present = [k for k in ("goal", "criteria", "judgments", "marks") if k in data]
        if not present:
            return None
        key = rng.choice(present)
        del data[key]
        return data, f"drop {key}"
    nodes = [n for n in hierarchy(data) if "id" in n or "name" in n]
    if not nodes:
        return None
    node = rng.choice(nodes)
    key = rng.choice([k for k in ("id", "name") if k in node])
    del node[key]
    _ = splice
    return data, f"drop a node's {key}"


def _matrix_rows(entry: Any) -> list[Any] | None:
    if isinstance(entry, list) and entry and all(isinstance(r, list) for r in entry):
        return entry
    if isinstance(entry, dict) and isinstance(entry.get("matrix"), list):
        rows: list[Any] = entry["matrix"]
        return rows
    return None


def op_judgment_value(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """One judgment changes: not reciprocal, off the diagonal's 1, or an odd number."""
    judgments = _judgments(data)
    if judgments is None:
        return None
    key = rng.choice(list(judgments))
    entry = judgments[key]
    odd = rng.random() < 0.5
    value: Any = odd_value(rng, splice) if odd else rng.choice(SCALE_VALUES)
    shown = _short(splice.texts[value]) if odd else repr(value)
    rows = _matrix_rows(entry)
    if rows and all(isinstance(r, list) and r for r in rows):
        i = rng.randrange(len(rows))
        j = rng.randrange(len(rows[i]))
        rows[i][j] = value
        return data, f"judgments.{key}[{i}][{j}] = {shown}"
    if isinstance(entry, dict) and isinstance(entry.get("upper"), list) and entry["upper"]:
        i = rng.randrange(len(entry["upper"]))
        entry["upper"][i] = value
        return data, f"judgments.{key}.upper[{i}] = {shown}"
    if isinstance(entry, dict) and isinstance(entry.get("pairs"), list) and entry["pairs"]:
        pair = rng.choice(entry["pairs"])
        if isinstance(pair, list) and pair:
            pair[rng.randrange(len(pair))] = value
            return data, f"judgments.{key}: a pair's item = {shown}"
    judgments[key] = value
    return data, f"judgments.{key} = {shown}"


def op_judgment_size(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """A judgment matrix gets the wrong size: a row, column, value or pair more or less."""
    judgments = _judgments(data)
    if judgments is None:
        return None
    key = rng.choice(list(judgments))
    entry = judgments[key]
    rows = _matrix_rows(entry)
    grow = rng.random() < 0.5
    if rows:
        target = rows if rng.random() < 0.5 else rng.choice(rows)
        if isinstance(target, list) and target:
            if grow:
                target.append(copy.deepcopy(target[-1]))
            else:
                target.pop()
            return data, f"judgments.{key}: matrix {'grows' if grow else 'shrinks'}"
    for form in ("upper", "pairs"):
        if isinstance(entry, dict) and isinstance(entry.get(form), list) and entry[form]:
            items = entry[form]
            if grow:
                items.append(copy.deepcopy(rng.choice(items)))
            else:
                items.pop(rng.randrange(len(items)))
            return data, f"judgments.{key}.{form}: {'one more' if grow else 'one fewer'}"
    _ = splice
    return None


def op_judgment_gaps(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """Pairs not compared: pairs dropped, null in upper, null on one or both sides of a
    matrix's diagonal (connected or not, a spanning tree, nothing left)."""
    judgments = _judgments(data)
    if judgments is None:
        return None
    key = rng.choice(list(judgments))
    entry = judgments[key]
    rows = _matrix_rows(entry)
    if rows and all(isinstance(r, list) and r for r in rows):
        n = len(rows)
        i, j = rng.randrange(n), rng.randrange(n)
        both = rng.random() < 0.7
        for a, b in ((i, j), (j, i)) if both else ((i, j),):
            if a < len(rows) and b < len(rows[a]):
                rows[a][b] = None
        return data, f"judgments.{key}[{i}][{j}] = null{' both sides' if both else ''}"
    for form in ("upper", "pairs"):
        if isinstance(entry, dict) and isinstance(entry.get(form), list) and entry[form]:
            items = entry[form]
            count = rng.choice((1, 1, 2, len(items) // 2, len(items) - 1, len(items)))
            for _ in range(max(count, 0)):
                k = rng.randrange(len(items)) if items else 0
                if form == "upper" and items:
                    items[k] = None
                elif items:
                    items.pop(k)
                if form == "pairs" and rng.random() < 0.1 and items:
                    item = rng.choice(items)
                    if isinstance(item, list) and item:
                        item[-1] = None  # a null value in a pair is not a gap: an error
            return data, f"judgments.{key}.{form}: {count} pairs not compared"
    _ = splice
    return None


def op_judgment_entries(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """Judgments for an unknown node or a leaf, a missing one, two forms at once."""
    judgments = _judgments(data)
    if judgments is None:
        return None
    roll = rng.randrange(5)
    key = rng.choice(list(judgments))
    if roll == 0:
        del judgments[key]
        return data, f"drop judgments.{key}"
    if roll == 1:
        ids = [str(n.get("id")) for n in hierarchy(data)] or ["ZZ"]
        target = rng.choice([*ids, "ZZ9", key + " "])
        judgments[target] = copy.deepcopy(judgments[key])
        return data, f"judgments.{target} copied from {key}"
    if roll == 2:
        other = rng.choice(list(judgments))
        judgments[key], judgments[other] = judgments[other], judgments[key]
        return data, f"judgments {key} and {other} exchanged"
    if roll == 3:
        judgments[key] = {
            "upper": [1],
            "matrix": [[1]],
            "pairs": [],
            "note": odd_text(rng, splice),
        }
        return data, f"judgments.{key}: every form at once"
    judgments[key] = rng.choice(([], {}, {"upper": []}, {"pairs": [["x", "y"]]}, "1/3", [[1]]))
    return data, f"judgments.{key} = {judgments[key]!r}"


def op_deep_hierarchy(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """A leaf becomes a chain of single-child criteria hundreds of levels deep."""
    nodes = hierarchy(data)[1:]
    ends = [
        n
        for n in nodes
        if not isinstance(n.get("criteria"), list) and not isinstance(n.get("indicators"), list)
    ]
    if not ends:
        return None
    node = rng.choice(ends)
    depth = rng.choice((200, 241, 243, 260, 300, 400, 600))
    node["criteria"] = splice.token(chain("Z", depth))
    return data, f"criteria nested {depth} deep under {node.get('id')}"


def op_wide(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """A node gets many children (a matrix beyond the RI tables, or none at all)."""
    nodes = [n for n in hierarchy(data) if isinstance(n.get("indicators"), list)]
    if not nodes:
        return None
    node = rng.choice(nodes)
    n = rng.choice((10, 15, 16, 30, 100))
    node["indicators"] = [{"id": f"W{i}", "name": f"宽{i}"} for i in range(n)]
    judgments = _judgments(data)
    if judgments is not None and rng.random() < 0.6:
        judgments[node.get("id")] = {"upper": [1] * (n * (n - 1) // 2)}
    _ = splice
    return data, f"{n} indicators under {node.get('id')}"


def op_children(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """A node's indicators become criteria, or a node gets both kinds of children."""
    nodes = [n for n in hierarchy(data) if isinstance(n.get("indicators"), list)]
    if not nodes:
        return None
    node = rng.choice(nodes)
    if rng.random() < 0.5:
        node["criteria"] = node.pop("indicators")
        return data, f"{node.get('id')}: indicators -> criteria"
    node["criteria"] = [{"id": "Y1", "name": "另一个"}]
    _ = splice
    return data, f"{node.get('id')}: both criteria and indicators"


def _alternative_ids(data: Any) -> list[str]:
    alternatives = data.get("alternatives") if isinstance(data, dict) else None
    if not isinstance(alternatives, list):
        return []
    return [str(a.get("id")) for a in alternatives if isinstance(a, dict)]


def op_add_alternatives(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """An evaluation gets alternatives, each leaf a performance table or a matrix over
    them (valid: the whole classic AHP path runs), the leaves' scores as they come."""
    ends = leaves(data)
    if not ends or not isinstance(data, dict) or "alternatives" in data:
        return None
    n = rng.choice((2, 3, 4, 16))
    ids = [f"P{k}" for k in range(n)]
    data["alternatives"] = [{"id": i, "name": f"方案{i}"} for i in ids]
    performance: dict[str, Any] = {}
    judgments = _section(data, "judgments")
    assert judgments is not None
    for leaf in ends:
        if rng.random() < 0.5 and n < 16:
            judgments[leaf] = {"upper": [rng.choice(SCALE_VALUES) for _ in range(n * (n - 1) // 2)]}
        elif rng.random() < 0.5:
            performance[leaf] = [rng.choice((1, 2.5, 7, 100)) for _ in ids]
        else:
            performance[leaf] = {
                "values": {i: rng.choice((0.1, 3, 40)) for i in ids},
                "cost": rng.random() < 0.5,
            }
    if performance:
        data["performance"] = performance
    if rng.random() < 0.3:
        _section(data, "settings")["synthesis"] = rng.choice(("ideal", "distributive"))  # type: ignore[index]
    _ = splice
    return data, f"{n} alternatives added"


def op_alternatives(  # noqa: PLR0911 - one return per kind of change
    data: Any, rng: Rng, splice: Splice
) -> tuple[Any, str] | None:
    """The alternatives list changes: one dropped, added, repeated, odd, or the list gone."""
    alternatives = data.get("alternatives") if isinstance(data, dict) else None
    if not isinstance(alternatives, list) or not alternatives:
        return None
    roll = rng.randrange(6)
    k = rng.randrange(len(alternatives))
    if roll == 0:
        alternatives.pop(k)
        return data, f"alternatives: item {k} dropped"
    if roll == 1:
        alternatives.append({"id": "PZ", "name": odd_text(rng, splice)})
        return data, "alternatives: one more"
    if roll == 2:
        alternatives.append(copy.deepcopy(alternatives[k]))
        return data, f"alternatives: item {k} repeated"
    if roll == 3:
        if isinstance(alternatives[k], dict):
            alternatives[k]["id"] = odd_value(rng, splice)
        return data, f"alternatives: item {k} odd id"
    if roll == 4:
        del data["alternatives"]
        return data, "alternatives: list removed"
    data["alternatives"] = rng.choice(({}, "Tom", [[1]], None, alternatives[:1]))
    return data, f"alternatives = {data['alternatives']!r}"


def op_performance(  # noqa: PLR0911 - one return per kind of change
    data: Any, rng: Rng, splice: Splice
) -> tuple[Any, str] | None:
    """A performance entry gets odd, zero, negative, missing or unknown scores, an odd
    cost flag, or names an unknown leaf or a node with children."""
    ids = _alternative_ids(data)
    if not ids:
        return None
    performance = _section(data, "performance")
    assert performance is not None
    ends = leaves(data) or ["ZZ"]
    roll = rng.randrange(8)
    leaf = rng.choice(list(performance)) if performance and roll < 4 else rng.choice(ends)
    values: dict[str, Any] = {i: rng.choice((1, 2, 3.5)) for i in ids}
    if roll == 0:
        values[rng.choice(ids)] = odd_value(rng, splice)
        performance[leaf] = {"values": values}
        return data, f"performance.{leaf}: an odd score"
    if roll == 1:
        values[rng.choice(ids)] = rng.choice((0, -1, -0.0, 1e-320))
        performance[leaf] = {"values": values, "cost": True}
        return data, f"performance.{leaf}: zero or negative score"
    if roll == 2:
        del values[rng.choice(ids)]
        values["QQ"] = 1
        performance[leaf] = {"values": values}
        return data, f"performance.{leaf}: missing and unknown alternatives"
    if roll == 3:
        performance[leaf] = {"values": list(values.values())[1:], "cost": odd_value(rng, splice)}
        return data, f"performance.{leaf}: short list, odd cost"
    if roll == 4:
        nodes = [str(n.get("id")) for n in hierarchy(data)]
        target = rng.choice([*nodes, "ZZ9"])
        performance[target] = list(values.values())
        return data, f"performance.{target} given"
    if roll == 5:
        judgments = _judgments(data)
        if judgments is not None:
            judgments.pop(leaf, None)
        performance[leaf] = list(values.values())
        return data, f"performance.{leaf} replaces its judgments"
    if roll == 6:
        performance[leaf] = rng.choice(("1,2", {}, {"cost": True}, {"values": None}, [[1]]))
        return data, f"performance.{leaf} = {performance[leaf]!r}"
    data["performance"] = odd_value(rng, splice)
    return data, "performance = an odd value"


SETTINGS_KEYS = (
    "method",
    "ri",
    "cr_threshold",
    "scale_max",
    "precision",
    "illustrative",
    "seed",
    "synthesis",
)


def op_settings(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """A setting gets an odd value, or the RI table an odd list."""
    settings = _section(data, "settings")
    if settings is None:
        return None
    key = rng.choice(SETTINGS_KEYS)
    if key == "ri" and rng.random() < 0.6:
        values = [rng.choice(("0", "0.58", "0.9", "1.12", odd_number(rng))) for _ in range(12)]
        raw = "[" + ", ".join(values[: rng.randrange(1, 13)]) + "]"
        settings[key] = splice.token(raw)
    else:
        settings[key] = odd_value(rng, splice)
    return data, f"settings.{key} = {_short(splice.texts[settings[key]])}"


def op_survey(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """The survey mapping: odd scale, group, formula, or questions."""
    survey = _section(data, "survey")
    if survey is None:
        return None
    roll = rng.randrange(5)
    if roll <= 1:
        scale = _section(survey, "scale")
        assert scale is not None
        key = rng.choice(("min", "max"))
        scale[key] = odd_value(rng, splice)
        return data, f"survey.scale.{key} = {_short(splice.texts[scale[key]])}"
    if roll == 2:
        key = rng.choice(("group", "score_formula", "questions", "colour"))
        survey[key] = odd_text(rng, splice) if rng.random() < 0.6 else odd_value(rng, splice)
        return data, f"survey.{key} = {_short(splice.texts[survey[key]])}"
    questions = survey.get("questions")
    if not isinstance(questions, list) or not questions:
        ids = leaves(data) or ["C11"]
        survey["questions"] = [{"column": f"Q{i}", "indicator": x} for i, x in enumerate(ids)]
        questions = survey["questions"]
    q = rng.choice(questions)
    if not isinstance(q, dict):
        return None
    key = rng.choice(("column", "indicator", "reverse", "role", "text", "weight"))
    q[key] = rng.choice(
        (
            odd_text(rng, splice),
            odd_value(rng, splice),
            splice.token(rng.choice(("expectation", "B1", "A", "true", "C11"))),
        )
    )
    return data, f"survey.questions[].{key} = {_short(splice.texts[q[key]])}"


def op_grades(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """The grade bands: odd minimum, odd label, duplicates, no band at 0."""
    if not isinstance(data, dict):
        return None
    if not isinstance(data.get("grades"), list) or not data["grades"]:
        data["grades"] = [
            {"min": 85, "label": "A"},
            {"min": 60, "label": "B"},
            {"min": 0, "label": "C"},
        ]
    grades = data["grades"]
    band = rng.choice(grades)
    if not isinstance(band, dict):
        return None
    key = rng.choice(("min", "min", "label"))
    band[key] = odd_value(rng, splice) if key == "min" else odd_text(rng, splice)
    return data, f"grades[].{key} = {_short(splice.texts[band[key]])}"


def op_version(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """The format version becomes odd."""
    if not isinstance(data, dict):
        return None
    data["version"] = odd_value(rng, splice)
    return data, f"version = {_short(splice.texts[data['version']])}"


# --- marks files -----------------------------------------------------------------------------


def _marks(data: Any) -> dict[Any, Any] | None:
    if isinstance(data, dict) and isinstance(data.get("marks"), dict) and data["marks"]:
        marks: dict[Any, Any] = data["marks"]
        return marks
    return None


def op_mark_value(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """A mark becomes an odd number or string."""
    marks = _marks(data)
    if marks is None:
        return None
    key = rng.choice(list(marks))
    marks[key] = odd_value(rng, splice)
    return data, f"marks.{key} = {_short(splice.texts[marks[key]])}"


def op_mark_ids(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """A mark for an unknown indicator, or a missing one."""
    marks = _marks(data)
    if marks is None:
        return None
    key = rng.choice(list(marks))
    if rng.random() < 0.5:
        del marks[key]
        return data, f"drop marks.{key}"
    new = rng.choice(("ZZ9", "A", "B1", key + " ", key.lower(), "<b>"))
    marks[new] = marks[key]
    _ = splice
    return data, f"marks.{new} added"


def op_mark_scale(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """The marks file's scale becomes odd."""
    scale = _section(data, "scale")
    if scale is None:
        return None
    key = rng.choice(("min", "max"))
    scale[key] = odd_value(rng, splice)
    return data, f"scale.{key} = {_short(splice.texts[scale[key]])}"


def op_flat_marks(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """The marks mapping without its wrapper (a plain id -> mark file)."""
    marks = _marks(data)
    if marks is None:
        return None
    _ = rng, splice
    return marks, "flat id -> mark mapping"


GENERIC: tuple[tuple[Op, int], ...] = (
    (op_odd_value, 8),
    (op_retype, 3),
    (op_delete, 3),
    (op_duplicate, 2),
    (op_swap, 1),
    (op_root, 1),
)
EVALUATION: tuple[tuple[Op, int], ...] = (
    *GENERIC,
    (op_swap_ids, 2),
    (op_duplicate_id, 2),
    (op_odd_id, 2),
    (op_odd_name, 4),
    (op_drop_required, 2),
    (op_judgment_value, 5),
    (op_judgment_size, 3),
    (op_judgment_gaps, 3),
    (op_judgment_entries, 2),
    (op_deep_hierarchy, 2),
    (op_wide, 1),
    (op_children, 1),
    (op_settings, 4),
    (op_survey, 4),
    (op_grades, 3),
    (op_version, 1),
    (op_add_alternatives, 2),
    (op_alternatives, 2),
    (op_performance, 3),
)
JUDGMENTS: tuple[tuple[Op, int], ...] = (
    *GENERIC,
    (op_odd_name, 2),
    (op_judgment_value, 6),
    (op_judgment_size, 4),
    (op_judgment_gaps, 4),
    (op_judgment_entries, 3),
)
MARKS: tuple[tuple[Op, int], ...] = (
    *GENERIC,
    (op_odd_name, 2),
    (op_mark_value, 8),
    (op_mark_ids, 3),
    (op_mark_scale, 3),
    (op_flat_marks, 1),
)
NAMES: tuple[tuple[Op, int], ...] = ((op_odd_name, 1),)
"""Only names and titles change: the input stays valid and reaches every renderer."""
OPS = {"evaluation": EVALUATION, "judgments": JUDGMENTS, "marks": MARKS, "names": NAMES}


def _short(raw: str) -> str:
    """A raw value shortened for a label."""
    if len(raw) <= 40:
        return raw
    return f"{raw[:24]}...{raw[-8:]} ({len(raw):,} chars)"


@functools.lru_cache(maxsize=64)
def _parsed(text: str) -> Any:
    return yaml.load(text, Loader=yaml.CSafeLoader)


def structural(text: str, kind: str, count: int, rng: Rng) -> tuple[str, list[str]]:
    """``count`` structural mutations of a YAML document; returns its new text."""
    data = copy.deepcopy(_parsed(text))
    splice = Splice()
    labels: list[str] = []
    ops, weights = zip(*OPS[kind], strict=True)
    tries = 0
    while len(labels) < count and tries < 20:
        tries += 1
        op = rng.choices(ops, weights)[0]
        done = op(data, rng, splice)
        if done is not None:
            data, label = done
            labels.append(label)
    return splice.dump(data, rng), labels


# --- text mutations ---------------------------------------------------------------------------

ODD_LINES = (
    "zz: 1",
    "- x",
    ": :",
    "{",
    "[",
    "? a",
    "&a b",
    "*a",
    "!!python/object:os.system {}",
    "%YAML 1.1",
    "---",
    "...",
    "\tkey: tab",
    "<<: {a: 1}",
    "key: 'unterminated",
    'key: "\\x"',
    "goal: {id: A, name: again}",
    "judgments: {}",
    "@reserved",
    "`reserved",
    "id: A",
)


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True) or [""]


def text_truncate(text: str, rng: Rng) -> tuple[str, str]:
    cut = rng.randrange(len(text) + 1)
    return text[:cut], f"truncated at {cut} of {len(text)} chars"


def text_line_edit(text: str, rng: Rng) -> tuple[str, str]:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    roll = rng.randrange(5)
    if roll == 0:
        del lines[i]
        what = "deleted"
    elif roll == 1:
        lines.insert(i, lines[i])
        what = "duplicated"
    elif roll == 2:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        what = f"swapped with line {j + 1}"
    elif roll == 3:
        lines[i] = rng.choice(("  ", " ", "\t", "")) + lines[i].lstrip(" ")
        what = "re-indented"
    else:
        lines.insert(i, rng.choice(ODD_LINES) + "\n")
        what = "preceded by an odd line"
    return "".join(lines), f"line {i + 1} {what}"


NUMBER = re.compile(r"(?<=[\s\[,:{-])(\d+(?:\.\d+)?|\"\d+/\d+\")(?=[\s,\]}]|$)", re.MULTILINE)


def text_number(text: str, rng: Rng) -> tuple[str, str]:
    """One number in the text (a judgment, a setting, a mark) becomes an odd number."""
    found = [
        m
        for m in NUMBER.finditer(text)
        if "#" not in text[text.rfind("\n", 0, m.start()) : m.start()]
    ]
    if not found:
        return text, "no number to replace"
    m = rng.choice(found)
    raw = odd_number(rng)
    line = text.count("\n", 0, m.start()) + 1
    return text[: m.start()] + raw + text[m.end() :], f"line {line}: {m.group()} -> {_short(raw)}"


def text_deep(text: str, rng: Rng) -> tuple[str, str]:
    """Deep nesting: a flow value replaced in place, or a block key added at the end."""
    depth = rng.choice(DEPTHS)
    values = list(re.finditer(r"(?<=: )\S.*$", text, re.MULTILINE))
    if values and rng.random() < 0.6:
        m = rng.choice(values)
        line = text.count("\n", 0, m.start()) + 1
        return (
            text[: m.start()] + deep_flow(depth, rng) + text[m.end() :],
            f"line {line}: value nested {depth} deep (flow)",
        )
    key = rng.choice(("zz", "settings", "survey", "judgments", "criteria", "marks"))
    body = re.sub(rf"(?m)^{key}:.*\n(?:[ \t-].*\n|\n)*", "", text) if key != "zz" else text
    if not body.endswith("\n"):
        body += "\n"
    return body + deep_block(key, depth, rng), f"{key} nested {depth} deep (block)"


def text_long(text: str, rng: Rng) -> tuple[str, str]:
    """A 200,000-character line: a value, a key or a comment."""
    lines = _lines(text)
    i = rng.randrange(len(lines))
    long = rng.choice(("x", "名", "9")) * LONG
    roll = rng.randrange(3)
    if roll == 0:
        lines[i] = lines[i].rstrip("\n") + " # " + long + "\n"
        what = "comment"
    elif roll == 1:
        lines[i] = re.sub(r"(?<=: )\S.*$", lambda _m: long, lines[i].rstrip("\n")) + "\n"
        what = "value"
    else:
        lines.insert(i, f"{long}: 1\n")
        what = "key"
    return "".join(lines), f"line {i + 1}: a {LONG:,}-char {what}"


def text_chars(text: str, rng: Rng) -> tuple[str, str]:
    """Odd characters: tabs, CR line ends, a BOM, NUL, control and separator characters."""
    roll = rng.randrange(6)
    if roll == 0:
        return text.replace("\n", "\r"), "CR line ends"
    if roll == 1:
        return text.replace("\n", "\r\n"), "CRLF line ends"
    if roll == 2:
        return text.replace("  ", "\t", rng.randrange(1, 5)), "tabs as indentation"
    i = rng.randrange(len(text) + 1)
    char = rng.choice(("\ufeff", "\x00", "\x1b", "\x85", "\u2028", "\ud800", "\x7f", "\u00a0"))
    return text[:i] + char + text[i:], f"char {char!r} at {i}"


def text_documents(text: str, rng: Rng) -> tuple[str, str]:
    """Several documents, or aliases that expand to many values."""
    if rng.random() < 0.5:
        return rng.choice(
            ("---\n", "%YAML 1.2\n---\n", "")
        ) + text + "\n---\n" + text, "two documents"
    width = rng.choice((3, 5, 8))
    levels = rng.choice((2, 3, 4))
    lines = [f"zz0: &a0 [{', '.join(['1'] * width)}]"]
    lines += [f"zz{k}: &a{k} [{', '.join([f'*a{k - 1}'] * width)}]" for k in range(1, levels)]
    return text.rstrip("\n") + "\n" + "\n".join(lines) + "\n", f"aliases {width}^{levels}"


TEXT_OPS: tuple[tuple[Callable[[str, Rng], tuple[str, str]], int], ...] = (
    (text_truncate, 3),
    (text_line_edit, 4),
    (text_number, 6),
    (text_deep, 3),
    (text_long, 2),
    (text_chars, 2),
    (text_documents, 1),
)


# --- encodings and bytes -----------------------------------------------------------------------

ENCODINGS = (
    "utf-8-sig",
    "gbk",
    "gb18030",
    "big5",
    "shift_jis",
    "euc-kr",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "latin-1",
    "cp1252",
)


def utf8(text: str) -> bytes:
    """UTF-8, lone surrogates written through (as invalid UTF-8)."""
    return text.encode("utf-8", "surrogatepass")


def encode(text: str, rng: Rng) -> tuple[bytes, str]:
    """The text in another encoding, or UTF-8 up to a line and another encoding after."""
    if rng.random() < 0.3:
        lines = _lines(text)
        k = rng.randrange(1, len(lines) + 1)
        other = rng.choice(("gb18030", "gbk", "big5", "shift_jis", "latin-1"))
        head = "".join(lines[:k])
        tail = "".join(lines[k:])
        return utf8(head) + tail.encode(other, "replace"), f"UTF-8 to line {k}, then {other}"
    encoding = rng.choice(ENCODINGS)
    return text.encode(encoding, "replace"), f"encoded as {encoding}"


def bytes_edit(data: bytes, rng: Rng) -> tuple[bytes, str]:
    """Flipped bits, invalid UTF-8, NULs, or a cut inside a character."""
    raw = bytearray(data)
    roll = rng.randrange(4)
    if roll == 0 and raw:
        n = rng.randrange(1, 9)
        for _ in range(n):
            i = rng.randrange(len(raw))
            raw[i] ^= 1 << rng.randrange(8)
        return bytes(raw), f"{n} bits flipped"
    if roll == 1:
        i = rng.randrange(len(raw) + 1)
        junk = rng.choice((b"\xff", b"\xc0\x80", b"\xed\xa0\x80", b"\x80", b"\xe4\xb8", b"\x00"))
        return bytes(raw[:i] + junk + raw[i:]), f"bytes {junk!r} at {i}"
    if roll == 2:
        wide = [i for i, b in enumerate(raw) if b >= 0xC0]
        i = rng.choice(wide) + 1 if wide else rng.randrange(len(raw) + 1)
        return bytes(raw[:i]), f"cut at byte {i} (inside a character)"
    i = rng.randrange(len(raw) + 1)
    j = min(len(raw), i + rng.randrange(1, 64))
    return bytes(raw[:i] + raw[j:]), f"bytes {i}..{j} deleted"


# --- YAML files -----------------------------------------------------------------------------


def mutate_yaml(text: str, kind: str, rng: Rng) -> tuple[bytes, list[str]]:
    """A mutated copy of a valid YAML file of ``kind``: evaluation, judgments or marks.

    ``names`` changes only names and titles of an evaluation, so that it stays valid.
    """
    count = rng.choices((1, 2, 3), (6, 3, 1))[0]
    if kind == "names":
        text, renamed = structural(text, kind, count, rng)
        return utf8(text), renamed
    stages = sorted(
        rng.choices(("structure", "text", "encoding", "bytes"), (10, 5, 1, 1), k=count),
        key=("structure", "text", "encoding", "bytes").index,
    )
    labels: list[str] = []
    if "structure" in stages:
        text, done = structural(text, kind, stages.count("structure"), rng)
        labels += done
    text_ops, text_weights = zip(*TEXT_OPS, strict=True)
    for _ in range(stages.count("text")):
        text, label = rng.choices(text_ops, text_weights)[0](text, rng)
        labels.append(label)
    if "encoding" in stages:
        data, label = encode(text, rng)
        labels.append(label)
    else:
        data = utf8(text)
    for _ in range(stages.count("bytes")):
        data, label = bytes_edit(data, rng)
        labels.append(label)
    return data, labels


# --- survey exports ---------------------------------------------------------------------------


@dataclass
class Sheet:
    """A survey export as rows of text, and which columns hold what."""

    rows: list[list[str]]
    group: int | None
    answers: list[int]
    free: int | None
    labels: list[str] = field(default_factory=list)

    def body(self) -> list[list[str]]:
        return self.rows[1:]

    def copy(self) -> Sheet:
        return Sheet([list(r) for r in self.rows], self.group, list(self.answers), self.free)


def read_sheet(text: str, group: str | None) -> Sheet:
    """Parse a clean CSV text; answer columns are those of numbers or blanks."""
    rows = [r for r in csv.reader(io.StringIO(text, newline="")) if r]
    header = [h.strip() for h in rows[0]]
    group_index = header.index(group) if group in header else None
    answers = []
    free = None
    for c, h in enumerate(header):
        cells = [r[c].strip() for r in rows[1:] if c < len(r)]
        if c != group_index and all(x == "" or x.isdigit() for x in cells) and any(cells):
            if not h.startswith(("编号", "id", "respondent")):
                answers.append(c)
        elif c != group_index and not any(cells):
            free = c
    return Sheet(rows, group_index, answers, free)


def _cells(sheet: Sheet, rng: Rng, share: float) -> list[tuple[int, int]]:
    body = range(1, len(sheet.rows))
    col = rng.choice(sheet.answers) if sheet.answers else 0
    if rng.random() < share:
        return [(r, col) for r in body]
    return [
        (rng.choice(body), rng.choice(sheet.answers or [0])) for _ in range(rng.randrange(1, 4))
    ]


def _set(rows: list[list[str]], r: int, c: int, value: str) -> None:
    row = rows[r]
    while len(row) <= c:
        row.append("")
    row[c] = value


def csv_odd_cells(sheet: Sheet, rng: Rng) -> str:
    cells = _cells(sheet, rng, 0.15) if len(sheet.rows) > 1 else []
    value = rng.choice(ODD_CELLS)
    for r, c in cells:
        _set(sheet.rows, r, c, value)
    return f"{len(cells)} answer cell(s) = {_short(repr(value))}"


def csv_blank_lines(sheet: Sheet, rng: Rng) -> str:
    n = rng.randrange(1, 4)
    width = len(sheet.rows[0])
    for _ in range(n):
        filler = rng.choice(([], [""] * width, [" "] * width))
        sheet.rows.insert(rng.randrange(1, len(sheet.rows) + 1), list(filler))
    return f"{n} blank line(s)"


def csv_newline_field(sheet: Sheet, rng: Rng) -> str:
    r = rng.randrange(len(sheet.rows))
    c = rng.choice([x for x in (sheet.free, sheet.group, *sheet.answers[:1], 0) if x is not None])
    value = rng.choice(("好\n很好", "a\r\nb", 'say "hi"', "3\n", "\n", '"', "x,y"))
    _set(sheet.rows, r, c, value)
    return f"row {r + 1} col {c + 1} = {value!r} (quoted)"


def csv_group_cells(sheet: Sheet, rng: Rng) -> str:
    if sheet.group is None:
        return csv_odd_cells(sheet, rng)
    body = list(range(1, len(sheet.rows)))
    if not body:
        return "no rows"
    roll = rng.randrange(4)
    rows = rng.sample(body, min(len(body), rng.randrange(1, 4)))
    if roll == 0:
        for r in rows:
            _set(sheet.rows, r, sheet.group, rng.choice(("", " ", "\t")))
        return f"{len(rows)} blank group cell(s)"
    if roll == 1:
        for r in body:
            label = sheet.rows[r][sheet.group] if sheet.group < len(sheet.rows[r]) else ""
            _set(
                sheet.rows,
                r,
                sheet.group,
                rng.choice((f" {label}", f"{label} ", label.replace("", " ").strip())),
            )
        return "group labels with spaces"
    if roll == 2:
        value = odd_string(rng)
        for r in rows:
            _set(sheet.rows, r, sheet.group, value)
        return f"group label {_short(repr(value))}"
    for r in body:
        _set(sheet.rows, r, sheet.group, f"site {r}")
    return "a group per row"


def csv_text_row(sheet: Sheet, rng: Rng) -> str:
    row = [f"问题 {i}" if i in sheet.answers else "" for i in range(len(sheet.rows[0]))]
    if rng.random() < 0.3 and sheet.answers:
        row[rng.choice(sheet.answers)] = "3"
        what = "a question-text row with one number"
    elif rng.random() < 0.3 and sheet.answers:
        row[rng.choice(sheet.answers)] = ""
        what = "a question-text row with one blank"
    else:
        what = "a question-text first data row"
    where = 1 if rng.random() < 0.8 else min(2, len(sheet.rows))
    sheet.rows.insert(where, row)
    return what


def csv_long_field(sheet: Sheet, rng: Rng) -> str:
    r = rng.randrange(len(sheet.rows))
    c = rng.choice([x for x in (sheet.free, sheet.group, 0, *sheet.answers[:1]) if x is not None])
    _set(sheet.rows, r, c, rng.choice(("长", "x", "5")) * LONG)
    return f"row {r + 1} col {c + 1}: a {LONG:,}-char field"


def csv_columns(sheet: Sheet, rng: Rng) -> str:
    width = len(sheet.rows[0])
    c = rng.randrange(width)
    roll = rng.randrange(5)
    if roll == 0:
        for row in sheet.rows:
            if c < len(row):
                del row[c]
        return f"column {c + 1} deleted"
    if roll == 1:
        for row in sheet.rows:
            row.insert(c, row[c] if c < len(row) else "")
        return f"column {c + 1} duplicated"
    if roll == 2:
        value = rng.choice((odd_string(rng), "", " Q1 ", "Q1", "C11", "平台"))
        sheet.rows[0][c] = value
        return f"header {c + 1} = {value!r}"
    if roll == 3:
        d = rng.randrange(width)
        for row in sheet.rows:
            if max(c, d) < len(row):
                row[c], row[d] = row[d], row[c]
        return f"columns {c + 1} and {d + 1} swapped"
    sheet.rows[0] = [f" {h} " for h in sheet.rows[0]]
    return "headers padded with spaces"


def csv_rows(sheet: Sheet, rng: Rng) -> str:  # noqa: PLR0911 - one return per kind of change
    roll = rng.randrange(7)
    if roll == 0:
        del sheet.rows[1:]
        return "header only"
    if roll == 1:
        sheet.rows.clear()
        return "empty"
    if roll == 2:
        del sheet.rows[0]
        return "no header"
    if roll == 3:
        r = rng.randrange(len(sheet.rows))
        sheet.rows[r] = sheet.rows[r] + ["extra"] * rng.randrange(1, 4)
        return f"row {r + 1} has extra fields"
    if roll == 4:
        r = rng.randrange(len(sheet.rows))
        sheet.rows[r] = sheet.rows[r][: rng.randrange(len(sheet.rows[r]) + 1)]
        return f"row {r + 1} cut short"
    if roll == 5:
        keep = rng.randrange(1, 4)
        del sheet.rows[1 + keep :]
        return f"{keep} respondent(s)"
    if sheet.answers:
        col = rng.choice(sheet.answers)
        for row in sheet.rows[1:]:
            if col < len(row):
                row[col] = ""
        return f"column {col + 1} all blank"
    return "nothing"


CSV_OPS: tuple[tuple[Callable[[Sheet, Rng], str], int], ...] = (
    (csv_odd_cells, 8),
    (csv_blank_lines, 2),
    (csv_newline_field, 2),
    (csv_group_cells, 4),
    (csv_text_row, 3),
    (csv_long_field, 2),
    (csv_columns, 3),
    (csv_rows, 3),
)


def write_csv(rows: Sequence[Sequence[str]], rng: Rng) -> tuple[str, str]:
    """Rows as CSV text, with a random delimiter, quoting and line end."""
    delimiter = rng.choices((",", "\t", ";"), (8, 1, 1))[0]
    quoting: Literal[0, 1, 2] = rng.choices(
        (csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC), (8, 1, 1)
    )[0]
    end = rng.choice(("\r\n", "\n"))
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator=end).writerows(rows)
    label = (
        ""
        if (delimiter, quoting) == (",", csv.QUOTE_MINIMAL)
        else (f"delimiter {delimiter!r}, quoting {quoting}")
    )
    return out.getvalue(), label


def mutate_csv(sheet: Sheet, rng: Rng) -> tuple[bytes, list[str]]:
    """A mutated survey export as CSV bytes."""
    sheet = sheet.copy()
    labels: list[str] = []
    ops, weights = zip(*CSV_OPS, strict=True)
    for _ in range(rng.choices((1, 2, 3), (6, 3, 1))[0]):
        if not sheet.rows:
            break
        labels.append(rng.choices(ops, weights)[0](sheet, rng))
    text, how = write_csv(sheet.rows, rng)
    if how:
        labels.append(how)
    roll = rng.random()
    if roll < 0.15:
        data, label = encode(text, rng)
        labels.append(label)
    else:
        data = (b"\xef\xbb\xbf" if rng.random() < 0.3 else b"") + utf8(text)
    if rng.random() < 0.05:
        data, label = bytes_edit(data, rng)
        labels.append(label)
    return data, labels


ILLEGAL_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


Cell = str | int | float | bool | dt.datetime | dt.date | dt.time | dt.timedelta | None
"""What a spreadsheet cell holds."""


def _typed(text: str) -> Cell:
    """A cell as a spreadsheet would hold it: numbers as numbers (no control characters)."""
    text = ILLEGAL_IN_XLSX.sub("?", text)
    try:
        number = float(text)
    except ValueError:
        return text or None
    if number.is_integer() and abs(number) < 1e15 and "." not in text and "e" not in text.lower():
        return int(number)
    return number


XLSX_CELLS: tuple[Cell, ...] = (
    dt.datetime(2026, 9, 3, 3, 0),  # noqa: DTZ001 - spreadsheet times have no zone
    dt.date(2026, 9, 3),
    dt.time(12, 30),
    dt.timedelta(days=3),
    True,
    False,
    "=1+2",
    "=A1/0",
    "#DIV/0!",
    1e308,
    -1e308,
    4.5,
    0.0,
    -0.0,
    "4",
    " ",
    None,
)


XLSX_ROWS = 40
"""Rows kept in a workbook."""


def mutate_xlsx(sheet: Sheet, rng: Rng) -> tuple[bytes, list[str], str | None]:
    """A mutated survey export as XLSX bytes, and the sheet to name with --sheet."""
    import openpyxl

    sheet = sheet.copy()
    del sheet.rows[XLSX_ROWS:]  # the workbook path is about cell types, not size
    labels: list[str] = []
    if rng.random() < 0.5:
        ops, weights = zip(*CSV_OPS, strict=True)
        labels.append(rng.choices(ops, weights)[0](sheet, rng))
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    name: str | None = None
    if rng.random() < 0.15:
        ws.title = "空白"
        ws = book.create_sheet(rng.choice(("答卷", "Sheet 2", "<b>", "=x")))
        name = ws.title if rng.random() < 0.7 else "没有这张表"
        labels.append(f"answers on a second sheet {ws.title!r}")
    for row in sheet.rows:
        ws.append([_typed(c) for c in row])
    if len(sheet.rows) > 1 and rng.random() < 0.6:
        roll = rng.random()
        if roll < 0.35:  # dates, as a spreadsheet turns a typed date into one
            value = rng.choice(XLSX_CELLS[:4])
        elif roll < 0.5:
            value = _typed(str(rng.choice(XLSX_CELLS)))
        else:
            value = rng.choice(XLSX_CELLS)
        cols = [c for c in (*sheet.answers, sheet.group) if c is not None] or [0]
        n = rng.randrange(1, 4)
        for _ in range(n):
            ws.cell(rng.randrange(2, len(sheet.rows) + 1), rng.choice(cols) + 1, value)
        labels.append(f"{n} cell(s) = {value!r}")
    if rng.random() < 0.05 and len(sheet.rows) > 2:
        ws.merge_cells(start_row=2, start_column=1, end_row=3, end_column=3)
        labels.append("merged cells")
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    if rng.random() < 0.05:
        data, label = bytes_edit(data, rng)
        labels.append(label)
    return data, labels, name


# --- answer labels, missing-answer markers and group names -------------------------------------

LABEL_CELLS = (
    "非常满意",
    "５",
    " Very Satisfied ",
    "5 非常满意",
    "1 非常满意",
    "非常满意（5分）",
    "(跳过)",
    "（空）",
    "-3",
    "-3.0",
    "很好",
    "AGREE",
    "一般 ",
    "N/A",
    "9 很好",
)
"""Answer cells of survey platforms: labels, numbered labels, markers, unknown texts."""


def csv_labels(sheet: Sheet, rng: Rng) -> str:
    """Answer cells as labels or markers, or group cells as codes."""
    if sheet.group is not None and rng.random() < 0.25:
        body = range(1, len(sheet.rows))
        for r in body:
            _set(sheet.rows, r, sheet.group, str(rng.randrange(1, 4)))
        return "group cells as codes 1-3"
    cells = _cells(sheet, rng, 0.3) if len(sheet.rows) > 1 else []
    for r, c in cells:
        _set(sheet.rows, r, c, rng.choice(LABEL_CELLS))
    return f"{len(cells)} answer cell(s) as labels or markers"


def op_survey_labels(data: Any, rng: Rng, splice: Splice) -> tuple[Any, str] | None:
    """survey.labels, survey.missing or survey.group_names: plausible or odd."""
    survey = _section(data, "survey")
    if survey is None:
        return None
    key = rng.choice(("labels", "missing", "group_names"))
    plausible = {
        "labels": "{非常满意: 5, 满意: 4, 一般: 3, 不满意: 2, 非常不满意: 1, 很好: 5}",
        "missing": rng.choice(('["(跳过)", "N/A"]', "[3]", '"-3"', "[很好, 9]")),
        "group_names": rng.choice(("{1: 城东营业厅, 2: 城西营业厅, 3: 城东营业厅}", "{1: ''}")),
    }[key]
    roll = rng.random()
    if roll < 0.5:
        survey[key] = splice.token(plausible)
    elif roll < 0.75:
        survey[key] = splice.token(
            rng.choice(("{好: 9}", "{好: x}", "{'': 1}", "{好: 1, ' 好': 2}"))
        )
    else:
        survey[key] = odd_text(rng, splice) if rng.random() < 0.5 else odd_value(rng, splice)
    return data, f"survey.{key} = {_short(splice.texts[survey[key]])}"


CSV_OPS = (*CSV_OPS, (csv_labels, 3))
EVALUATION = (*EVALUATION, (op_survey_labels, 1))
OPS["evaluation"] = EVALUATION
