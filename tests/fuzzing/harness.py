"""Fuzz cases: built from a seed and a case number, run through the command line in process.

A case is a set of input files (mutated copies of the examples, the indicator library
and the example survey export, or exports and marks made for an evaluation) and one
command line. :func:`run_case` writes the files into an empty folder, runs the command
there with :class:`typer.testing.CliRunner`, and checks what every command promises:

- the exit code is a documented one (0, 1 or 2), with no traceback and no exception
  escaping the command;
- the input files are unchanged, and the folder holds the inputs plus the requested
  output and nothing else (no temporary files left behind);
- a report asked for as JSON is valid JSON, and a requested output file exists when the
  command succeeded (exit 0 or 1) and does not when the input was refused (exit 2);
- no Python warning reaches the user.

A failure is filed under a class: the exception and the innermost ahp_eval frame of a
crash, the category and place of a warning, or the broken promise.
"""

from __future__ import annotations

import copy
import csv
import functools
import gc
import io
import json
import math
import os
import random
import re
import shlex
import shutil
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import yaml
from typer.testing import CliRunner

from ahp_eval.cli import app

from .mutators import (
    CSV_OPS,
    HUGE,
    ODD_CELLS,
    Rng,
    Sheet,
    Splice,
    leaves,
    mutate_csv,
    mutate_xlsx,
    mutate_yaml,
    read_sheet,
    utf8,
)

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = frozenset({0, 1, 2})
"""Exit codes every command documents: success, inconsistent judgments, invalid input."""

NAMES_ONLY = 0.15
"""Share of mutated evaluation files whose names alone change (valid input, odd text)."""

SITES = ("城东营业厅", "城西营业厅", "Site B", "南区 站点", "北区")


# --- the seed corpus --------------------------------------------------------------------------


@dataclass(frozen=True)
class Seed:
    """One input file of the repository: its name (relative to the root) and text."""

    name: str
    text: str

    @functools.cached_property
    def data(self) -> Any:
        return (
            yaml.load(self.text, Loader=yaml.CSafeLoader)
            if self.name.endswith((".yaml", ".yml"))
            else None
        )

    @property
    def kind(self) -> str:
        if self.name.endswith(".csv"):
            return "responses"
        if isinstance(self.data, dict) and "goal" in self.data:
            return "evaluation"
        if isinstance(self.data, dict) and "marks" in self.data:
            return "marks"
        if isinstance(self.data, dict) and "judgments" in self.data:
            return "judgments"
        return "other"

    @property
    def folder(self) -> str:
        return self.name.rsplit("/", 1)[0]


@dataclass(frozen=True)
class Base:
    """What a case starts from: a command kind, an evaluation (or folder), a companion."""

    command: str
    target: str
    companion: str | None = None
    weight: int = 1


@dataclass(frozen=True)
class Corpus:
    seeds: dict[str, Seed]
    folders: tuple[str, ...]
    bases: tuple[Base, ...]

    def of_kind(self, kind: str) -> list[Seed]:
        return [s for s in self.seeds.values() if s.kind == kind]

    def beside(self, evaluation: str, kind: str) -> list[Seed]:
        folder = self.seeds[evaluation].folder
        return [s for s in self.of_kind(kind) if s.folder == folder]


@functools.cache
def corpus() -> Corpus:
    """Every YAML file of examples/ and indicators/, the example survey exports, the bases."""
    paths = [
        *sorted((ROOT / "examples").rglob("*.yaml")),
        *sorted((ROOT / "examples").rglob("*.csv")),
        *sorted((ROOT / "indicators").glob("*.yaml")),
    ]
    seeds = {
        p.relative_to(ROOT).as_posix(): Seed(
            p.relative_to(ROOT).as_posix(), p.read_text(encoding="utf-8-sig")
        )
        for p in paths
    }
    found = Corpus(seeds, (), ())
    folders = (
        *sorted(
            p.relative_to(ROOT).as_posix() for p in (ROOT / "examples").iterdir() if p.is_dir()
        ),
        "indicators",
    )
    bases: list[Base] = []
    for e in found.of_kind("evaluation"):
        real_responses = found.beside(e.name, "responses")
        real_marks = found.beside(e.name, "marks")
        bases += [
            Base("weigh", e.name, weight=6),
            Base("check", e.name, weight=4),
            Base("weigh-j", e.name, weight=1),
            Base("score-csv", e.name, weight=2),
            Base("score-xlsx", e.name, weight=1),
            Base("score-marks", e.name, weight=2),
            Base("score-interactive", e.name, weight=1),
            Base("score-twin", e.name, weight=2),
            Base("weigh-option", e.name, weight=1),
            Base("repair", e.name, weight=3),
            Base("repair-gaps", e.name, weight=2),
            Base("sensitivity", e.name, weight=2),
            Base("questionnaire", e.name, weight=2),
        ]
        bases += [Base("score-csv", e.name, r.name, weight=12) for r in real_responses]
        bases += [Base("score-xlsx", e.name, r.name, weight=2) for r in real_responses]
        bases += [Base("score-twin", e.name, r.name, weight=4) for r in real_responses]
        bases += [Base("score-marks", e.name, m.name, weight=10) for m in real_marks]
        bases += [Base("sensitivity", e.name, r.name, weight=2) for r in real_responses]
        bases += [Base("sensitivity", e.name, m.name) for m in real_marks]
        for j in found.beside(e.name, "judgments"):
            bases += [Base("weigh-j", e.name, j.name, weight=4), Base("check-j", e.name, j.name)]
            bases.append(Base("repair-j", e.name, j.name))
    bases += [Base("check-folder", f, weight=3) for f in folders]
    bases.append(Base("schema", "", weight=2))
    for e in found.of_kind("evaluation"):  # expert panels: every evaluation, with an export
        bases += [Base("weigh-panel", e.name, weight=2), Base("check-panel", e.name)]
        bases.append(Base("sensitivity-panel", e.name))
    for e in found.of_kind("evaluation"):  # reliability, sql and score --statistics
        real_responses = found.beside(e.name, "responses")
        bases += [Base("reliability", e.name, weight=2), Base("sql", e.name, weight=2)]
        bases.append(Base("score-statistics", e.name, weight=2))
        bases += [Base("reliability", e.name, r.name, weight=2) for r in real_responses]
        bases += [Base("score-statistics", e.name, r.name, weight=2) for r in real_responses]
    return Corpus(seeds, folders, tuple(bases))


# --- cases --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """Input files and a command line, rebuilt exactly from (seed, number)."""

    seed: int
    number: int
    base: Base
    args: tuple[str, ...]
    files: tuple[tuple[str, bytes], ...]
    mutated: tuple[str, ...]
    notes: tuple[str, ...]
    output: str | None = None
    report: str | None = None
    """The report's format where it can be checked: json, markdown, csv or html."""
    stdin: str | None = None
    twin: tuple[str, ...] | None = None
    """A second command whose JSON report must equal the first's."""
    twin_label: str = ""
    """What the two commands differ in, naming the class of a disagreement."""
    allowed: frozenset[int] = ALLOWED
    """The exit codes the command documents."""
    write: str | None = None
    """A second output (``repair --write``): written after exit 0 or 1, never after 2."""
    recheck: tuple[str, ...] | None = None
    """A command that must exit 0 on the written copy when the case exits 0."""

    @property
    def command(self) -> str:
        line = "ahp-eval " + shlex.join(self.args)
        if self.stdin is not None:
            line += " < stdin.txt"
        if self.twin is not None:
            line += "; ahp-eval " + shlex.join(self.twin)
        if self.recheck is not None:
            line += "; ahp-eval " + shlex.join(self.recheck)
        return line

    def with_file(self, name: str, data: bytes | None) -> Case:
        """The same case with one input replaced (or removed, for None)."""
        if data is None:
            return replace(self, files=tuple((n, d) for n, d in self.files if n != name))
        return replace(self, files=tuple((n, data if n == name else d) for n, d in self.files))


def rng_for(seed: int, number: int) -> Rng:
    return random.Random(f"ahp-eval-fuzz/{seed}/{number}")  # noqa: S311 - not cryptography


def make_case(seed: int, number: int) -> Case:
    """Case ``number`` of ``seed``: the first cases take every base once, in order."""
    rng = rng_for(seed, number)
    bases = corpus().bases
    if number < len(bases):
        base = bases[number]
    else:
        base = rng.choices(bases, [b.weight for b in bases])[0]
    return BUILDERS[base.command](base, rng, seed, number)


class _Draft:
    """A case being built: its files, what was done to them, its arguments."""

    def __init__(self, base: Base, rng: Rng) -> None:
        self.base = base
        self.rng = rng
        self.files: dict[str, bytes] = {}
        self.mutated: list[str] = []
        self.notes: list[str] = []
        self.args: list[str] = []
        self.output: str | None = None
        self.report: str | None = None
        self.stdin: str | None = None
        self.twin: tuple[str, ...] | None = None
        self.twin_label = ""
        self.twin_options: tuple[str, ...] = ()
        self.write: str | None = None
        self.recheck: tuple[str, ...] | None = None

    def yaml_file(self, name: str, text: str, kind: str, mutate: bool) -> None:
        if mutate and kind == "evaluation" and self.rng.random() < NAMES_ONLY:
            kind = "names"
        if mutate:
            data, labels = mutate_yaml(text, kind, self.rng)
            self.mutated.append(name)
            self.notes += [f"{name}: {label}" for label in labels]
        else:
            data = text.encode("utf-8")
        self.files[name] = data

    def case(self, seed: int, number: int) -> Case:
        return Case(
            seed=seed,
            number=number,
            base=self.base,
            args=tuple(self.args),
            files=tuple(self.files.items()),
            mutated=tuple(self.mutated),
            notes=tuple(self.notes),
            output=self.output,
            report=self.report,
            stdin=self.stdin,
            twin=self.twin,
            twin_label=self.twin_label,
            write=self.write,
            recheck=self.recheck,
        )

    def report_options(self, formats: tuple[str, ...]) -> None:
        """-f and -o: a format, an output file (sometimes in a folder that does not exist)."""
        rng = self.rng
        fmt = rng.choices((None, *formats), (6, *(3 if f != "html" else 0.05 for f in formats)))[0]
        if fmt is not None:
            self.args += ["-f", fmt]
        if self.files and rng.random() < 0.03:
            # an input named as the output: refused, even with --force; the input stays
            self.args += ["-o", rng.choice(sorted(self.files)), "--force"]
            self.notes.append("-o names an input, with --force")
        elif rng.random() < 0.4:
            suffixes = [".json", ".csv", ".md", ".txt", "", ".xlsx"]
            if fmt == "html":
                suffixes.append(".html")
            suffix = rng.choice(suffixes)
            self.output = ("sub/" if rng.random() < 0.03 else "") + "out" + suffix
            self.args += ["-o", self.output]
            if rng.random() < 0.1:
                self.args.append("--force")
        if fmt is None and self.output is not None:
            fmt = SUFFIX_FORMATS.get(Path(self.output).suffix)
        self.report = fmt if fmt in ("json", "markdown", "csv", "html", "xlsx") else None

    def weights_options(self, threshold: bool) -> None:
        rng = self.rng
        if rng.random() < 0.15:
            self.args += ["--method", rng.choice(("root", "eigen", "sum"))]
        if rng.random() < 0.1:
            self.args += [
                "--ri",
                rng.choice(
                    (
                        "saaty",
                        "cn",
                        "alonso-lamata",
                        "0,0,0.58",
                        "0,0,0.58,0.9,1.12,1.24,1.32,1.41,1.45,1.49",
                        "0,0,1e400",
                        "0,0,nan",
                        "0,0,-1",
                        "0,0," + HUGE,
                        "x,y",
                        ",",
                    )
                ),
            ]
        if threshold and rng.random() < 0.1:
            self.args += [
                "--cr-threshold",
                rng.choice(("0", "-1", "nan", "inf", "1e309", "0.2", HUGE)),
            ]


SUFFIX_FORMATS = {
    ".json": "json",
    ".csv": "csv",
    ".md": "markdown",
    ".html": "html",
    ".xlsx": "xlsx",
}
"""The format an output file's suffix chooses."""


def _maybe(rng: Rng, p: float) -> bool:
    return rng.random() < p


def build_weigh(base: Base, rng: Rng, seed: int, number: int) -> Case:
    d = _Draft(base, rng)
    evaluation = corpus().seeds[base.target]
    d.args = ["weigh", "evaluation.yaml"]
    with_judgments = base.command == "weigh-j"
    d.yaml_file(
        "evaluation.yaml", evaluation.text, "evaluation", not with_judgments or _maybe(rng, 0.3)
    )
    if with_judgments:
        _judgments_file(d, evaluation, base.companion)
    d.report_options(("table", "json", "csv", "markdown", "xlsx", "html"))
    d.weights_options(threshold=True)
    if _maybe(rng, 0.05):
        d.args += ["--precision", str(rng.randrange(1, 13))]
    if _maybe(rng, 0.15):
        d.args += ["--lang", "en"]
    return d.case(seed, number)


def _judgments_file(d: _Draft, evaluation: Seed, companion: str | None) -> None:
    if companion is not None:
        text = corpus().seeds[companion].text
    else:
        data = evaluation.data if isinstance(evaluation.data, dict) else {}
        text = yaml.dump(
            {"judge": "评审组", "judgments": data.get("judgments", {})},
            Dumper=yaml.CSafeDumper,
            allow_unicode=True,
            sort_keys=False,
        )
    d.yaml_file("judgments.yaml", text, "judgments", _maybe(d.rng, 0.8))
    d.args += ["-j", "judgments.yaml"]


def build_check(base: Base, rng: Rng, seed: int, number: int) -> Case:
    d = _Draft(base, rng)
    evaluation = corpus().seeds[base.target]
    d.args = ["check", "evaluation.yaml"]
    with_judgments = base.command == "check-j"
    d.yaml_file(
        "evaluation.yaml", evaluation.text, "evaluation", not with_judgments or _maybe(rng, 0.3)
    )
    if with_judgments:
        _judgments_file(d, evaluation, base.companion)
    _check_options(d)
    return d.case(seed, number)


def _check_options(d: _Draft) -> None:
    rng = d.rng
    fmt = rng.choice(("text", "json", "github", "junit", None))
    if fmt is not None:
        d.args += ["-f", fmt]
    d.report = fmt if fmt in ("json", "junit") else None
    if _maybe(rng, 0.2):
        d.args.append("-v")
    if _maybe(rng, 0.15):
        d.args.append("--only-evaluations")
    d.weights_options(threshold=True)


ODD_FILES: tuple[tuple[str, bytes], ...] = (
    ("evals/broken.yml", b"\xff\xfe\x00goal: [\n"),
    ("evals/empty.yaml", b""),
    ("evals/only-goal.yaml", "goal: {id: A, name: 只有目标}\n".encode()),
    ("evals/list.yaml", b"- goal\n- criteria\n"),
    ("evals/sub/deeper/copy.yaml", b"goal: {id: A, name: a}\ncriteria: [{id: B, name: b}]\n"),
    ("evals/a folder.yaml/", b""),
    ("evals/notes.txt", b"not yaml"),
)


def build_check_folder(base: Base, rng: Rng, seed: int, number: int) -> Case:
    d = _Draft(base, rng)
    folder = ROOT / base.target
    prefix = "evals/" + folder.name + "/"
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts:
            continue
        d.files[prefix + path.relative_to(folder).as_posix()] = path.read_bytes()
    yamls = [s for s in corpus().seeds.values() if s.folder == base.target and s.kind != "other"]
    for s in rng.sample(yamls, min(len(yamls), rng.choice((1, 1, 2)))):
        name = prefix + s.name.rsplit("/", 1)[1]
        kind = s.kind if s.kind != "responses" else "evaluation"
        if name.endswith(".yaml"):
            d.yaml_file(name, s.text, kind, mutate=True)
    if _maybe(rng, 0.2):
        extra = rng.choice(ODD_FILES)
        d.files[extra[0]] = extra[1]
        d.notes.append(f"added {extra[0]}")
    d.args = ["check", "evals" if _maybe(rng, 0.8) else prefix.rstrip("/")]
    if _maybe(rng, 0.1) and d.mutated:
        d.args.append(d.mutated[0])
    _check_options(d)
    return d.case(seed, number)


SIMPLE_NAMES = ("编号", "意见建议", SITES)
"""Header and site names of a made-up export."""


def synthetic_export(
    evaluation: Any, rng: Rng, names: tuple[str, str, tuple[str, ...]] = SIMPLE_NAMES
) -> tuple[Sheet, str | None]:
    """Answers for an evaluation: a header of its columns, rows inside its scale.

    Returns the export and the --group option it needs (None: the file's survey.group).
    """
    data = evaluation if isinstance(evaluation, dict) else {}
    survey = data.get("survey") if isinstance(data.get("survey"), dict) else {}
    assert isinstance(survey, dict)
    questions = survey.get("questions") or []
    columns = [str(q["column"]) for q in questions if isinstance(q, dict)] or leaves(data)
    scale = survey.get("scale") if isinstance(survey.get("scale"), dict) else {}
    assert isinstance(scale, dict)
    lo, hi = int(scale.get("min", 1)), int(scale.get("max", 5))
    group = survey.get("group")
    option = None
    if group is None and _maybe(rng, 0.7):
        group = option = "site"
    id_header, free_header, site_names = names
    header = [id_header, *([str(group)] if group else []), *columns, free_header]
    sites = rng.sample(site_names, min(len(site_names), rng.randrange(1, 4)))
    rows = [header]
    for i in range(rng.randrange(3, 60)):
        answers = [str(rng.randint(lo, hi)) if rng.random() > 0.05 else "" for _ in columns]
        rows.append([str(i + 1), *([rng.choice(sites)] if group else []), *answers, ""])
    g = 1 if group else None
    free = len(header) - 1
    return Sheet(rows, g, list(range(1 + (1 if group else 0), free)), free), option


def _sheet_for(base: Base, rng: Rng) -> tuple[Sheet, str | None]:
    evaluation = corpus().seeds[base.target]
    if base.companion is not None:
        data = evaluation.data if isinstance(evaluation.data, dict) else {}
        survey = data.get("survey") if isinstance(data.get("survey"), dict) else {}
        assert isinstance(survey, dict)
        group = survey.get("group")
        return read_sheet(corpus().seeds[base.companion].text, group), None
    return synthetic_export(evaluation.data, rng)


def build_score_export(base: Base, rng: Rng, seed: int, number: int) -> Case:
    d = _Draft(base, rng)
    evaluation = corpus().seeds[base.target]
    roll = rng.random()
    d.yaml_file("evaluation.yaml", evaluation.text, "evaluation", roll < 0.35)
    sheet, group = _sheet_for(base, rng)
    xlsx = base.command == "score-xlsx"
    name = "responses.xlsx" if xlsx else "responses.csv"
    sheet_name = None
    if roll >= 0.25:
        if xlsx:
            data, labels, sheet_name = mutate_xlsx(sheet, rng)
        else:
            data, labels = mutate_csv(sheet, rng)
        d.mutated.append(name)
        d.notes += [f"{name}: {label}" for label in labels]
    else:
        text = "\n".join(",".join(r) for r in sheet.rows) + "\n"
        if xlsx:
            data, _, sheet_name = mutate_xlsx(sheet, rng_for(0, 0))
        else:
            data = text.encode("utf-8")
    d.files[name] = data
    d.args = ["score", "evaluation.yaml", name]
    if group is not None or _maybe(rng, 0.05):
        d.args += ["--group", group or rng.choice(("没有这一列", "意见建议", "编号", " "))]
    if sheet_name is not None:
        d.args += ["--sheet", sheet_name]
    _score_options(d)
    return d.case(seed, number)


def _score_options(d: _Draft) -> None:
    rng = d.rng
    d.report_options(("table", "json", "csv", "markdown", "html", "xlsx"))
    if _maybe(rng, 0.25):
        d.args.append("--drop-invalid")
    if _maybe(rng, 0.2):
        d.args.append("--fuzzy")
    if _maybe(rng, 0.05):
        d.args += ["--bootstrap", "100", "--seed", str(rng.randrange(100))]
    if _maybe(rng, 0.1):
        d.args += ["--score-formula", rng.choice(("range", "max"))]
    if _maybe(rng, 0.1):
        d.args += ["--precision", str(rng.randrange(1, 13))]
    if _maybe(rng, 0.1):
        d.args += ["--lang", "en"]
    d.weights_options(threshold=False)
    _score_extra_options(d)


def synthetic_marks(evaluation: Any, rng: Rng) -> str:
    data = evaluation if isinstance(evaluation, dict) else {}
    survey = data.get("survey") if isinstance(data.get("survey"), dict) else {}
    assert isinstance(survey, dict)
    scale = survey.get("scale") if isinstance(survey.get("scale"), dict) else {}
    assert isinstance(scale, dict)
    lo, hi = int(scale.get("min", 1)), int(scale.get("max", 5))
    marks = {leaf: rng.randint(lo, hi) for leaf in leaves(data)}
    doc: dict[str, Any] = {"site": rng.choice(SITES)}
    if _maybe(rng, 0.5):
        doc["scale"] = {"min": lo, "max": hi}
    doc["marks"] = marks
    return yaml.dump(doc, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)


def build_score_marks(base: Base, rng: Rng, seed: int, number: int) -> Case:
    d = _Draft(base, rng)
    evaluation = corpus().seeds[base.target]
    mutate_evaluation = _maybe(rng, 0.3)
    d.yaml_file("evaluation.yaml", evaluation.text, "evaluation", mutate_evaluation)
    if base.companion is not None:
        text = corpus().seeds[base.companion].text
    else:
        text = synthetic_marks(evaluation.data, rng)
    d.yaml_file("marks.yaml", text, "marks", not mutate_evaluation or _maybe(rng, 0.2))
    d.args = ["score", "evaluation.yaml", "--marks", "marks.yaml"]
    _score_options(d)
    return d.case(seed, number)


def build_score_interactive(base: Base, rng: Rng, seed: int, number: int) -> Case:
    d = _Draft(base, rng)
    evaluation = corpus().seeds[base.target]
    d.yaml_file("evaluation.yaml", evaluation.text, "evaluation", _maybe(rng, 0.3))
    answers = []
    for _ in leaves(evaluation.data):
        if _maybe(rng, 0.1):
            answers.append(rng.choice(ODD_CELLS).replace("\n", ""))
        answers.append(str(rng.randint(1, 5)))
    if _maybe(rng, 0.2):
        answers = answers[: rng.randrange(len(answers) + 1)]
        d.notes.append(f"stdin ends after {len(answers)} answers")
    d.stdin = "\n".join(answers) + "\n"
    d.args = ["score", "evaluation.yaml", "--interactive"]
    _score_options(d)
    return d.case(seed, number)


TWIN_ENCODINGS = ("gb18030", "gbk", "utf-8-sig", "big5", "shift_jis", "euc-kr", "utf-16", "mixed")
"""Encodings of the re-encoded twin: the documented ones must read alike, others be refused."""

DOCUMENTED = ("gb18030", "gbk", "utf-8-sig")
"""Encodings the documentation promises to read (besides UTF-8)."""

DECLARED = ("euc-kr",)
"""Encodings no reader can tell from GB18030 (their bytes read as common hanzi): the
twin names them with --encoding, and must then read alike."""

TWIN_NAMES: tuple[str, ...] = (
    "編號",
    "id",
    "意見",
    "備考",
    "城東站",
    "台北站",
    "東京",
    "Site A",
    "대구",
)


JAPANESE = {"編號": "番号"}
"""A Japanese export writes 番号 where a Chinese one writes 編號 (號 is a rare kanji in
Japanese: detection of Shift-JIS relies on common kanji, see docs/format.md)."""


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def build_score_twin(base: Base, rng: Rng, seed: int, number: int) -> Case:
    """One export read two ways that must agree: as it is, and quoted or re-encoded."""
    d = _Draft(base, rng)
    evaluation = corpus().seeds[base.target]
    d.files["evaluation.yaml"] = evaluation.text.encode("utf-8")
    encoding = rng.choice(TWIN_ENCODINGS)
    if base.companion is not None:
        sheet, group = _sheet_for(base, rng)
    else:
        target = "gb18030" if encoding == "mixed" else encoding
        names = [JAPANESE.get(n, n) if target == "shift_jis" else n for n in TWIN_NAMES]
        names = [n for n in names if _encodable(n, target)]
        ids = [n for n in names if n in ("編號", "番号", "id")] or ["id"]
        frees = [n for n in names if n in ("意見", "備考")] or ["note"]
        sites = tuple(n for n in names if n not in (*ids, *frees)) or ("A",)
        sheet, group = synthetic_export(
            evaluation.data, rng, (rng.choice(ids), rng.choice(frees), sites)
        )
    sheet = sheet.copy()
    ops, weights = zip(*CSV_OPS[:5], strict=True)  # cells, blank lines, quotes, groups, text row
    for _ in range(rng.choice((0, 1, 1, 2))):
        d.notes.append("responses.csv: " + rng.choices(ops, weights)[0](sheet, rng))
    text = "".join(",".join(_csv_field(c) for c in row) + "\n" for row in sheet.rows)
    first, _, rest = text.partition(",")
    paths = rng.random() < 0.5 or not _encodable(
        text, "gb18030" if encoding == "mixed" else encoding
    )
    if paths and not re.search(r'[",\r\n]', first):
        d.files["responses.csv"] = utf8(text)
        d.files["careful.csv"] = utf8(f'"{first}",{rest}')
        twin_file = "careful.csv"
        d.twin_label = "the fast and the careful CSV reader disagree"
        d.notes.append("careful.csv: responses.csv with its first header quoted")
    elif not paths:
        d.files["responses.csv"] = utf8(text)
        if encoding == "mixed":
            lines = text.splitlines(keepends=True)
            k = rng.randrange(1, len(lines) + 1)
            head, tail = "".join(lines[:k]), "".join(lines[k:])
            d.files["encoded.csv"] = utf8(head) + tail.encode("gb18030")
            d.twin_label = "UTF-8 then GB18030 in one file reads as another result"
            d.notes.append(f"encoded.csv: UTF-8 up to line {k}, GB18030 after")
        else:
            d.files["encoded.csv"] = text.encode(encoding)
            declared = encoding in DECLARED or (encoding not in DOCUMENTED and _maybe(rng, 0.3))
            if declared:
                d.twin_options = ("--encoding", encoding)
            d.twin_label = (
                f"an export in {encoding} reads as another result"
                if encoding in DOCUMENTED or declared
                else "an export in an undocumented encoding reads as another result, no error"
            )
            d.notes.append(
                f"encoded.csv: responses.csv encoded as {encoding}"
                + (f", read with --encoding {encoding}" if declared else "")
            )
        twin_file = "encoded.csv"
    else:
        d.files["responses.csv"] = utf8(text)
        twin_file = "responses.csv"
        d.twin_label = "the same command gives two results"
    d.args = ["score", "evaluation.yaml", "responses.csv", "-f", "json"]
    if group is not None:
        d.args += ["--group", group]
    if _maybe(rng, 0.25):
        d.args.append("--drop-invalid")
    if _maybe(rng, 0.2):
        d.args.append("--fuzzy")
    d.report = "json"
    d.twin = (
        *(twin_file if a == "responses.csv" else a for a in d.args),
        *d.twin_options,
    )
    return d.case(seed, number)


def _csv_field(cell: str) -> str:
    """A CSV field, quoted only where it must be."""
    if re.search(r'[",\r\n]', cell):
        return '"' + cell.replace('"', '""') + '"'
    return cell


OPTION_VALUES: dict[str, tuple[tuple[str, str], ...]] = {
    "cr_threshold": (
        ("0.1", "0.1"),
        ("0.2", "0.2"),
        ("0.05", "0.05"),
        ("1", "1"),
        ("1.5", "1.5"),
        ("0", "0"),
        ("-1", "-1"),
        ("inf", ".inf"),
        ("-inf", "-.inf"),
        ("1e309", ".inf"),
        ("nan", ".nan"),
    ),
    "ri": (
        ("saaty", "saaty"),
        ("cn", "cn"),
        ("alonso-lamata", "alonso-lamata"),
        (
            "0,0,0.58,0.9,1.12,1.24,1.32,1.41,1.45,1.49",
            "[0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49]",
        ),
        ("0,0,0.58", "[0, 0, 0.58]"),
        ("0,0,0.58,0.9,1.12,1.24", "[0, 0, 0.58, 0.9, 1.12, 1.24]"),
        ("0,0,0,0.9,1.12,1.24", "[0, 0, 0, 0.9, 1.12, 1.24]"),
        ("0,0,-1,0.9,1.12,1.24", "[0, 0, -1, 0.9, 1.12, 1.24]"),
        ("0,0,nan,0.9,1.12,1.24", "[0, 0, .nan, 0.9, 1.12, 1.24]"),
        ("0,0,inf,0.9,1.12,1.24", "[0, 0, .inf, 0.9, 1.12, 1.24]"),
        ("1,1,1,1,1,1,1,1,1,1", "[1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"),
        ("bogus", "bogus"),
    ),
    "method": (("root", "root"), ("eigen", "eigen"), ("sum", "sum")),
}
"""Option values and the same value written as a setting in the file."""


def build_weigh_option(base: Base, rng: Rng, seed: int, number: int) -> Case:
    """A setting given as an option, and the same setting written in the file, must agree."""
    d = _Draft(base, rng)
    evaluation = corpus().seeds[base.target]
    key = rng.choice(list(OPTION_VALUES))
    option, raw = rng.choice(OPTION_VALUES[key])
    data = copy.deepcopy(evaluation.data)
    splice = Splice()
    if not isinstance(data.get("settings"), dict):
        data["settings"] = {}
    data["settings"][key] = splice.token(raw)
    d.files["evaluation.yaml"] = evaluation.text.encode("utf-8")
    d.files["setting.yaml"] = utf8(splice.dump(data, rng))
    d.notes.append(f"setting.yaml: settings.{key} = {raw}")
    flag = "--" + key.replace("_", "-")
    d.args = ["weigh", "evaluation.yaml", f"{flag}={option}", "-f", "json"]
    d.twin = ("weigh", "setting.yaml", "-f", "json")
    d.twin_label = f"{flag} and settings.{key} disagree"
    d.report = "json"
    return d.case(seed, number)


SCALE_TOKENS = ("9", "7", "5", "3", "2", "1", '"1/2"', "1/3", "'1/5'", '"1/7"', "1/9", "0.33")
"""Judgments a repair case types over others: valid, so that matrices fail CR but read."""
UPPER = re.compile(r"upper: \[([^\]\n]*)\]")


def _unsettle(text: str, rng: Rng) -> tuple[str, list[str]]:
    """One to three values of some `upper` lists replaced by other scale values, in place."""
    notes: list[str] = []
    for _ in range(rng.randrange(1, 4)):
        found = list(UPPER.finditer(text))
        if not found:
            break
        m = rng.choice(found)
        values = m.group(1).split(", ")
        k = rng.randrange(len(values))
        values[k] = rng.choice(SCALE_TOKENS)
        notes.append(f"upper value {k + 1} on line {text.count(chr(10), 0, m.start()) + 1}")
        text = text[: m.start(1)] + ", ".join(values) + text[m.end(1) :]
    return text, notes


def build_repair(base: Base, rng: Rng, seed: int, number: int) -> Case:
    d = _Draft(base, rng)
    evaluation = corpus().seeds[base.target]
    with_judgments = base.command == "repair-j"
    target = "judgments.yaml" if with_judgments else "evaluation.yaml"
    d.args = ["repair", "evaluation.yaml"]
    text = evaluation.text
    if not with_judgments:
        text, notes = _unsettle(text, rng)
        d.notes += [f"evaluation.yaml: {n}" for n in notes]
    d.yaml_file("evaluation.yaml", text, "evaluation", not with_judgments and _maybe(rng, 0.4))
    if with_judgments:
        assert base.companion is not None
        jtext, notes = _unsettle(corpus().seeds[base.companion].text, rng)
        d.notes += [f"judgments.yaml: {n}" for n in notes]
        d.yaml_file("judgments.yaml", jtext, "judgments", _maybe(rng, 0.4))
        d.args += ["-j", "judgments.yaml"]
    d.report_options(("text", "json", "markdown", "xlsx"))
    fmt = d.args[d.args.index("-f") + 1] if "-f" in d.args else None
    if fmt is None and d.output is not None:
        fmt = {".json": "json", ".md": "markdown", ".xlsx": "xlsx"}.get(Path(d.output).suffix)
    d.report = fmt if fmt in ("json", "markdown", "xlsx") else None
    d.weights_options(threshold=True)
    roll = rng.random()
    if roll < 0.05:
        d.args += ["--write", target, "--force"]  # an input: refused, even with --force
        d.notes.append("--write names the input, with --force")
    elif roll < 0.08 and d.output is not None:
        d.args += ["--write", d.output]  # the same file as -o: refused
        d.notes.append("--write names the -o file")
    elif roll < 0.6:
        d.write = "repaired.yaml"
        d.args += ["--write", d.write]
        options = [a for a in d.args if a.startswith("--") and a not in ("--write", "--force")]
        keep: list[str] = []
        for flag in ("--method", "--ri", "--cr-threshold"):
            if flag in options:
                k = d.args.index(flag)
                keep += d.args[k : k + 2]
        if with_judgments:
            d.recheck = ("check", "evaluation.yaml", "-j", d.write, *keep)
        else:
            d.recheck = ("check", d.write, *keep)
    return d.case(seed, number)


BUILDERS: dict[str, Callable[[Base, Rng, int, int], Case]] = {
    "weigh": build_weigh,
    "weigh-j": build_weigh,
    "check": build_check,
    "check-j": build_check,
    "check-folder": build_check_folder,
    "score-csv": build_score_export,
    "score-xlsx": build_score_export,
    "score-marks": build_score_marks,
    "score-interactive": build_score_interactive,
    "score-twin": build_score_twin,
    "weigh-option": build_weigh_option,
    "repair": build_repair,
    "repair-j": build_repair,
}


# --- running --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    """A broken promise: its class and what exactly happened."""

    key: str
    detail: str


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str
    seconds: float
    failures: list[Failure] = field(default_factory=list)

    @property
    def key(self) -> str | None:
        return self.failures[0].key if self.failures else None


RUNNER = CliRunner()


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under ``folder``, by relative name."""
    out: dict[str, bytes | None] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        for name in dirnames:
            out[(here / name).relative_to(folder).as_posix() + "/"] = None
        for name in filenames:
            path = here / name
            out[path.relative_to(folder).as_posix()] = (
                path.read_bytes() if not path.is_symlink() else b""
            )
    return out


def write_inputs(case: Case, folder: Path) -> None:
    for name, data in case.files:
        path = folder / name
        if name.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


FRAME = re.compile(
    r'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+), in (?P<func>.+)$', re.MULTILINE
)


def _where(frames: Iterable[tuple[str, str]]) -> str:
    """The innermost ahp_eval frame (file:function), else the innermost frame."""
    listed = list(frames)
    for name, func in reversed(listed):
        file = name.replace("\\", "/")
        if "/ahp_eval/" in file:
            return f"ahp_eval/{file.rsplit('/ahp_eval/', 1)[1]}:{func}"
    if listed:
        name, func = listed[-1]
        return f"{name.replace(chr(92), '/').rsplit('/', 1)[-1]}:{func}"
    return "?"


def crash_from_text(text: str) -> tuple[str, str, str]:
    """Exception type, its message's first line, and where: from a printed traceback."""
    block = text[text.rfind("Traceback (most recent call last):") :]
    frames = [(m["file"], m["func"]) for m in FRAME.finditer(block)]
    line = next(
        (x for x in block.splitlines()[1:] if x.strip() and not x.startswith((" ", "\t"))), ""
    )
    kind, _, message = line.partition(":")
    return kind.strip() or "?", message.strip(), _where(frames)


def _normal(text: str) -> str:
    """A message with its numbers and temporary names made alike, for grouping."""
    text = re.sub(r"\.[\w-]{6,}\.tmp\b", ".*.tmp", text)
    return re.sub(r"\d+", "N", text)


@dataclass
class _Run:
    """One command run in process: its result, warnings and time."""

    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None
    exc_info: Any
    warnings: list[warnings.WarningMessage]
    seconds: float


def _invoke(args: tuple[str, ...], stdin: str | None, work: Path) -> _Run:
    """Run the command line in ``work``, recording warnings; restore what a command changes."""
    cwd = Path.cwd()
    tempdir = tempfile.tempdir
    collecting = gc.isenabled()
    start = time.perf_counter()
    try:
        os.chdir(work)
        tempfile.tempdir = str(work)  # a stray temporary file shows up in the folder
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = RUNNER.invoke(app, list(args), input=stdin)
    finally:
        os.chdir(cwd)
        tempfile.tempdir = tempdir
        if collecting and not gc.isenabled():  # `check` switches the collector off
            gc.unfreeze()
            gc.enable()
    return _Run(
        result.exit_code,
        result.stdout,
        result.stderr,
        result.exception,
        result.exc_info,
        list(caught),
        time.perf_counter() - start,
    )


def _crash(run: _Run, allowed: frozenset[int]) -> Failure | None:
    """An exception that escaped, a traceback, or an undocumented exit code."""
    exception = run.exception
    text = run.stdout + run.stderr
    if exception is not None and not isinstance(exception, SystemExit):
        frames = [(f.filename, f.name) for f in traceback.extract_tb(run.exc_info[2])]
        kind = type(exception).__qualname__
        first = str(exception).splitlines()[0] if str(exception) else ""
        return Failure(f"uncaught {kind} in {_where(frames)}", f"{kind}: {first}")
    if "Traceback (most recent call last)" in text or run.exit_code == 3:
        kind, message, where = crash_from_text(run.stderr or run.stdout)
        if kind == "RecursionError":  # the innermost frame of a deep recursion is arbitrary
            where = where.split(":")[0]
        return Failure(f"exit {run.exit_code}: {kind} in {where}", f"{kind}: {message}")
    if run.exit_code not in allowed:
        last = text.strip().splitlines()[-1] if text.strip() else ""
        return Failure(f"exit {run.exit_code}", last)
    return None


def _warnings(run: _Run) -> list[Failure]:
    out = []
    for w in run.warnings:
        where = Path(w.filename).as_posix().rsplit("/site-packages/", 1)[-1]
        if "/ahp_eval/" in where:
            where = "ahp_eval/" + where.rsplit("/ahp_eval/", 1)[1]
        message = str(w.message).splitlines()[0] if str(w.message) else ""
        out.append(Failure(f"warning {w.category.__name__} at {where}:{w.lineno}", message))
    return out


UNCOMPARED = frozenset({"file", "responses", "encoding", "line"})
"""Report keys that name the input file or a line in it, and so differ between twins."""


def json_difference(a: Any, b: Any, path: str = "") -> str | None:  # noqa: PLR0911
    """Where two JSON values differ (floats within 1e-9), or None when they agree."""
    if isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool):
        if a == b or (
            isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b)
        ):
            return None
        try:
            if math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12):
                return None
        except OverflowError:  # an integer too large for a float
            pass
        return f"{path or '.'}: {a!r} != {b!r}"
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k in UNCOMPARED:
                continue
            if k not in a or k not in b:
                return f"{path}.{k}: only in {'the second' if k in b else 'the first'}"
            found = json_difference(a[k], b[k], f"{path}.{k}")
            if found:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = json_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        return None
    return None if a == b else f"{path or '.'}: {_clip(a)} != {_clip(b)}"


def _clip(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:60] + "..." + text[-12:]


def _compare(case: Case, first: _Run, second: _Run) -> Failure | None:
    """The twin's report must equal the first one's (or, where allowed, the twin be refused)."""
    may_refuse = "undocumented encoding" in case.twin_label or case.twin_label.startswith(
        "UTF-8 then"
    )
    if first.exit_code != second.exit_code:
        if may_refuse and second.exit_code == 2:
            return None
        said = (second.stderr or first.stderr).strip().splitlines()
        return Failure(
            case.twin_label,
            f"exit {first.exit_code} then {second.exit_code}: {said[0][:200] if said else ''}",
        )
    if first.exit_code not in (0, 1):
        return None
    try:
        found = json_difference(json.loads(first.stdout), json.loads(second.stdout))
    except ValueError:
        return None  # reported as "not JSON"
    return Failure(case.twin_label, found) if found else None


def _json_broken(text: str, inputs: bytes) -> str | None:
    try:
        json.loads(text)
    except ValueError as exc:
        return f"not JSON: {exc}"
    _ = inputs
    return None


PIPE = re.compile(r"(?<!\\)\|")


def _markdown_broken(text: str, inputs: bytes) -> str | None:
    """Every table row is closed and has as many cells as its header row."""
    _ = inputs
    header = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("|"):
            header = None
            continue
        cells = len(PIPE.findall(line))
        if not line.rstrip().endswith("|"):
            return f"line {number}: a table row that does not end with |: {_clip(line)}"
        if header is None:
            header = cells
        elif cells != header:
            return f"line {number}: {cells - 1} cells under a header of {header - 1}: {_clip(line)}"
    return None


def _csv_broken(text: str, inputs: bytes) -> str | None:
    """Every row has as many fields as the header."""
    _ = inputs
    limit = csv.field_size_limit(sys.maxsize)  # a report may carry a long name
    try:
        rows = [r for r in csv.reader(io.StringIO(text, newline="")) if r]
    finally:
        csv.field_size_limit(limit)  # the command's own readers keep the default
    for number, row in enumerate(rows[1:], 2):
        if len(row) != len(rows[0]):
            return f"row {number}: {len(row)} fields under a header of {len(rows[0])}"
    return None


SCRIPT = "<script>alert(1)</script>"


def _html_broken(text: str, inputs: bytes) -> str | None:
    """Markup typed in an input reaches the page escaped."""
    if SCRIPT.encode() in inputs and SCRIPT in text:
        return f"{SCRIPT} from an input is in the page as markup"
    return None


def _junit_broken(text: str, inputs: bytes) -> str | None:
    """Well-formed XML whose counts add up: one case per test, failures and errors counted."""
    _ = inputs
    try:
        root = ET.fromstring(text.encode())  # noqa: S314 - our own report, no entities
    except ET.ParseError as exc:
        return f"not XML: {exc}"
    for suite in root.iter("testsuite"):
        cases = suite.findall("testcase")
        failures = sum(len(c.findall("failure")) for c in cases)
        errors = sum(len(c.findall("error")) for c in cases)
        counted = (suite.get("tests"), suite.get("failures"), suite.get("errors"))
        if counted != (str(len(cases)), str(failures), str(errors)):
            return (
                f"suite {_clip(suite.get('name') or '')}: counts {counted} for {len(cases)} cases"
            )
    return None


REPORT_CHECKS: dict[str, Callable[[str, bytes], str | None]] = {
    "junit": _junit_broken,
    "json": _json_broken,
    "markdown": _markdown_broken,
    "csv": _csv_broken,
    "html": _html_broken,
}
"""What a report of each format must be: parsable, with whole table rows, escaped markup."""


def run_case(case: Case, work: Path) -> Outcome:
    """Run one case in the empty folder ``work`` and check every promise."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    write_inputs(case, work)
    before = _snapshot(work)
    run = _invoke(case.args, case.stdin, work)
    after = _snapshot(work)
    out = Outcome(run.exit_code, run.stdout, run.stderr, run.seconds)
    fail = out.failures.append
    crash = _crash(run, case.allowed)
    if crash is not None:
        fail(crash)
    out.failures += _warnings(run)

    for name, data in before.items():
        if after.get(name, b"<gone>") != data:
            fail(Failure("input file changed or removed", name))
    expected = set(before) | {o for o in (case.output, case.write) if o}
    extra = sorted(set(after) - expected)
    if extra:
        fail(Failure(f"wrote unexpected files: {_normal(', '.join(extra))}", ", ".join(extra)))

    written = case.output is not None and after.get(case.output) is not None
    if case.output is not None and run.exit_code in (0, 1, 4) and not written:
        fail(Failure(f"exit {run.exit_code} without the requested output", case.output))
    if case.output is not None and run.exit_code == 2 and written:
        fail(Failure("exit 2 but the output file was written", case.output))
    copied = case.write is not None and after.get(case.write) is not None
    if case.write is not None and run.exit_code in (0, 1) and not copied:
        fail(Failure(f"exit {run.exit_code} without the repaired copy", case.write))
    if case.write is not None and run.exit_code == 2 and copied:
        fail(Failure("exit 2 but the repaired copy was written", case.write))
    if case.recheck is not None and run.exit_code == 0 and copied and crash is None:
        again = _invoke(case.recheck, None, work)
        out.seconds += again.seconds
        if again.exit_code != 0:
            tail = (again.stdout + again.stderr).strip().splitlines()[-1:] or [""]
            fail(Failure("the repaired copy does not pass check (repair)", tail[0]))
        out.failures += _warnings(again)
    checked = case.args[0] == "check" and run.exit_code == 2 and run.stdout
    if case.report and (run.exit_code in (0, 1) or checked):
        report = after.get(case.output) if case.output else run.stdout.encode()
        if report is not None:
            inputs = b"".join(d for d in before.values() if d)
            if case.report in BINARY_REPORT_CHECKS:
                broken = BINARY_REPORT_CHECKS[case.report](report, inputs)
            else:
                broken = REPORT_CHECKS[case.report](report.decode("utf-8", "replace"), inputs)
            if broken:
                fail(Failure(f"the {case.report} report is malformed ({case.args[0]})", broken))

    if case.twin is not None and crash is None:
        second = _invoke(case.twin, case.stdin, work)
        out.seconds += second.seconds
        crash = _crash(second, case.allowed)
        difference = crash or _compare(case, run, second)
        if difference is not None:
            fail(difference)
        out.failures += _warnings(second)
    if crash is None:
        out.failures += code_page_rerun(case, run, work)
    return out


def _xlsx_broken(data: bytes, inputs: bytes) -> str | None:
    """A workbook openpyxl reads back, with a frozen header row and no formula anywhere."""
    _ = inputs
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - any failure to read it is the finding
        return f"not a workbook: {type(exc).__name__}: {exc}"
    for ws in book:
        if not (ws.freeze_panes or "").endswith("2"):
            return f"sheet {ws.title}: the header row is not frozen"
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    return f"sheet {ws.title}: {cell.coordinate} is a formula: {_clip(cell.value)}"
    return None


BINARY_REPORT_CHECKS: dict[str, Callable[[bytes, bytes], str | None]] = {"xlsx": _xlsx_broken}
"""What a binary report must be: readable, its headers frozen, no formula in any cell."""


# --- reporting ----------------------------------------------------------------------------------


def slug(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", key).strip("-")[:70]


def save_case(case: Case, outcome: Outcome, folder: Path) -> Path:
    """The case's input files, its command (command.txt) and what happened (case.txt)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    write_inputs(case, folder)
    (folder / "command.txt").write_text(case.command + "\n", encoding="utf-8")
    if case.stdin is not None:
        (folder / "stdin.txt").write_text(case.stdin, encoding="utf-8")
    tail = "\n".join(outcome.stderr.splitlines()[-12:])
    lines = [
        f"seed {case.seed}, case {case.number} ({case.base.command} {case.base.target})",
        f"run in this folder: {case.command}",
        f"exit code {outcome.exit_code}",
        *(f"failure: {f.key}: {f.detail}" for f in outcome.failures),
        "mutations:",
        *(f"  {note}" for note in case.notes),
        "last lines of stderr:",
        tail,
    ]
    (folder / "case.txt").write_text("\n".join(lines) + "\n", encoding="utf-8", errors="replace")
    return folder


def group_failures(failed: Iterable[tuple[Case, Outcome]]) -> dict[str, list[tuple[Case, Outcome]]]:
    """Failed cases by class, the most frequent class first."""
    classes: dict[str, list[tuple[Case, Outcome]]] = {}
    for case, outcome in failed:
        assert outcome.key is not None
        classes.setdefault(outcome.key, []).append((case, outcome))
    return dict(sorted(classes.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def describe(
    classes: dict[str, list[tuple[Case, Outcome]]],
    saved: dict[str, Path],
    *,
    total: int,
    seed: int,
    rerun: str,
) -> str:
    """A readable failure report: one paragraph per class with one way to reproduce it."""
    count = sum(len(v) for v in classes.values())
    lines = [
        f"{count} of {total} fuzz cases failed (seed {seed}), in {len(classes)} classes.",
        f"Rerun one case: {rerun}",
        "",
    ]
    for k, (key, cases) in enumerate(classes.items(), 1):
        case, outcome = min(cases, key=lambda co: sum(len(d) for _, d in co[0].files))
        numbers = ", ".join(str(c.number) for c, _ in cases[:8])
        lines += [
            f"[{k}] {key}: {len(cases)} case(s) ({numbers}{', ...' if len(cases) > 8 else ''})",
            f"    {outcome.failures[0].detail[:300]}",
            f"    case {case.number}: {case.command}",
            *(f"      {note[:160]}" for note in case.notes[:6]),
        ]
        if key in saved:
            lines.append(f"    saved in {saved[key]} (command.txt, case.txt)")
        lines.append("")
    return "\n".join(lines)


def smallest(cases: list[tuple[Case, Outcome]]) -> tuple[Case, Outcome]:
    return min(cases, key=lambda co: sum(len(d) for _, d in co[0].files))


def shrink(case: Case, key: str, work: Path, budget: int = 400) -> Case:
    """A smaller case of the same class: other files dropped, then lines of the mutated ones."""
    runs = 0
    first = run_case(case, work).exit_code

    # a deep recursion must fail with room to spare, or a shallower stack would pass it
    margin = 150 if "RecursionError" in key else 0

    def same(candidate: Case) -> bool:
        nonlocal runs
        runs += 1
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(limit + margin)
        try:
            outcome = run_case(candidate, work)
        finally:
            sys.setrecursionlimit(limit)
        return outcome.key == key and outcome.exit_code == first

    named = {*case.args, *(case.twin or ())}
    for name, _ in case.files:
        if name in case.mutated or name in named or runs >= budget:
            continue
        smaller = case.with_file(name, None)
        if same(smaller):
            case = smaller
    for name in case.mutated:
        data = dict(case.files).get(name)
        if data is None or name.endswith(".xlsx"):
            continue
        chunks = data.splitlines(keepends=True)
        n = 2
        while len(chunks) >= 2 and runs < budget:
            size = -(-len(chunks) // n)
            for i in range(0, len(chunks), size):
                rest = chunks[:i] + chunks[i + size :]
                if runs < budget and same(case.with_file(name, b"".join(rest))):
                    chunks = rest
                    n = max(n - 1, 2)
                    break
            else:
                if n >= len(chunks):
                    break
                n = min(len(chunks), n * 2)
        case = case.with_file(name, b"".join(chunks))
    return case


# --- repair with pairs not compared (incomplete + alternatives + repair --write) ---------------


def _gaps(text: str, rng: Rng) -> tuple[str, list[str]]:
    """One or two values of `upper` lists of three or more values replaced by null: the
    matrix becomes incomplete (or its pairs fall apart, an input error)."""
    notes: list[str] = []
    for _ in range(rng.randrange(1, 3)):
        found = [m for m in UPPER.finditer(text) if m.group(1).count(",") >= 2]
        if not found:
            break
        m = rng.choice(found)
        values = m.group(1).split(", ")
        k = rng.randrange(len(values))
        values[k] = "null"
        notes.append(f"upper value {k + 1} null on line {text.count(chr(10), 0, m.start()) + 1}")
        text = text[: m.start(1)] + ", ".join(values) + text[m.end(1) :]
    return text, notes


def build_repair_gaps(base: Base, rng: Rng, seed: int, number: int) -> Case:
    """`repair --write` on matrices (the alternatives' too) with pairs not compared and
    values typed over; the copy must pass check with the same options."""
    d = _Draft(base, rng)
    text, notes = _unsettle(corpus().seeds[base.target].text, rng)
    text, gap_notes = _gaps(text, rng)
    d.notes += [f"evaluation.yaml: {n}" for n in (*notes, *gap_notes)]
    d.args = ["repair", "evaluation.yaml"]
    d.yaml_file("evaluation.yaml", text, "evaluation", _maybe(rng, 0.2))
    d.report_options(("text", "json", "markdown"))
    fmt = d.args[d.args.index("-f") + 1] if "-f" in d.args else None
    if fmt is None and d.output is not None:
        fmt = {".json": "json", ".md": "markdown"}.get(Path(d.output).suffix)
    d.report = fmt if fmt in ("json", "markdown") else None
    d.weights_options(threshold=True)
    d.write = "repaired.yaml"
    d.args += ["--write", d.write]
    keep: list[str] = []
    for flag in ("--method", "--ri", "--cr-threshold"):
        if flag in d.args:
            k = d.args.index(flag)
            keep += d.args[k : k + 2]
    d.recheck = ("check", d.write, *keep)
    return d.case(seed, number)


BUILDERS["repair-gaps"] = build_repair_gaps

# --- sensitivity ---------------------------------------------------------------------------------

SENSITIVITY_ALLOWED = frozenset({0, 1, 2, 4})
"""``sensitivity`` also exits 4: the top item ranks first in fewer samples than asked."""


def build_sensitivity(base: Base, rng: Rng, seed: int, number: int) -> Case:
    """``sensitivity evaluation.yaml [responses.csv | --marks marks.yaml]`` with few samples,
    odd --spread, --samples and --stability now and then."""
    d = _Draft(base, rng)
    evaluation = corpus().seeds[base.target]
    mutate_evaluation = _maybe(rng, 0.5)
    d.yaml_file("evaluation.yaml", evaluation.text, "evaluation", mutate_evaluation)
    d.args = ["sensitivity", "evaluation.yaml"]
    companion = corpus().seeds[base.companion] if base.companion is not None else None
    if companion is not None and companion.kind == "marks":
        d.yaml_file("marks.yaml", companion.text, "marks", _maybe(rng, 0.3))
        d.args += ["--marks", "marks.yaml"]
    elif companion is not None:
        sheet, group = _sheet_for(base, rng)
        if _maybe(rng, 0.3):
            data, labels = mutate_csv(sheet, rng)
            d.mutated.append("responses.csv")
            d.notes += [f"responses.csv: {label}" for label in labels]
        else:
            data = ("\n".join(",".join(r) for r in sheet.rows) + "\n").encode("utf-8")
        d.files["responses.csv"] = data
        d.args.append("responses.csv")
        if group is not None:
            d.args += ["--group", group]
    d.args += [
        "--samples",
        rng.choice(("50", "200", "0", "-3", "x"))
        if _maybe(rng, 0.1)
        else str(rng.randrange(20, 300)),
    ]
    if _maybe(rng, 0.8):
        d.args += ["--seed", str(rng.randrange(1000))]
    if _maybe(rng, 0.3):
        d.args += ["--spread", rng.choice(("0", "0.05", "1", "5", "nan", "-1", "inf", HUGE))]
    if _maybe(rng, 0.3):
        d.args += ["--stability", rng.choice(("0", "0.5", "0.99", "1", "1.5", "nan"))]
    if _maybe(rng, 0.1):
        d.args += ["--synthesis", rng.choice(("distributive", "ideal", "best"))]
    if _maybe(rng, 0.1):
        d.args += ["--precision", str(rng.randrange(0, 14))]
    if _maybe(rng, 0.1):
        d.args += ["--lang", "en"]
    d.report_options(("text", "json", "markdown", "html"))
    d.weights_options(threshold=True)
    return replace(d.case(seed, number), allowed=SENSITIVITY_ALLOWED)


BUILDERS["sensitivity"] = build_sensitivity

# --- the questionnaire (ahp-eval questionnaire) --------------------------------------------------

QUESTIONNAIRE_DATA = re.compile(
    r'<script type="application/json" id="ahp-data">(.*?)</script>', re.DOTALL
)


def _questionnaire_html_broken(text: str, inputs: bytes) -> str | None:
    """One JSON data block with no raw markup, the script, nothing else run; no network."""
    found = QUESTIONNAIRE_DATA.search(text)
    block = found.group(1) if found is not None else ""
    try:
        data = json.loads(block)
    except ValueError as exc:
        return f"no data block, or not JSON: {exc}"
    columns = [p[2] for m in data["matrices"] for p in m["pairs"]]
    problems = [
        ("<" in block, "a raw '<' in the data block"),
        (text.count("</script>") != 2, f"{text.count('</script>')} script ends (2 expected)"),
        (bool(re.search(r"""(src|href)=["']?(https?:)?//""", text)), "an external resource"),
        (data["columns"][2:] != columns, "the template columns are not the pairs in order"),
    ]
    return next((message for bad, message in problems if bad), None) or _html_broken(text, inputs)


def _questionnaire_csv_broken(text: str, inputs: bytes) -> str | None:
    """A BOM, then two header rows of one length: respondent, weight, pairs a/b; no
    cell that a spreadsheet would run as a formula."""
    _ = inputs
    if not text.startswith("\ufeff"):
        return "no byte-order mark"
    rows = list(csv.reader(io.StringIO(text[1:])))
    if len(rows) != 2 or len(rows[0]) != len(rows[1]):
        return f"{len(rows)} rows of lengths {[len(r) for r in rows]}"
    if rows[0][:2] != ["respondent", "weight"]:
        return f"header starts {rows[0][:2]}"
    for cell in rows[0][2:]:
        if cell.count("/") != 1:
            return f"column {_clip(cell)} is not a/b"
    for row in rows:
        for cell in row:
            if cell.startswith(("=", "+", "-", "@", "\t", "\r")):
                try:
                    float(cell)
                except ValueError:
                    return f"cell {_clip(cell)} would run as a formula"
    return None


REPORT_CHECKS["questionnaire-html"] = _questionnaire_html_broken
REPORT_CHECKS["questionnaire-csv"] = _questionnaire_csv_broken


def build_questionnaire(base: Base, rng: Rng, seed: int, number: int) -> Case:
    """The questionnaire of a (mutated) evaluation as a page, CSV or XLSX; the evaluation's
    judgments unread; exit 0 or 2 only."""
    d = _Draft(base, rng)
    evaluation = corpus().seeds[base.target]
    text = evaluation.text
    if _maybe(rng, 0.2) and isinstance(evaluation.data, dict):
        lines = text.splitlines(keepends=True)  # the judgments are not needed: drop them
        start = next((k for k, x in enumerate(lines) if x.startswith("judgments:")), None)
        if start is not None:
            end = next(
                (k for k in range(start + 1, len(lines)) if re.match(r"[A-Za-z]", lines[k])),
                len(lines),
            )
            text = "".join(lines[:start] + lines[end:])
            d.notes.append("evaluation.yaml: judgments: removed")
    d.yaml_file("evaluation.yaml", text, "evaluation", _maybe(rng, 0.6))
    d.args = ["questionnaire", "evaluation.yaml"]
    roll = rng.random()
    if roll < 0.03:
        d.args += ["-o", "evaluation.yaml", "--force"]
        d.notes.append("-o names the input, with --force")
    elif roll < 0.06:
        d.output = "out.txt"
        d.args += ["-o", d.output]
    else:
        d.output = ("sub/" if _maybe(rng, 0.03) else "") + rng.choice(
            ("form.html", "form.csv", "form.xlsx", "form.HTM")
        )
        d.args += ["-o", d.output]
        suffix = Path(d.output).suffix.lower()
        d.report = {".html": "questionnaire-html", ".htm": "questionnaire-html"}.get(
            suffix, "questionnaire-csv" if suffix == ".csv" else None
        )
    if _maybe(rng, 0.2):
        d.args += ["--lang", rng.choice(("en", "zh", "de"))]
    if _maybe(rng, 0.1):
        d.args.append("--force")
    return replace(d.case(seed, number), allowed=frozenset({0, 2}))


BUILDERS["questionnaire"] = build_questionnaire


# --- expert panels ---------------------------------------------------------------------------

PANEL_TOKENS = ("1", "2", "3", "5", "7", "9", "1/2", "1/3", "1/5", "1/9", "0.5", "")
SIGNED_TOKENS = ("1", "-1", "2", "-3", "5", "-9", "9", "")
SLIDER_TOKENS = ("1", "5", "8", "9", "10", "13", "17", "")


def pair_columns(data: Any) -> list[str]:
    """The panel template's pair columns ``a/b`` of an evaluation's hierarchy."""
    from .mutators import hierarchy

    if not isinstance(data, dict):
        return []
    groups = [data.get("criteria")]
    for node in hierarchy(data)[1:]:
        groups += [node.get(key) for key in ("criteria", "indicators")]
    out = []
    for kids in groups:
        if isinstance(kids, list):
            ids = [str(k.get("id")) for k in kids if isinstance(k, dict)]
            out += [f"{ids[i]}/{ids[j]}" for i in range(len(ids)) for j in range(i + 1, len(ids))]
    return out


def synthetic_panel(data: Any, rng: Rng, tokens: tuple[str, ...]) -> Sheet:
    """A filled panel template: respondent, weight, the pair columns, the names row."""
    columns = pair_columns(data)
    weighted = rng.random() < 0.3
    header = ["respondent", "weight", *columns]
    rows = [
        header,
        ["答卷人 Respondent", "权重 Weight", *(c.replace("/", " vs ") for c in columns)],
    ]
    for i in range(rng.randrange(1, 25)):
        weight = rng.choice(("1", "2", "0.5")) if weighted else ""
        answers = [rng.choice(tokens) if rng.random() > 0.03 else "" for _ in columns]
        rows.append([f"专家{i + 1}", weight, *answers])
    return Sheet(rows, None, list(range(2, len(header))), None)


def build_panel(base: Base, rng: Rng, seed: int, number: int) -> Case:
    """weigh or check with --panel: a (mutated) panel export, panel options, a coding."""
    d = _Draft(base, rng)
    evaluation = corpus().seeds[base.target]
    data = evaluation.data if isinstance(evaluation.data, dict) else {}
    coding = rng.choice(("ratio", "ratio", "signed", "slider"))
    text = evaluation.text
    if coding != "ratio" and "\npanel:" not in text:
        text += f"\npanel: {{coding: {coding}, favours: {rng.choice(('first', 'second'))}}}\n"
    tokens = {"ratio": PANEL_TOKENS, "signed": SIGNED_TOKENS, "slider": SLIDER_TOKENS}[coding]
    d.yaml_file("evaluation.yaml", text, "evaluation", _maybe(rng, 0.2))
    sheet = synthetic_panel(data, rng, tokens)
    xlsx = rng.random() < 0.15
    name = "panel.xlsx" if xlsx else "panel.csv"
    sheet_name = None
    if rng.random() < 0.6:
        if xlsx:
            raw, labels, sheet_name = mutate_xlsx(sheet, rng)
        else:
            raw, labels = mutate_csv(sheet, rng)
        d.mutated.append(name)
        d.notes += [f"{name}: {label}" for label in labels]
    elif xlsx:
        raw, _, sheet_name = mutate_xlsx(sheet, rng_for(0, 0))
    else:
        raw = utf8("\n".join(",".join(r) for r in sheet.rows) + "\n")
    d.files[name] = raw
    command = {"check-panel": "check", "sensitivity-panel": "sensitivity"}.get(
        base.command, "weigh"
    )
    d.args = [command, "evaluation.yaml", "--panel", name]
    if sheet_name is not None and command != "sensitivity":
        d.args += ["--sheet", sheet_name]
    if _maybe(rng, 0.3):
        d.args += ["--aggregate", rng.choice(("aij", "aip", "mean"))]
    if _maybe(rng, 0.3):
        d.args.append("--exclude-inconsistent")
    if _maybe(rng, 0.3) and command != "sensitivity":
        d.args.append("--drop-invalid")
    if command == "sensitivity":
        return sensitivity_panel(d, rng, seed, number)
    if command == "weigh":
        d.report_options(("table", "json", "csv", "markdown"))
    else:
        d.args += ["-f", rng.choice(("text", "json", "github", "junit"))]
    d.weights_options(threshold=True)
    return d.case(seed, number)


BUILDERS["weigh-panel"] = build_panel
BUILDERS["check-panel"] = build_panel


def sensitivity_panel(d: _Draft, rng: Rng, seed: int, number: int) -> Case:
    """``sensitivity --panel``: few samples, now and then --spread (refused with a panel),
    several formats; exit 4 allowed."""
    d.args += ["--samples", str(rng.randrange(20, 200)), "--seed", str(rng.randrange(1000))]
    if _maybe(rng, 0.1):
        d.args += ["--spread", "0.2"]
    if _maybe(rng, 0.2):
        d.args += ["--stability", rng.choice(("0", "0.5", "1"))]
    d.report_options(("text", "json", "markdown", "html"))
    d.weights_options(threshold=True)
    return replace(d.case(seed, number), allowed=SENSITIVITY_ALLOWED)


BUILDERS["sensitivity-panel"] = build_panel


# --- code pages -------------------------------------------------------------------------------

CODE_PAGE_SHARE = 10
"""One case in this many (those that write no file and read no standard input) runs again
with standard output in cp1252, as redirected output on a Western Windows or a CI runner."""
CODE_PAGE_RUNNER = CliRunner(charset="cp1252")


def code_page_rerun(case: Case, run: _Run, work: Path) -> list[Failure]:
    """The case again with standard output in cp1252: the same exit code, no crash."""
    import zlib

    if case.output or case.write or case.stdin is not None or case.twin is not None:
        return []
    if zlib.crc32(case.command.encode("utf-8", "surrogatepass")) % CODE_PAGE_SHARE:
        return []
    global RUNNER  # noqa: PLW0603 - _invoke runs through the module's runner
    utf8_runner, RUNNER = RUNNER, CODE_PAGE_RUNNER
    try:
        again = _invoke(case.args, None, work)
    finally:
        RUNNER = utf8_runner
    crash = _crash(again, frozenset({run.exit_code}))
    if crash is not None:
        return [replace(crash, key=f"cp1252: {crash.key}")]
    return _warnings(again)


# --- ahp-eval schema --------------------------------------------------------------------------

SCHEMA_KINDS = (
    "evaluation",
    "judgments",
    "marks",
    "weigh",
    "check",
    "score",
    "repair",
    "sensitivity",
    "reliability",
)
ODD_KINDS = ("", "Evaluation", "weigh-report", "evaluation.schema.json", "评估", "x" * 300, "-")


def build_schema(base: Base, rng: Rng, seed: int, number: int) -> Case:
    """``ahp-eval schema KIND``: a kind (sometimes a wrong one), to stdout or a file."""
    d = _Draft(base, rng)
    kind = rng.choice(SCHEMA_KINDS) if rng.random() < 0.8 else rng.choice(ODD_KINDS)
    d.args = ["schema", "--", kind] if kind.startswith("-") else ["schema", kind]
    d.notes.append(f"schema kind {kind[:20]!r}")
    if rng.random() < 0.4:
        d.output = ("sub/" if rng.random() < 0.1 else "") + "out.json"
        d.args += ["-o", d.output]
        if rng.random() < 0.3:
            d.args.append("--force")
    d.report = "json"
    return d.case(seed, number)


BUILDERS["schema"] = build_schema


# --- several sites from marks files, and score's comparison and weighting options ----------


def build_score_sites(base: Base, rng: Rng, seed: int, number: int) -> Case:
    """One case in three: several marks files (--marks once per site), any of them mutated,
    sometimes two naming one site; otherwise the one-file case."""
    if base.companion is not None or not _maybe(rng, 0.35):
        return build_score_marks(base, rng, seed, number)
    d = _Draft(base, rng)
    evaluation = corpus().seeds[base.target]
    d.yaml_file("evaluation.yaml", evaluation.text, "evaluation", _maybe(rng, 0.2))
    d.args = ["score", "evaluation.yaml"]
    for k in range(rng.randint(2, 4)):
        name = f"site{k}.yaml"
        d.yaml_file(name, synthetic_marks(evaluation.data, rng), "marks", _maybe(rng, 0.3))
        d.args += ["--marks", name]
    _score_options(d)
    return d.case(seed, number)


BUILDERS["score-marks"] = build_score_sites


def _score_extra_options(d: _Draft) -> None:
    """score's comparison option, a bootstrap without a seed (it prints the one it picks),
    objective and combined weights (valid and invalid), the reliability section."""
    rng = d.rng
    if _maybe(rng, 0.15):
        d.args += ["--compare", rng.choice(("adjacent", "all", "all", "none"))]
    if _maybe(rng, 0.03) and "--bootstrap" not in d.args:
        d.args += ["--bootstrap", "100"]
    if _maybe(rng, 0.15):
        d.args += ["--weights", rng.choice(WEIGHT_VALUES)]
    if _maybe(rng, 0.1):
        d.args.append("--reliability")


WEIGHT_VALUES = ("entropy", "combined", "linear:0.5", "linear:1", "linear:-1", "linear:", "ahp")


# --- old Excel workbooks (.xls) ---------------------------------------------------------------


def _xls_bytes(rows: list[list[str]], sheet_name: str) -> bytes:
    """Rows as an .xls workbook (xlwt): a cell that reads as a number is written as one."""
    import io

    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(sheet_name[:31] or "Sheet1")
    for r, row in enumerate(rows[:65535]):
        for c, cell in enumerate(row[:256]):
            try:
                value: object = float(cell)
            except ValueError:
                value = cell[:32767]
            ws.write(r, c, value)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def build_score_xls(base: Base, rng: Rng, seed: int, number: int) -> Case:
    """One score-xlsx case in four: the export (its cells mutated as CSV text) as .xls."""
    if not _maybe(rng, 0.25):
        return build_score_export(base, rng, seed, number)
    import csv
    import io

    d = _Draft(base, rng)
    evaluation = corpus().seeds[base.target]
    d.yaml_file("evaluation.yaml", evaluation.text, "evaluation", _maybe(rng, 0.2))
    sheet, group = _sheet_for(base, rng)
    if _maybe(rng, 0.7):
        raw, labels = mutate_csv(sheet, rng)
        d.mutated.append("responses.xls")
        d.notes += [f"responses.xls (as CSV text): {label}" for label in labels]
        text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
        try:
            rows = list(csv.reader(io.StringIO(text, newline="")))
        except csv.Error:  # text no CSV reader splits: the cells as they were
            rows = [list(r) for r in sheet.rows]
    else:
        rows = [list(r) for r in sheet.rows]
    d.files["responses.xls"] = _xls_bytes(rows, "答卷")
    d.args = ["score", "evaluation.yaml", "responses.xls"]
    if group is not None:
        d.args += ["--group", group]
    if _maybe(rng, 0.1):
        d.args += ["--sheet", rng.choice(("答卷", "Sheet1"))]
    _score_options(d)
    return d.case(seed, number)


BUILDERS["score-xlsx"] = build_score_xls


# --- reliability (ahp-eval reliability) ----------------------------------------------------------

RELIABILITY_ALLOWED = frozenset({0, 2})
"""``reliability`` documents exit 0 (success) and 2 (invalid input) only."""


def build_reliability(base: Base, rng: Rng, seed: int, number: int) -> Case:
    """``reliability evaluation.yaml responses.csv|.xlsx`` on a (mutated) export, with
    --group, --items, --split, --missing, --factors (now and then odd) and any format."""
    d = _Draft(base, rng)
    evaluation = corpus().seeds[base.target]
    d.yaml_file("evaluation.yaml", evaluation.text, "evaluation", _maybe(rng, 0.25))
    sheet, group = _sheet_for(base, rng)
    xlsx = _maybe(rng, 0.2)
    name = "responses.xlsx" if xlsx else "responses.csv"
    sheet_name = None
    if _maybe(rng, 0.6):
        if xlsx:
            data, labels, sheet_name = mutate_xlsx(sheet, rng)
        else:
            data, labels = mutate_csv(sheet, rng)
        d.mutated.append(name)
        d.notes += [f"{name}: {label}" for label in labels]
    elif xlsx:
        data, _, sheet_name = mutate_xlsx(sheet, rng_for(0, 0))
    else:
        data = utf8("\n".join(",".join(r) for r in sheet.rows) + "\n")
    d.files[name] = data
    d.args = ["reliability", "evaluation.yaml", name]
    if group is not None or _maybe(rng, 0.05):
        d.args += ["--group", group or rng.choice(("没有这一列", "意见建议", "编号", " "))]
    if sheet_name is not None:
        d.args += ["--sheet", sheet_name]
    choices = {  # option: (values, odd values)
        "--items": (("indicators", "questions"), ("Questions", "")),
        "--split": (("first-half", "odd-even"), ("random",)),
        "--missing": (("listwise", "pairwise"), ("mean",)),
        "--factors": (("1", "2", "3", "5", "40", "0", "-1"), ("x", HUGE)),
    }
    for option, (values, odd) in choices.items():
        if _maybe(rng, 0.35):
            d.args += [option, rng.choice(odd if _maybe(rng, 0.1) else values)]
    if _maybe(rng, 0.2):
        d.args.append("--drop-invalid")
    if _maybe(rng, 0.1):
        d.args += ["--precision", str(rng.randrange(0, 13))]
    if _maybe(rng, 0.1):
        d.args += ["--lang", "en"]
    d.report_options(("table", "json", "csv", "markdown", "html", "xlsx"))
    if d.output is None and not any(a == "-o" for a in d.args) and _maybe(rng, 0.1):
        d.output = "out.html"  # the page by its suffix alone
        d.args += ["-o", d.output]
        d.report = "html"
    return replace(d.case(seed, number), allowed=RELIABILITY_ALLOWED)


BUILDERS["reliability"] = build_reliability


# --- ahp-eval sql --------------------------------------------------------------------------------

SQL_ALLOWED = frozenset({0, 2})
"""``sql`` documents exit 0 (the query) and 2 (invalid input) only."""

SQL_NAMES = (
    "responses",
    "survey.answers",
    '答卷 "表"',
    "O'Brien 表",
    "back\\slash",
    "a`b",
    "x.y.z",
    " spaced name ",
    "营业厅",
    "Site B",
    "'; DROP TABLE t; --",
    '"',
    "\\",
    "",
    " ",
    "nul\x00name",
)
"""Table and column names: quotes of every dialect, spaces, Chinese, backslashes, dots."""

SQL_IDENTIFIER = {
    "spark": re.compile(r"`((?:[^`]|``)*)`"),
    "duckdb": re.compile(r'"((?:[^"]|"")*)"'),
    "sqlite": re.compile(r'"((?:[^"]|"")*)"'),
}


def _sql_statements(text: str, dialect: str) -> str | None:
    """None when ``text`` is one statement whose quotes all close, else what is wrong."""
    identifier = "`" if dialect == "spark" else '"'
    k, n = 0, len(text)
    while k < n:
        c = text[k]
        if c == ";":
            return f"a ';' outside quotes at offset {k}: {_clip(text[max(0, k - 40) : k + 40])}"
        if c in ("'", identifier):
            k += 1
            while True:
                if k >= n:
                    return f"a quote {c} opened and never closed: {_clip(text[-80:])}"
                if c == "'" and dialect == "spark" and text[k] == "\\":
                    k += 2
                    continue
                if text[k] == c:
                    if k + 1 < n and text[k + 1] == c:
                        k += 2
                        continue
                    break
                k += 1
        k += 1
    return None


def _sqlite_runs(text: str) -> str | None:
    """The query runs in SQLite on an empty table of the columns it reads."""
    import sqlite3

    first = re.split(r"\n\),\n\w+ AS \(\n", text, maxsplit=1)[0]
    if "\n  FROM " not in first:
        return "no FROM in the first step"
    cells, table = first.rsplit("\n  FROM ", 1)
    pattern = SQL_IDENTIFIER["sqlite"]
    folded = {  # SQLite folds ASCII letters in names
        "".join(ch.lower() if ch.isascii() else ch for ch in n): n
        for n in (m.replace('""', '"') for m in reversed(pattern.findall(cells)))
    }
    names = list(folded.values())
    parts = [p.replace('""', '"') for p in pattern.findall(table)]
    con = sqlite3.connect(":memory:")
    try:
        for schema in dict.fromkeys(parts[:-1]):
            if schema.lower() not in ("main", "temp"):
                con.execute(f"ATTACH ':memory:' AS {quote_sqlite(schema)}")
        columns = ", ".join(quote_sqlite(c) + " TEXT" for c in names) or "x TEXT"
        con.execute(f"CREATE TABLE {table} ({columns})")
        con.execute(text).fetchall()
    except sqlite3.Error as exc:
        return f"SQLite refuses it: {exc}"
    finally:
        con.close()
    return None


def quote_sqlite(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_check(dialect: str) -> Callable[[str, bytes], str | None]:
    def broken(text: str, inputs: bytes) -> str | None:
        _ = inputs
        if not re.match(r"WITH \w*cells AS \(", text) or not text.endswith("\n"):
            return f"not the statistics query: {_clip(text[:80])}"
        wrong = _sql_statements(text, dialect)
        if wrong is None and dialect == "sqlite":
            wrong = _sqlite_runs(text)
        return wrong

    return broken


for _dialect in SQL_IDENTIFIER:
    REPORT_CHECKS[f"sql-{_dialect}"] = _sql_check(_dialect)


def _columns_file(header: list[str], rng: Rng) -> tuple[bytes, list[str]]:
    """The table's column names as a header line or one a line, now and then mutated."""
    names = list(header)
    notes = []
    if _maybe(rng, 0.2) and names:
        k = rng.randrange(len(names))
        notes.append(f"columns.txt: column {k} dropped")
        del names[k]
    if _maybe(rng, 0.1) and names:
        names.append(names[0])
        notes.append("columns.txt: a column repeated")
    if _maybe(rng, 0.5):
        out = io.StringIO()
        csv.writer(out, delimiter=rng.choice((",", ",", "\t", ";"))).writerow(names)
        text = out.getvalue()
    else:
        text = "\n".join(names) + "\n"
    encoding = rng.choice(("utf-8", "utf-8", "utf-8-sig", "gb18030", "utf-16", "big5"))
    roll = rng.random()
    if roll < 0.05:
        return b"", [*notes, "columns.txt: empty"]
    if roll < 0.1:
        return b"\xff\xfe\x00" + text.encode("utf-8")[:50], [*notes, "columns.txt: bytes"]
    if roll < 0.15:
        return ("x" * 200_000).encode(), [*notes, "columns.txt: one 200,000-character name"]
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data, encoding = text.encode("utf-8"), "utf-8"
    return data, [*notes, f"columns.txt: {encoding}"]


def build_sql(base: Base, rng: Rng, seed: int, number: int) -> Case:
    """``sql evaluation.yaml --table T [--group G] [--columns F] [--dialect D] [-o F]``:
    odd names in every dialect; the query must be one statement (and run in SQLite)."""
    d = _Draft(base, rng)
    evaluation = corpus().seeds[base.target]
    d.yaml_file("evaluation.yaml", evaluation.text, "evaluation", _maybe(rng, 0.4))
    sheet, group = synthetic_export(evaluation.data, rng, SQL_EXPORT_NAMES)
    dialect = rng.choice(DIALECT_CHOICES) if _maybe(rng, 0.95) else rng.choice(ODD_DIALECTS)
    table = rng.choice(SQL_NAMES)
    d.args = ["sql", "evaluation.yaml", "--table", table]
    if dialect != "duckdb" or _maybe(rng, 0.5):
        d.args += ["--dialect", dialect]
    header = list(sheet.rows[0])
    if _maybe(rng, 0.4):
        group = rng.choice(SQL_NAMES)
        if _maybe(rng, 0.5):
            header.insert(1, group)
    if group is not None:
        d.args += ["--group", group]
    if _maybe(rng, 0.5):
        d.files["columns.txt"], notes = _columns_file(header, rng)
        d.notes += notes
        d.args += ["--columns", "columns.txt"]
    if _maybe(rng, 0.1):
        d.args.append("--no-entropy")
    roll = rng.random()
    if roll < 0.03:
        d.args += ["-o", "evaluation.yaml", "--force"]
        d.notes.append("-o names the input, with --force")
    elif roll < 0.3:
        d.output = ("sub/" if _maybe(rng, 0.05) else "") + "stats.sql"
        d.args += ["-o", d.output]
        if _maybe(rng, 0.1):
            d.args.append("--force")
    d.report = f"sql-{dialect}" if dialect in SQL_IDENTIFIER else None
    return replace(d.case(seed, number), allowed=SQL_ALLOWED)


DIALECT_CHOICES = ("duckdb", "sqlite", "sqlite", "spark")
ODD_DIALECTS = ("postgres", "SQLite", "", " duckdb")
SQL_EXPORT_NAMES = ("编号", '意见 "建议"', ("城东", 'O\'Brien "站"', "back\\slash", "Site B"))

BUILDERS["sql"] = build_sql


# --- score --statistics --------------------------------------------------------------------------


@functools.cache
def _loaded(name: str) -> Any:
    """A seed evaluation as the command reads it (None when it does not read)."""
    from ahp_eval.errors import AhpEvalError
    from ahp_eval.io.files import load_evaluation

    try:
        return load_evaluation(ROOT / name)
    except AhpEvalError:
        return None


SQLITE_FAST = 400
"""Result columns up to which the builder runs the query in SQLite (about 13 indicators)."""


def real_statistics(evaluation: Any, sheet: Sheet, group: str | None) -> Sheet | None:
    """The statistics of an export, by running ``ahp-eval sql``'s query in SQLite (in
    DuckDB when the query is wider than SQLite allows); None when the query is refused."""
    import sqlite3

    from ahp_eval.errors import AhpEvalError
    from ahp_eval.io.sql_query import quote_identifier, statistics_query
    from ahp_eval.survey.stat_columns import stat_columns

    header = sheet.rows[0]
    rows = [r + [""] * (len(header) - len(r)) for r in sheet.body()]
    try:
        query = statistics_query(
            evaluation, "answers", dialect="sqlite", group=group, header=header
        )
    except AhpEvalError:
        query = None
    if query is not None and len(stat_columns(evaluation).numbers()) > SQLITE_FAST:
        query = None  # SQLite takes seconds to prepare a query this wide: DuckDB
    if query is not None:
        con = sqlite3.connect(":memory:")
        columns = ", ".join(quote_identifier(h, "sqlite") + " TEXT" for h in header)
        con.execute(f"CREATE TABLE answers ({columns})")
        con.executemany(f"INSERT INTO answers VALUES ({', '.join('?' * len(header))})", rows)  # noqa: S608
        cur = con.execute(query)
        names = [c[0] for c in cur.description]
        result = cur.fetchall()
        con.close()
    else:
        import duckdb

        try:
            query = statistics_query(
                evaluation, "answers", dialect="duckdb", group=group, header=header
            )
        except AhpEvalError:
            return None
        duck = duckdb.connect()
        columns = ", ".join(quote_identifier(h, "duckdb") + " VARCHAR" for h in header)
        duck.execute(f"CREATE TABLE answers ({columns})")
        if rows:
            duck.executemany(
                f"INSERT INTO answers VALUES ({', '.join('?' * len(header))})",  # noqa: S608
                rows,
            )
        found = duck.execute(query)
        names = [c[0] for c in found.description or ()]
        result = found.fetchall()
        duck.close()
    body = [["" if v is None else _stat_text(v) for v in row] for row in result]
    return Sheet([names, *body], 0 if group else None, list(range(len(names))), None)


@functools.cache
def _base_statistics(base: Base) -> Sheet | None:
    """The statistics of one export of the base's evaluation (made once: a wide query
    takes seconds in SQLite); None when the evaluation or the query is refused."""
    loaded = _loaded(base.target)
    if loaded is None:
        return None
    sheet, option = _sheet_for(base, rng_for(0, len(base.target)))
    group = option or loaded.survey.group
    if group is not None and group not in sheet.rows[0]:
        group = None
    return real_statistics(loaded, sheet, group)


def _stat_text(value: Any) -> str:
    return repr(value) if isinstance(value, float) else str(value)


STAT_ODD = ("abc", "", "1e309", "nan", "-1", "1.5", "３", "1,5", "=1+2", HUGE, "inf", "true")


def mutate_statistics(sheet: Sheet, rng: Rng) -> tuple[Sheet, list[str]]:
    """A statistics table made wrong: columns dropped, renamed or repeated, text in
    numbers, the layout changed, rows repeated or removed, odd groups, the entropy
    sums left out (as ``sql --no-entropy`` and earlier versions make it)."""
    sheet = sheet.copy()
    rows = sheet.rows
    notes = []
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(10)
        width = len(rows[0])
        k = rng.randrange(width)
        if op == 0 and width > 1:
            notes.append(f"column {rows[0][k]!r} removed")
            for r in rows:
                del r[k : k + 1]
        elif op == 1 and len(rows) > 1:
            at = rng.randrange(1, len(rows))
            odd = rng.choice(STAT_ODD)
            notes.append(f"{rows[0][k]!r} of row {at}: {odd[:20]!r}")
            rows[at][k : k + 1] = [odd]
        elif op == 2:
            layout = rows[0].index("layout") if "layout" in rows[0] else k
            for r in rows[1:]:
                r[layout : layout + 1] = [rng.choice(("v1:0000", "", "x", r[layout][:-1] + "0"))]
            notes.append("the layout changed")
        elif op == 3:
            name = rng.choice(("", "Layout", rows[0][0], "未知列", rows[0][k] + " "))
            notes.append(f"column {rows[0][k]!r} renamed {name!r}")
            rows[0][k] = name
        elif op == 4 and len(rows) > 1:
            rows.append(list(rows[rng.randrange(1, len(rows))]))
            notes.append("a row repeated")
        elif op == 5:
            del rows[1:]
            notes.append("header only")
        elif op == 6 and sheet.group is not None and len(rows) > 1:
            at = rng.randrange(1, len(rows))
            rows[at][0] = rng.choice(
                ("", " ", "城东\n站", "<script>alert(1)</script>", "=HYPERLINK(1)")
            )
            notes.append(f"group of row {at}: {rows[at][0][:12]!r}")
        elif op == 7:
            j = rng.randrange(width)
            for r in rows:
                if len(r) == width:
                    r[k], r[j] = r[j], r[k]
            notes.append(f"columns {k} and {j} swapped")
        elif op == 9:
            keep = [c for c, name in enumerate(rows[0]) if not name.startswith("xlogx_")]
            rows[:] = [[r[c] for c in keep if c < len(r)] for r in rows]
            if "layout" in rows[0] and _maybe(rng, 0.8):
                layout = rows[0].index("layout")
                for r in rows[1:]:
                    r[layout] = r[layout].replace("statistics-2:", "statistics-1:")
                notes.append("the entropy sums left out (format 1)")
            else:
                notes.append("the entropy sums left out, the layout kept")
        else:
            for r in rows[1:]:
                r[k : k + 1] = [str(-abs(float(r[k])) - 1) if _is_float(r[k]) else "x"]
            notes.append(f"column {rows[0][k]!r} negative")
    return sheet, notes


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _statistics_json(sheet: Sheet, rng: Rng) -> tuple[bytes, str]:
    """The table as a JSON array or one object a line, numbers as numbers where they read."""

    def cell(text: str) -> Any:
        if text == "":
            return None if _maybe(rng, 0.9) else ""
        try:
            number = float(text)
        except ValueError:
            return text
        if not math.isfinite(number):
            return text
        return int(number) if number.is_integer() and abs(number) < 2**53 else number

    header = sheet.rows[0]
    objects = [dict(zip(header, map(cell, r), strict=False)) for r in sheet.body()]
    if _maybe(rng, 0.5):
        text = "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects)
        layout = "one object a line"
    else:
        text = json.dumps(objects, ensure_ascii=False)
        layout = "an array"
    roll = rng.random()
    if roll < 0.05:
        text = text[: rng.randrange(len(text) + 1)]
        layout += ", cut short"
    elif roll < 0.1:
        text = (
            json.dumps({"rows": objects})
            if _maybe(rng, 0.5)
            else rng.choice(("1", "null", "[1]", "[[1]]", "NaN"))
        )
        layout = f"odd JSON {text[:12]!r}"
    return utf8(text), layout


def _workbook(rows: list[list[str]]) -> bytes:
    """The rows as a one-sheet workbook, numbers as numbers."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    for row in rows:
        ws.append([float(c) if _is_float(c) and math.isfinite(float(c)) else c for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def build_statistics(base: Base, rng: Rng, seed: int, number: int) -> Case:
    """``score evaluation.yaml --statistics stats.csv|.json|.xlsx``: the statistics of an
    export by the real query in SQLite (or DuckDB), then in 60% of cases made wrong."""
    d = _Draft(base, rng)
    evaluation = corpus().seeds[base.target]
    d.yaml_file("evaluation.yaml", evaluation.text, "evaluation", _maybe(rng, 0.2))
    stats = _base_statistics(base)
    stats = stats.copy() if stats is not None else None
    if stats is None:  # the evaluation does not read: a table of its own making
        stats = Sheet([["layout", "n"], ["v1:x", "3"]], None, [1], None)
        d.notes.append("statistics made up")
    if _maybe(rng, 0.6):
        stats, notes = mutate_statistics(stats, rng)
        d.notes += [f"stats: {n}" for n in notes]
    kind = rng.choices(("csv", "json", "xlsx"), (5, 3, 2))[0]
    name = f"stats.{kind}"
    extra: list[str] = []
    if kind == "json":
        data, layout = _statistics_json(stats, rng)
        d.notes.append(f"{name}: {layout}")
    elif kind == "xlsx" and _maybe(rng, 0.3):
        data, labels, sheet_name = mutate_xlsx(stats, rng)
        d.notes += [f"{name}: {label}" for label in labels]
        if sheet_name is not None:
            extra = ["--sheet", sheet_name]
    elif kind == "xlsx":
        data = _workbook(stats.rows)
    elif _maybe(rng, 0.2):
        data, labels = mutate_csv(stats, rng)
        d.notes += [f"{name}: {label}" for label in labels]
    else:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(stats.rows)
        data = utf8(out.getvalue())
    d.files[name] = data
    d.mutated.append(name)
    if _maybe(rng, 0.25):
        return _reliability_statistics(d, name, extra, seed, number)
    d.args = ["score", "evaluation.yaml", "--statistics", name, *extra]
    _score_options(d)
    if _maybe(rng, 0.03):
        d.args += ["--group", rng.choice(("site", "营业厅"))]
    return d.case(seed, number)


def _reliability_statistics(d: _Draft, name: str, extra: list[str], seed: int, number: int) -> Case:
    """``reliability evaluation.yaml --statistics stats.X [options]``: now and then
    --items questions, --missing pairwise, --group or an export as well, which must be
    refused."""
    rng = d.rng
    d.args = ["reliability", "evaluation.yaml", "--statistics", name, *extra]
    choices = {
        "--items": ("indicators", "questions"),
        "--split": ("first-half", "odd-even"),
        "--missing": ("listwise", "pairwise"),
        "--factors": ("1", "2", "3", "40"),
    }
    for option, values in choices.items():
        if _maybe(rng, 0.2):
            d.args += [option, rng.choice(values)]
    if _maybe(rng, 0.05):
        d.args += ["--group", rng.choice(("site", "营业厅"))]
    if _maybe(rng, 0.05):
        d.files["responses.csv"] = utf8("a,b\n1,2\n")
        d.args.insert(2, "responses.csv")
    if _maybe(rng, 0.2):
        d.args.append("--drop-invalid")
    d.report_options(("table", "json", "csv", "markdown", "html", "xlsx"))
    return replace(d.case(seed, number), allowed=RELIABILITY_ALLOWED)


BUILDERS["score-statistics"] = build_statistics
