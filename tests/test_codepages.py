"""Output through any code page: every command and format ends as under UTF-8.

Each command runs in a subprocess with PYTHONIOENCODING set to gbk, cp1252 and ascii
(as redirected output on Chinese Windows, Western Windows and CI runners, and a bare
POSIX locale) and once with utf-8; the exit codes must agree, no run may crash, JSON must
carry the same value, CSV, JUnit, GitHub annotations and HTML the same UTF-8 bytes, and
under GBK the Chinese names are written as they are.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ahp_eval.cli.errors import echo_err
from ahp_eval.cli.stdout import Kind, kind_of, write_stdout
from ahp_eval.report.codepage import ascii_json, is_unicode, text_for
from ahp_eval.report.console import make_console

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CODE_PAGES = ("gbk", "cp1252", "ascii")

INCONSISTENT = """\
goal: {id: G, name: 目标}
criteria:
  - {id: A, name: 甲}
  - {id: B, name: 乙}
  - {id: C, name: 丙}
judgments:
  G: {upper: [9, "1/9", 9]}
"""
INVALID = "goal: {id: G, name: 目标}\ncriteria: 5\n"


class Case(NamedTuple):
    """One command line (``{enc}`` is replaced by the encoding), what its standard output
    is (``text``, ``table`` drawn by rich, ``json``, ``utf-8``, or ``file`` for a report
    written with -o), its
    exit code, and Chinese text that GBK output (or its errors) must keep."""

    args: tuple[str, ...]
    kind: str
    code: int
    keep: str


CANTEEN = "有形性"
PLATFORM = "科技论文服务平台质量评价"
GROUP = "中国科技论文在线"
CASES: dict[str, Case] = {
    "weigh-table": Case(("weigh", "ev.yaml"), "table", 0, CANTEEN),
    "weigh-json": Case(("weigh", "ev.yaml", "-f", "json"), "json", 0, CANTEEN),
    "weigh-csv": Case(("weigh", "ev.yaml", "-f", "csv"), "utf-8", 0, CANTEEN),
    "weigh-file": Case(("weigh", "ev.yaml", "-o", "权重-{enc}.csv"), "file", 0, "权重"),
    "weigh-invalid": Case(("weigh", "坏.yaml"), "text", 2, "坏.yaml"),
    "weigh-bad-option": Case(("weigh", "ev.yaml", "-f", "表"), "text", 2, "表"),
    "weigh-help": Case(("weigh", "--help"), "table", 0, ""),
    "score-table": Case(("score", "ap.yaml", "答卷.csv"), "table", 0, GROUP),
    "score-json": Case(("score", "ap.yaml", "答卷.csv", "-f", "json"), "json", 0, GROUP),
    "score-csv": Case(("score", "ap.yaml", "答卷.csv", "-f", "csv"), "utf-8", 0, GROUP),
    "score-markdown": Case(("score", "ap.yaml", "答卷.csv", "-f", "markdown"), "text", 0, PLATFORM),
    "score-html": Case(("score", "ap.yaml", "答卷.csv", "-f", "html"), "utf-8", 0, PLATFORM),
    "score-marks": Case(("score", "ps.yaml", "--marks", "marks.yaml"), "table", 0, "供电"),
    "check-text": Case(("check", "不一致.yaml", "ev.yaml", "-v"), "text", 1, "不一致.yaml"),
    "check-json": Case(("check", "不一致.yaml", "-f", "json"), "json", 1, "不一致.yaml"),
    "check-github": Case(("check", "不一致.yaml", "-f", "github"), "utf-8", 1, "不一致.yaml"),
    "check-junit": Case(("check", "不一致.yaml", "-f", "junit"), "utf-8", 1, "不一致.yaml"),
    "check-invalid": Case(("check", "坏.yaml"), "text", 2, "坏.yaml"),
    "check-invalid-github": Case(("check", "坏.yaml", "-f", "github"), "utf-8", 2, "坏.yaml"),
    "check-invalid-json": Case(("check", "坏.yaml", "-f", "json"), "json", 2, "坏.yaml"),
    "templates": Case(("templates",), "text", 0, PLATFORM),
    "init": Case(("init", "servqual", "新评价-{enc}"), "table", 0, "新评价"),
    "repair-text": Case(("repair", "不一致.yaml"), "text", 0, "不一致.yaml"),
    "repair-json": Case(("repair", "不一致.yaml", "-f", "json"), "json", 0, "不一致.yaml"),
}


class Run(NamedTuple):
    code: int
    stdout: bytes
    stderr: bytes
    file: bytes | None


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples under Chinese names, and an inconsistent and an invalid file."""
    where = tmp_path_factory.mktemp("codepages")
    shutil.copy(EXAMPLES / "campus-canteen" / "evaluation.yaml", where / "ev.yaml")
    shutil.copy(EXAMPLES / "academic-platform" / "evaluation.yaml", where / "ap.yaml")
    shutil.copy(EXAMPLES / "academic-platform" / "responses.csv", where / "答卷.csv")
    shutil.copy(EXAMPLES / "power-supply-center" / "evaluation.yaml", where / "ps.yaml")
    shutil.copy(EXAMPLES / "power-supply-center" / "marks.yaml", where / "marks.yaml")
    (where / "不一致.yaml").write_text(INCONSISTENT, encoding="utf-8")
    (where / "坏.yaml").write_text(INVALID, encoding="utf-8")
    return where


def _run(case: Case, encoding: str, cwd: Path) -> Run:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONUTF8", "COLUMNS"))}
    env["PYTHONIOENCODING"] = encoding
    args = [a.replace("{enc}", encoding) for a in case.args]
    proc = subprocess.run(
        [sys.executable, "-m", "ahp_eval", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        check=False,
        timeout=120,
    )
    written = next((a for a in args if a.endswith(".csv") and "{enc}" not in a), None)
    out = cwd / written if case.kind == "file" and written else None
    return Run(proc.returncode, proc.stdout, proc.stderr, out.read_bytes() if out else None)


_DONE: dict[tuple[str, Path], dict[str, Run]] = {}


def _runs(name: str, cwd: Path) -> dict[str, Run]:
    """The case's runs under UTF-8 and each code page (made once, side by side)."""
    if (name, cwd) not in _DONE:
        encodings = ("utf-8", *CODE_PAGES)
        with ThreadPoolExecutor(max_workers=len(encodings)) as pool:
            runs = pool.map(lambda e: _run(CASES[name], e, cwd), encodings)
            _DONE[name, cwd] = dict(zip(encodings, runs, strict=True))
    return _DONE[name, cwd]


@pytest.mark.parametrize("name", list(CASES))
def test_every_code_page_ends_as_under_utf8(name: str, folder: Path) -> None:
    """Same exit code as under UTF-8, no crash; JSON the same value, UTF-8 formats the same
    bytes, text fallen back per character; Chinese kept under GBK."""
    case = CASES[name]
    runs = _runs(name, folder)
    utf8 = runs["utf-8"]
    assert utf8.code == case.code, utf8.stderr.decode()
    for encoding in CODE_PAGES:
        run = runs[encoding]
        err = run.stderr.decode(encoding)
        assert run.code == utf8.code, (encoding, err)
        assert "Traceback" not in err
        assert "internal error" not in err
        if case.kind == "utf-8":
            assert run.stdout == utf8.stdout
            out = run.stdout.decode()
        else:
            out = run.stdout.decode(encoding)  # what the stream wrote is in its encoding
        if case.kind == "json":
            assert run.stdout.isascii()
            assert json.loads(out) == json.loads(utf8.stdout)
            out = json.dumps(json.loads(out), ensure_ascii=False)  # the names it holds
        elif case.kind == "file":
            assert run.file == utf8.file
            assert run.file is not None
            assert run.file.startswith(b"\xef\xbb\xbf")  # UTF-8 with its BOM, never GBK
        elif case.kind == "text":  # not "table": rich draws ASCII boxes off UTF-8
            assert out == text_for(utf8.stdout.decode(), encoding)
        if encoding == "gbk":
            assert case.keep in out + err


def test_gbk_tables_keep_names_and_fall_back_on_symbols(folder: Path) -> None:
    """Under GBK the weigh table shows the Chinese names and √ for ✓; under cp1252 the
    names are \\uXXXX escapes and the mark a v."""
    runs = _runs("weigh-table", folder)
    gbk = runs["gbk"].stdout.decode("gbk")
    assert "就餐环境整洁" in gbk
    assert "√ 通过 pass" in gbk
    cp1252 = runs["cp1252"].stdout.decode("cp1252")
    assert "v \\u901a\\u8fc7 pass" in cp1252
    assert "\\u5c31\\u9910\\u73af\\u5883\\u6574\\u6d01" in cp1252


def test_windows_paths_are_shown_as_typed(folder: Path) -> None:
    """A path with a drive letter and backslashes is named in the message as it was typed."""
    typed = "C:\\评价\\坏.yaml"
    run = _run(Case(("check", typed), "text", 2, ""), "gbk", folder)
    assert run.code == 2
    assert run.stdout.decode("gbk").startswith(typed + ":")


# The fallback itself.


def test_symbols_fall_back_to_what_the_encoding_has() -> None:
    """✓ is √ in GBK and v in cp1252 and ASCII; → is ->; fullwidth digits are plain."""
    assert text_for("✓ ✗ 通过", "gbk") == "√ × 通过"
    assert text_for("✓ ✗ →", "cp1252") == "v × ->"
    assert text_for("✓ ✗ →", "ascii") == "v x ->"
    assert text_for("λmax Σa·CI α", "ascii") == "lambdamax Sum a.CI alpha"
    assert text_for("λmax Σa·CI α", "gbk") == "λmax Σa·CI α"
    assert text_for("１２３", "ascii") == "123"


def test_names_the_encoding_lacks_are_escaped() -> None:
    """A letter with no fallback is \\uXXXX (\\UXXXXXXXX beyond the BMP); the rest stays."""
    assert text_for("甲 é", "cp1252") == "\\u7532 é"
    assert text_for("甲 é", "ascii") == "\\u7532 \\xe9".replace("\\xe9", "\\u00e9")
    assert text_for("𠀀", "gbk") == "\\U00020000"
    assert text_for("plain", "ascii") == "plain"


@given(st.text(), st.sampled_from([*CODE_PAGES, "utf-8", "big5", "cp932"]))
def test_fallback_text_is_always_encodable(text: str, encoding: str) -> None:
    """Whatever the text, the fallback encodes; text that already encodes is unchanged."""
    out = text_for(text, encoding)
    out.encode(encoding)
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return
    assert out == text


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)


@given(JSON_VALUES)
def test_ascii_json_is_the_same_value(value: object) -> None:
    """JSON with non-ASCII characters escaped reads back as the same value, and is ASCII."""
    text = ascii_json(json.dumps(value, ensure_ascii=False))
    assert text.isascii()
    assert json.loads(text) == value


def test_which_encodings_write_everything() -> None:
    """UTF-8 and UTF-16 (any spelling) write every character; code pages do not."""
    assert is_unicode("UTF-8")
    assert is_unicode("utf8")
    assert is_unicode("utf-16-le")
    assert not is_unicode("gbk")
    assert not is_unicode("cp1252")
    assert not is_unicode(None)
    assert not is_unicode("no-such-codec")


def _stream(encoding: str, errors: str = "strict") -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors=errors, write_through=True)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("text", "v \\u7532\n".encode("cp1252")),
        ("json", b'"\\u2713 \\u7532"\n'),
        ("utf-8", "✓ 甲\n".encode()),
    ],
)
def test_write_stdout_by_kind(kind: Kind, expected: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """Text falls back, JSON is escaped, UTF-8 kinds are UTF-8 bytes on the binary stream."""
    stream = _stream("cp1252")
    monkeypatch.setattr(sys, "stdout", stream)
    text = '"✓ 甲"\n' if kind == "json" else "✓ 甲\n"
    write_stdout(text, kind)
    assert stream.buffer.getvalue() == expected  # type: ignore[attr-defined]


def test_write_stdout_keeps_utf8_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a UTF-8 stream every kind is written unchanged."""
    kinds: tuple[Kind, ...] = ("text", "json", "utf-8")
    for kind in kinds:
        stream = _stream("utf-8")
        monkeypatch.setattr(sys, "stdout", stream)
        write_stdout(["✓ ", "甲\n"], kind)
        assert stream.buffer.getvalue() == "✓ 甲\n".encode()  # type: ignore[attr-defined]


def test_formats_have_their_kind() -> None:
    """JSON is json; CSV, JUnit, GitHub annotations and HTML are UTF-8; the rest is text."""
    assert kind_of("json") == "json"
    assert {kind_of(f) for f in ("csv", "junit", "github", "html")} == {"utf-8"}
    assert {kind_of(f) for f in ("table", "text", "markdown")} == {"text"}


def test_error_lines_fall_back_on_a_strict_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    """An error line naming a Chinese file on a strict cp1252 standard error is written."""
    stream = _stream("cp1252")
    monkeypatch.setattr(sys, "stderr", stream)
    echo_err("坏.yaml:2: criteria ✗")
    assert stream.buffer.getvalue() == b"\\u574f.yaml:2: criteria \xd7\n"  # type: ignore[attr-defined]


def test_console_on_standard_error_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rich console on a strict ASCII standard error (the progress bar) never fails."""
    stream = _stream("ascii")
    monkeypatch.setattr(sys, "stderr", stream)
    console = make_console(stderr=True)
    console.print("✓ 甲 ━━")
    written = stream.buffer.getvalue().decode("ascii")  # type: ignore[attr-defined]
    assert "v \\u7532" in written


def test_console_on_a_string_buffer_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """A standard error without an encoding (a StringIO) holds every character."""
    buffer = io.StringIO()
    monkeypatch.setattr(sys, "stderr", buffer)
    make_console(stderr=True).print("✓ 甲")
    assert buffer.getvalue() == "✓ 甲\n"


def test_no_path_is_rendered_in_posix_form() -> None:
    """Paths are shown as typed: no module turns one into its POSIX form (a Windows user's
    ``C:\\评价\\a.yaml`` would be shown as ``C:/评价/a.yaml``)."""
    import ast

    calls = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in sorted((ROOT / "ahp_eval").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr in {"as_posix", "as_uri"}
    ]
    assert calls == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX arguments are bytes; Windows' are text")
@pytest.mark.parametrize("fmt", ["text", "json", "github", "junit"])
def test_a_name_that_is_not_utf8_is_reported(tmp_path: Path, fmt: str) -> None:
    """A file name whose bytes are not UTF-8 is named (escaped), exit 2, never a crash."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "ahp_eval", "check", b"\xff.yaml", "-f", fmt],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    assert b"Traceback" not in proc.stderr
    if fmt == "json":
        path = json.loads(proc.stdout)["files"][0]["path"]
        assert path.encode("utf-8", "surrogateescape") == b"\xff.yaml"
    else:
        assert b"\\udcff.yaml" in proc.stdout
