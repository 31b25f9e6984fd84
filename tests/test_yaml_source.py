"""The YAML loader: values as PyYAML's safe loader makes them, lines, limits and messages."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ahp_eval.cli import app
from ahp_eval.errors import InputError
from ahp_eval.io.yaml_source import MAX_BYTES, MAX_DEPTH, MAX_NODES, load_yaml, parse_yaml

DATA = Path(__file__).resolve().parent / "data"


def error_of(text: str) -> InputError:
    with pytest.raises(InputError) as info:
        parse_yaml(text, "f.yaml")
    return info.value


def file_error_of(tmp_path: Path, raw: bytes) -> InputError:
    path = tmp_path / "e.yaml"
    path.write_bytes(raw)
    with pytest.raises(InputError) as info:
        load_yaml(path)
    return info.value


# --- values ---------------------------------------------------------------------------------


def test_plain_values_are_typed_as_the_safe_loader_types_them() -> None:
    """Ints, floats, booleans, null, dates and strings come out as yaml.safe_load makes them."""
    text = (
        "a: 12\nb: -5\nc: +5\nd: 0x1F\ne: 012\nf: 1_000\ng: 0.5\nh: 1.5e+3\ni: .inf\n"
        "j: 1:30\nk: 2001-12-14\nl: 2001-12-14 21:59:43.10 -5\nm: ~\nn: yes\no: Off\n"
        "p: '1/3'\nq: \"12\"\nr: 1/3\ns: 评价\nt: ''\nu:\nv: 1e5\nw: !!float 3\nx: !!str 7\n"
        "y: !!binary aGk=\nz: 1.\n"
    )
    value, _ = parse_yaml(text)
    expected = yaml.load(text, Loader=yaml.CSafeLoader)
    assert value == expected
    assert [type(v) for v in value.values()] == [type(v) for v in expected.values()]
    assert value["k"] == dt.date(2001, 12, 14)
    assert isinstance(value["l"], dt.datetime)
    assert value["w"] == 3.0
    assert value["x"] == "7"


def test_nan_is_a_float() -> None:
    """.nan is read as a float NaN."""
    value, _ = parse_yaml("a: .nan\n")
    assert math.isnan(value["a"])


scalars = (
    st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False)
    | st.booleans()
    | st.none()
    | st.text(max_size=8)
    | st.dates()
)
documents = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=5) | st.integers(-9, 9), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None)
@given(documents, st.sampled_from([None, True, False]))
def test_values_match_the_safe_loader(doc: Any, flow: bool | None) -> None:
    """Any dumped document, block or flow style, loads to what yaml.safe_load gives."""
    text = yaml.safe_dump(doc, default_flow_style=flow, allow_unicode=True, sort_keys=False)
    value, _ = parse_yaml(text)
    assert value == yaml.load(text, Loader=yaml.CSafeLoader)


def test_empty_document() -> None:
    """An empty text, a comment or an empty document is no value."""
    for text in ("", "# nothing\n"):
        value, marks = parse_yaml(text)
        assert value is None
        assert marks.line(("a",)) == 1
    assert parse_yaml("---\n")[0] is None


def test_aliases_expand_to_separate_copies() -> None:
    """An alias gives the anchored value again, a separate copy."""
    value, _ = parse_yaml("a: &x [1, {b: 2}]\nc: *x\nd: &s 评\ne: *s\n")
    assert value == {"a": [1, {"b": 2}], "c": [1, {"b": 2}], "d": "评", "e": "评"}
    assert value["a"] is not value["c"]
    assert value["a"][1] is not value["c"][1]


def test_alias_as_a_key() -> None:
    """An alias to a plain value may be a mapping key."""
    value, marks = parse_yaml("&k a: 1\nb: {*k : 2}\n")
    assert value == {"a": 1, "b": {"a": 2}}
    assert marks.line(("b", "a")) == 2


def test_collection_tags_are_ignored() -> None:
    """A tagged mapping or sequence is read as a plain dict or list."""
    value, _ = parse_yaml("a: !!set {x, y}\nb: !!omap [{p: 1}]\n")
    assert value == {"a": {"x": None, "y": None}, "b": [{"p": 1}]}


# --- lines ----------------------------------------------------------------------------------

BLOCK = """\
name: 评价
criteria:
  - id: B1
    indicators:
      - {id: C11, name: 甲}
      -
        id: C12

  - id: B2
judgments:
  A:
    upper: [3,
      5, 7]
  B1: [[1, 2],
       [1/2, 1]]
"""


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ((), 1),
        (("name",), 1),
        (("criteria",), 2),
        (("criteria", 0), 3),
        (("criteria", 0, "id"), 3),
        (("criteria", 0, "indicators"), 4),
        (("criteria", 0, "indicators", 0), 5),
        (("criteria", 0, "indicators", 0, "name"), 5),
        (("criteria", 0, "indicators", 1), 7),
        (("criteria", 0, "indicators", 1, "id"), 7),
        (("criteria", 1), 9),
        (("criteria", 1, "id"), 9),
        (("judgments", "A"), 11),
        (("judgments", "A", "upper"), 12),
        (("judgments", "A", "upper", 0), 12),
        (("judgments", "A", "upper", 1), 13),
        (("judgments", "A", "upper", 2), 13),
        (("judgments", "B1"), 14),
        (("judgments", "B1", 0, 1), 14),
        (("judgments", "B1", 1), 15),
        (("judgments", "B1", 1, 0), 15),
        (("judgments", "B1", 9), 14),
        (("nowhere", 3), 1),
    ],
)
def test_line_of_each_value(key: tuple[Any, ...], line: int) -> None:
    """Mapping entries are at their key's line, list items at their own, flow or block."""
    _, marks = parse_yaml(BLOCK)
    assert marks.line(key) == line


def test_lines_inside_an_alias_are_those_of_the_anchor() -> None:
    """An alias's own line is where it stands; the values inside it, where they were written."""
    _, marks = parse_yaml("a: &x\n  - 1\n  - 2\nb:\n  - *x\n  - 3\n")
    assert marks.line(("b",)) == 4
    assert marks.line(("b", 0)) == 5
    assert marks.line(("b", 0, 1)) == 3
    assert marks.line(("b", 1)) == 6


# --- refused documents ----------------------------------------------------------------------


def test_duplicate_key() -> None:
    """A key given twice is refused at its second line, naming the first."""
    error = error_of("A: 1\nB: 2\nA: 3\n")
    assert str(error) == "f.yaml:3: key 'A' given twice (first on line 1)"


def test_merge_key() -> None:
    """A merge key is refused."""
    error = error_of("a: &x {b: 1}\nc:\n  <<: *x\n")
    assert str(error) == "f.yaml:3: YAML merge keys (<<) are not supported"


def test_collection_as_key() -> None:
    """A list as a mapping key is refused."""
    assert str(error_of("? [1]\n: 2\n")) == "f.yaml:1: mapping keys must be plain values"


def test_recursive_alias() -> None:
    """An alias inside the value it names is refused."""
    error = error_of("a: &x\n  b: [*x]\n")
    assert str(error) == "f.yaml:2: recursive YAML alias *x: it is inside the value it names"


def test_undefined_alias() -> None:
    """An alias with no anchor before it is refused."""
    error = error_of("a: 1\nb: *y\n")
    assert str(error) == "f.yaml:2: YAML alias *y has no anchor &y before it"


def test_duplicate_anchor() -> None:
    """An anchor name given twice is refused."""
    error = error_of("a: &x 1\nb: &x 2\n")
    assert str(error) == "f.yaml:2: YAML anchor &x given twice (first on line 1)"


def test_two_documents() -> None:
    """A second document is refused where it starts."""
    error = error_of("a: 1\n---\nb: 2\n")
    assert str(error) == (
        "f.yaml:2: YAML syntax error: but found another document "
        "(expected a single document in the stream on line 1)"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 2024-13-45\n", "'2024-13-45' is not a valid date: month must be in 1..12"),
        ("a: !!int abc\n", "'abc' is not a valid int: invalid literal for int() with base 10"),
        ("a: !!float x\n", "'x' is not a valid float: could not convert string to float"),
        ("a: !!timestamp x\n", "'x' is not a valid date"),
        ("a: !foo 1\n", "YAML error: could not determine a constructor for the tag '!foo'"),
    ],
)
def test_bad_typed_scalar(text: str, message: str) -> None:
    """A value that cannot be read as its YAML type is an input error, not a crash."""
    error = error_of(text)
    assert error.line == 1
    assert error.message.startswith(message)


# --- limits ---------------------------------------------------------------------------------


def dense_list(items: int, per_line: int = 1000) -> str:
    """A flow list of ``items`` ones, ``per_line`` to a line."""
    rows = [",".join(["1"] * min(per_line, items - i)) for i in range(0, items, per_line)]
    return "[" + ",\n".join(rows) + "]\n"


def test_values_up_to_the_cap_are_read() -> None:
    """A list of MAX_NODES - 1 items is MAX_NODES values, the most accepted."""
    value, _ = parse_yaml(dense_list(MAX_NODES - 1))
    assert len(value) == MAX_NODES - 1


def test_cap_holds_while_reading() -> None:
    """One value over the cap is refused at its line, before the rest of the file is read."""
    # the garbage after the cap would be a syntax error if the whole file were parsed first
    text = dense_list(MAX_NODES) + "@@@ [\n" * 1000
    error = error_of(text)
    assert str(error) == f"f.yaml:{MAX_NODES // 1000}: document has more than 200,000 values"


def test_alias_expansion_is_counted() -> None:
    """An alias adds every value it repeats; the count may reach the cap, not pass it."""
    n = (MAX_NODES - 4) // 2  # mapping, list, n items, alias (1 + n), c
    ones = ", ".join(["1"] * n)
    value, _ = parse_yaml(f"a: &a [{ones}]\nb: *a\nc: 1\n")
    assert len(value["b"]) == n
    error = error_of(f"a: &a [{ones}, 1]\nb: *a\nc: 1\n")
    assert str(error) == "f.yaml:2: document expands to more than 200,000 values (YAML alias bomb?)"


def test_alias_bomb() -> None:
    """A billion laughs is refused at the alias that crosses the cap, before the rest is read."""
    lines = ["a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 10)}]")
    text = "\n".join(lines) + "\n@@@ [\n"
    error = error_of(text)
    assert str(error) == "f.yaml:6: document expands to more than 200,000 values (YAML alias bomb?)"


def nested_lists(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth + "\n"


def test_depth_up_to_the_limit_is_read() -> None:
    """Lists nested MAX_DEPTH deep are read."""
    value, marks = parse_yaml(nested_lists(MAX_DEPTH))
    for _ in range(MAX_DEPTH):
        value = value[0]
    assert value == 1
    assert marks.line((0,) * MAX_DEPTH) == 1


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 490, 999, 2000])
def test_deep_nesting_is_refused(depth: int) -> None:
    """Block nesting past the limit is an input error at the line where it is crossed."""
    text = "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "1\n"
    error = error_of(text)
    assert str(error) == (
        f"f.yaml:{MAX_DEPTH + 1}: values nested more than {MAX_DEPTH} levels deep, over the limit"
    )


def test_deep_flow_nesting_is_refused() -> None:
    """Deep flow brackets are refused the same way, with no recursion error."""
    error = error_of(nested_lists(10_000))
    assert error.message == f"values nested more than {MAX_DEPTH} levels deep, over the limit"
    assert error.line == 1


def test_depth_through_an_alias_is_counted() -> None:
    """An alias placed deep adds the depth of the value it repeats."""
    inner = nested_lists(60).strip()
    assert parse_yaml(f"a: &a {inner}\nb: {nested_lists(39).strip().replace('1', '*a')}\n")
    error = error_of(f"a: &a {inner}\nb: {nested_lists(40).strip().replace('1', '*a')}\n")
    assert error.line == 2
    assert error.message == f"values nested more than {MAX_DEPTH} levels deep, over the limit"


def test_oversized_file_is_refused_unread(tmp_path: Path) -> None:
    """A file one byte over 10 MB is refused by its size."""
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (MAX_BYTES + 1))
    with pytest.raises(InputError) as info:
        load_yaml(path)
    assert str(info.value) == f"{path}:1: file is 10.5 MB, over the 10 MB limit"


# --- messages -------------------------------------------------------------------------------

TAB = "YAML indents with spaces, but a tab was found in this line's indentation; use spaces"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a:\n\tb: 1\n", 2),
        ("a: 1\n\tb: 2\n", 2),
        ("a:\n  - 1\n\t- 2\n", 3),
        ("\ta: 1\n", 1),
        ("a: |\n\tx\n", 2),
        ("a:\n  b:\n  \tc: 1\n", 3),
        ("- \t1\n", 1),
    ],
)
def test_tab_in_indentation(text: str, line: int) -> None:
    """A tab where YAML expects indentation is named as such, at its line."""
    assert str(error_of(text)) == f"f.yaml:{line}: {TAB}"


def test_tab_after_a_value_is_fine() -> None:
    """A tab between a key and its value is allowed."""
    assert parse_yaml("a:\t1\nb: [1,\t2]\n")[0] == {"a": 1, "b": [1, 2]}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{a: 1", "f.yaml:1: YAML syntax error: did not find expected ',' or '}'"),
        ("{a: 1\n", "f.yaml:1: YAML syntax error: did not find expected ',' or '}'"),
        ("[1, 2\n\n# end\n", "f.yaml:1: YAML syntax error: did not find expected ',' or ']'"),
        ("a: 'x\n", "f.yaml:1: YAML syntax error: found unexpected end of stream"),
        ("a: 1\nb\n", "f.yaml:2: YAML syntax error: could not find expected ':'"),
        ("a: 1\nb\nc: 2\n", "f.yaml:2: YAML syntax error: could not find expected ':'"),
        ("a: b: c\n", "f.yaml:1: YAML syntax error: mapping values are not allowed"),
        ("a:\n  b: 1\n c: 2\n", "f.yaml:3: YAML syntax error: did not find expected key"),
    ],
)
def test_syntax_error_line(text: str, message: str) -> None:
    """A syntax error is reported at the line where the problem is, not past the end."""
    assert str(error_of(text)).startswith(message)


def test_syntax_error_keeps_its_context() -> None:
    """The existing message names what was being parsed and where it began."""
    path = DATA / "invalid" / "syntax-error.yaml"
    with pytest.raises(InputError) as info:
        load_yaml(path)
    assert str(info.value) == (
        f"{path}:5: YAML syntax error: did not find expected ',' or '}}' "
        "(while parsing a flow mapping on line 4)"
    )


def test_control_character() -> None:
    """A control character is named with its code, at its line (after multi-byte text)."""
    error = error_of("名称: 评价\n说明: 甲\x01乙\n")
    assert str(error) == (
        "f.yaml:2: YAML error: character U+0001 is not allowed "
        "(control characters are not allowed); remove it"
    )


def test_stray_zero_byte(tmp_path: Path) -> None:
    """A lone zero byte in a UTF-8 file is a control character, not a sign of UTF-16."""
    error = file_error_of(tmp_path, "a: 1\nb: 评价\nc: x\x00\n".encode())
    assert error.line == 3
    assert error.message.startswith("YAML error: character U+0000 is not allowed")


CHINESE = "name: 食堂服务评价\ngoal: {id: A, name: 总体满意度}\n# 备注\n"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_gbk_file(tmp_path: Path, encoding: str) -> None:
    """A GBK or GB18030 file is named as such, at the line of its first Chinese text."""
    error = file_error_of(tmp_path, ("a: 1\n" + CHINESE).encode(encoding))
    assert error.line == 2
    assert error.message == "file seems to be GBK/GB18030 (Chinese) text; save it as UTF-8"


@pytest.mark.parametrize(
    ("encoding", "message"),
    [
        ("utf-16", "file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8"),
        ("utf-16-le", "file seems to be UTF-16 (every other byte is zero); save it as UTF-8"),
        ("utf-16-be", "file seems to be UTF-16 (every other byte is zero); save it as UTF-8"),
    ],
)
def test_utf16_file(tmp_path: Path, encoding: str, message: str) -> None:
    """A UTF-16 file, with or without a byte-order mark, is named as such."""
    error = file_error_of(tmp_path, CHINESE.encode(encoding))
    assert (error.line, error.message) == (1, message)


def test_utf16_ascii_file(tmp_path: Path) -> None:
    """A UTF-16 file of ASCII text (valid UTF-8 byte by byte) is still named as UTF-16."""
    error = file_error_of(tmp_path, "a: 1\nb: 2\n".encode("utf-16-le"))
    assert error.message == "file seems to be UTF-16 (every other byte is zero); save it as UTF-8"


def test_other_bad_bytes(tmp_path: Path) -> None:
    """Bytes that are neither UTF-8 nor Chinese text get the plain message, at their line."""
    error = file_error_of(tmp_path, "a: 1\nb: café\n".encode("latin-1"))
    assert (error.line, error.message) == (2, "file is not valid UTF-8; save it as UTF-8")


def test_utf8_with_and_without_bom(tmp_path: Path) -> None:
    """UTF-8 files read the same with or without a byte-order mark."""
    path = tmp_path / "e.yaml"
    path.write_bytes(CHINESE.encode("utf-8-sig"))
    with_bom = load_yaml(path)[0]
    path.write_bytes(CHINESE.encode("utf-8"))
    assert with_bom == load_yaml(path)[0] == yaml.safe_load(CHINESE)


# --- through the command line ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "line", "message"),
    [
        (nested_lists(999).encode(), 1, f"values nested more than {MAX_DEPTH} levels deep"),
        (
            "".join("  " * i + f"k{i}:\n" for i in range(999)).encode(),
            MAX_DEPTH + 1,
            f"values nested more than {MAX_DEPTH} levels deep",
        ),
        (CHINESE.encode("gbk"), 1, "file seems to be GBK/GB18030 (Chinese) text"),
        (CHINESE.encode("utf-16"), 1, "file is UTF-16 (it starts with a UTF-16 byte-order mark)"),
        (b"a: 2024-13-45\n", 1, "'2024-13-45' is not a valid date"),
    ],
)
def test_cli_exits_2_without_traceback(tmp_path: Path, raw: bytes, line: int, message: str) -> None:
    """Deep nesting, a foreign encoding or a bad date exit 2 with one located line, no crash."""
    path = tmp_path / "e.yaml"
    path.write_bytes(raw)
    result = CliRunner().invoke(app, ["weigh", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.startswith(f"{path}:{line}: {message}")
    assert result.stderr.count("\n") == 1
