"""The JSON Schemas: made from the models, committed, shipped; files and reports match them."""

from __future__ import annotations

import copy
import functools
import json
import random
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import check_report
from fuzzing.harness import corpus
from fuzzing.mutators import mutate_yaml
from typer.testing import CliRunner

from ahp_eval.cli import app
from ahp_eval.errors import AhpEvalError
from ahp_eval.io.schema_files import MODELINE, read_schema, with_modeline
from ahp_eval.io.yaml_source import load_yaml, parse_yaml
from ahp_eval.model.evaluation import parse_evaluation
from ahp_eval.model.schema import file_kinds
from ahp_eval.report.contracts import REPORTS, report_model
from ahp_eval.report.schemas import file_name, kinds, make_schema, make_text

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "docs" / "schema"
runner = CliRunner()


@functools.cache
def validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(make_schema(kind))


def problems(kind: str, data: Any) -> list[str]:
    return [e.message for e in validator(kind).iter_errors(data)]


# --- made from the models, committed, shipped ---------------------------------------------


@pytest.mark.parametrize("kind", kinds())
def test_committed_schema_is_made_from_the_model(kind: str) -> None:
    """docs/schema/ holds exactly what the models give (CONTRIBUTING.md: make them again)."""
    committed = (SCHEMAS / file_name(kind)).read_text(encoding="utf-8")
    stale = f"docs/schema/{file_name(kind)} is out of date (see CONTRIBUTING.md)"
    assert committed == make_text(kind), stale


def test_docs_schema_holds_one_file_per_kind() -> None:
    """No stale schema lingers in docs/schema/."""
    assert sorted(p.name for p in SCHEMAS.iterdir()) == sorted(file_name(k) for k in kinds())


def test_kinds_are_the_files_and_every_json_report() -> None:
    """Three input files and the six commands with a JSON report, by their names."""
    assert kinds() == (
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
    assert file_name("evaluation") == "evaluation.schema.json"
    assert file_name("weigh") == "weigh-report.schema.json"


def test_pyproject_ships_docs_schema() -> None:
    """The wheel carries docs/schema/*.json as the package ahp_eval.schema."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"ahp_eval.schema" = "docs/schema"' in text
    assert '"ahp_eval.schema" = ["*.json"]' in text


@pytest.mark.parametrize("kind", kinds())
def test_schema_is_valid_json_schema(kind: str) -> None:
    """Each schema is a valid draft 2020-12 schema and names itself."""
    schema = json.loads(read_schema(file_name(kind)))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith("/" + file_name(kind))


def _properties(node: Any, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every property of every object of a schema, with where it is."""
    found = []
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            found.append((f"{where}.{name}", sub))
        for key, sub in node.items():
            found += _properties(sub, f"{where}/{key}")
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            found += _properties(sub, f"{where}[{i}]")
    return found


@pytest.mark.parametrize("kind", file_kinds())
def test_every_file_field_has_a_description_and_an_example(kind: str) -> None:
    """Editors show a description and an example for every field of an input file."""
    props = _properties(make_schema(kind))
    assert len(props) >= 5
    bare = [w for w, p in props if not p.get("description") or not p.get("examples")]
    assert not bare


@pytest.mark.parametrize("kind", file_kinds())
def test_every_example_is_valid_for_its_field(kind: str) -> None:
    """Each field's examples are values the field's own schema accepts."""
    schema = make_schema(kind)
    defs = schema.get("$defs", {})
    for where, prop in _properties(schema):
        check = jsonschema.Draft202012Validator(
            {"$defs": defs, **{k: v for k, v in prop.items() if k != "examples"}}
        )
        for example in prop["examples"]:
            assert not list(check.iter_errors(example)), (where, example)


@pytest.mark.parametrize("kind", REPORTS)
def test_every_report_key_has_a_type_and_no_extra_key_passes(kind: str) -> None:
    """A report's objects allow exactly their keys (additionalProperties false)."""
    schema = make_schema(kind)
    objects = [schema, *schema["$defs"].values()]
    assert all(o.get("additionalProperties") is False for o in objects if "properties" in o)


# --- input files ----------------------------------------------------------------------------


def _evaluation_files() -> list[Path]:
    return sorted(
        [
            *ROOT.glob("examples/**/*.yaml"),
            *ROOT.glob("indicators/*.yaml"),
            *ROOT.glob("tests/data/**/*.yaml"),
        ]
    )


def _reads(data: Any, path: str, lines: Any) -> bool:
    try:
        parse_evaluation(data, path=path, lines=lines)
    except AhpEvalError:
        return False
    return True


def test_every_valid_evaluation_file_passes_the_schema() -> None:
    """Examples, the indicator library and the test data: what the reader accepts, the
    schema accepts (an editor never flags a valid file)."""
    valid = 0
    for path in _evaluation_files():
        try:
            data, lines = load_yaml(path)
        except AhpEvalError:
            continue
        if isinstance(data, dict) and "goal" in data and _reads(data, str(path), lines):
            assert problems("evaluation", data) == [], path
            valid += 1
    assert valid >= 15


def test_mutated_files_the_reader_accepts_pass_the_schema() -> None:
    """Fuzzed evaluation files (odd numbers, fractions, full-width digits, comma texts,
    nulls, numbers as names...): every one the reader accepts, the schema accepts."""
    seeds = corpus().of_kind("evaluation")
    rng = random.Random(8)  # noqa: S311 - not cryptography
    accepted = 0
    for number in range(400):
        seed = seeds[number % len(seeds)]
        kind = "names" if number % 5 == 0 else "evaluation"
        data, _ = mutate_yaml(seed.text, kind, rng)
        try:
            tree, lines = parse_yaml(data.decode("utf-8"), seed.name)
        except (AhpEvalError, UnicodeDecodeError):
            continue
        if _reads(tree, seed.name, lines):
            accepted += 1
            assert problems("evaluation", tree) == [], (number, seed.name)
    assert accepted >= 40


def test_judgments_and_marks_files_pass_their_schemas() -> None:
    """The examples' judgments files and marks file match their schemas."""
    judges = sorted(ROOT.glob("examples/group-judgments/judge-*.yaml"))
    assert judges
    for path in judges:
        assert problems("judgments", load_yaml(path)[0]) == [], path
    marks = load_yaml(ROOT / "examples/power-supply-center/marks.yaml")[0]
    assert problems("marks", marks) == []
    assert problems("marks", {"C11": 92, "C12": 85}) == []


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        ({"criteria": None}, "evaluation"),
        ({"goal": {"id": "A", "name": "x"}, "criteria": [], "colour": 1}, "evaluation"),
        (
            {
                "version": 2,
                "goal": {"id": "A", "name": "x"},
                "criteria": [{"id": "B", "name": "y"}],
            },
            "evaluation",
        ),
        ({"settings": {"method": "mean"}}, "evaluation"),
        ({"settings": {"cr_threshold": 0}}, "evaluation"),
        ({"settings": {"precision": 13}}, "evaluation"),
        ({"judgments": {"A": {"upper": ["three"]}}}, "evaluation"),
        ({"judgments": {"A": {"upper": [0]}}}, "evaluation"),
        ({"judgments": {"A B": [[1]]}}, "evaluation"),
        ({"criteria": [{"id": "B", "name": "y", "criteria": [], "indicators": []}]}, "evaluation"),
        ({"survey": {"scale": {"min": 1}}}, "evaluation"),
        (
            {"survey": {"questions": [{"column": "Q1", "indicator": "C1", "role": "x"}]}},
            "evaluation",
        ),
        ({"judgments": {"A": [[1, 3], ["1/3", 1]]}, "judge": []}, "judgments"),
        ({"marks": {"C11": "ninety"}}, "marks"),
        ({"panel": None}, "evaluation"),
        ({"panel": {"coding": "likert"}}, "evaluation"),
        ({"panel": {"pairs": [{"column": "Q1", "pair": "B1/B2"}]}}, "evaluation"),
        ({"panel": {"pairs": [{"column": "Q1", "pair": ["B1", "B2"], "weight": 2}]}}, "evaluation"),
    ],
)
def test_the_schema_refuses_what_the_reader_refuses(data: dict[str, Any], kind: str) -> None:
    """Wrong fields, values, types and shapes are flagged in the editor too."""
    base: dict[str, Any] = (
        {"goal": {"id": "A", "name": "x"}, "criteria": [{"id": "B", "name": "y"}]}
        if kind == "evaluation"
        else {"judgments": {}}
        if kind == "judgments"
        else {}
    )
    assert problems(kind, {**base, **data})


def test_the_schema_accepts_every_written_form() -> None:
    """Fractions as text, full-width digits, comma texts, nulls, ids as numbers, empty
    sections: forms the reader takes are not flagged."""
    data = {
        "version": 1,
        "name": 2024,
        "settings": None,
        "survey": None,
        "grades": None,
        "goal": {"id": "A", "name": "x"},
        "criteria": [{"id": 1, "name": "y"}, {"id": "B2", "name": "z"}, {"id": "B3", "name": "w"}],
        "judgments": {
            "A": {"upper": ["１／３", "0.5", None]},
            "B2": {"upper": "3，5，1/2"},
            "B3": [["1, 3"], ["1/3", 1]],
            "C": {"pairs": [["a", "b", "1/3"]], "note": 12},
        },
    }
    assert problems("evaluation", data) == []


# --- reports ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", sorted(ROOT.glob("examples/**/*.json")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_committed_example_output_matches_its_schema(path: Path) -> None:
    """Every JSON report committed under examples/ matches its command's schema."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert problems(doc["format"].removeprefix("ahp-eval/"), doc) == []


def test_every_report_format_has_a_committed_example() -> None:
    """The examples hold a weigh and a score report (check and repair are made in tests)."""
    formats = {
        json.loads(p.read_text(encoding="utf-8"))["format"] for p in ROOT.glob("examples/**/*.json")
    }
    assert {"ahp-eval/weigh", "ahp-eval/score"} <= formats


def _weigh_report() -> dict[str, Any]:
    result = runner.invoke(
        app, ["weigh", str(ROOT / "examples/choose-leader/evaluation.yaml"), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def test_a_report_with_a_key_added_removed_or_retyped_fails() -> None:
    """The report schemas are exact: an unknown key, a missing one, a wrong type fail
    (and the test suite's hook on every JSON report raises)."""
    doc = _weigh_report()
    assert problems("weigh", doc) == []
    added = {**doc, "colour": 1}
    removed = {k: v for k, v in doc.items() if k != "ranking"}
    retyped = copy.deepcopy(doc)
    retyped["nodes"][0]["cr"] = "0.1"
    nulled = {**doc, "alternatives": None}
    for bad in (added, removed, retyped, nulled):
        assert problems("weigh", bad)
        with pytest.raises(AssertionError, match="weigh report"):
            check_report(bad)


def test_optional_keys_may_be_absent() -> None:
    """The alternatives' keys are absent from a file without alternatives."""
    doc = _weigh_report()
    plain = {k: v for k, v in doc.items() if not k.startswith(("alternative", "synthesis"))}
    assert plain != doc
    assert problems("weigh", plain) == []


def _report(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code in (0, 1, 4), result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def test_panel_weigh_report_matches_and_its_panel_block_is_exact() -> None:
    """A panel's weigh report (consistency_basis, panel) matches; a panel block with a
    key retyped or missing fails, and the report without both keys is a plain one."""
    doc = _report("weigh", str(ROOT / "examples/expert-panel/evaluation.yaml"))
    assert doc["consistency_basis"] == "aij"
    assert problems("weigh", doc) == []
    retyped = copy.deepcopy(doc)
    retyped["panel"]["aggregate"] = "mean"
    missing = copy.deepcopy(doc)
    del next(iter(missing["panel"]["matrices"].values()))["consensus"]
    judge = copy.deepcopy(doc)
    judge["panel"]["per_judge"][0]["cr"] = [0.1]
    for bad in (retyped, missing, judge):
        assert problems("weigh", bad)
    plain = {k: v for k, v in doc.items() if k not in {"panel", "consistency_basis"}}
    assert problems("weigh", plain) == []


def test_sensitivity_and_reliability_reports_match() -> None:
    """The sensitivity report (leaves, alternatives, groups) and the reliability report
    (pooled and per group) match their schemas; a wrong kind of ranking fails."""
    academic = ROOT / "examples/academic-platform"
    leader = str(ROOT / "examples/choose-leader/evaluation.yaml")
    sens = _report("sensitivity", leader, "--samples", "50", "--seed", "1")
    assert {r["kind"] for r in sens["rankings"]} == {"leaves", "alternatives"}
    assert problems("sensitivity", sens) == []
    scored = _report(
        "sensitivity",
        str(academic / "evaluation.yaml"),
        str(academic / "responses.csv"),
        "--samples",
        "50",
        "--seed",
        "1",
    )
    assert scored["decisive"] == "groups"
    assert problems("sensitivity", scored) == []
    scored["rankings"][0]["kind"] = "judges"
    assert problems("sensitivity", scored)
    rel = _report("reliability", str(academic / "evaluation.yaml"), str(academic / "responses.csv"))
    assert rel["groups"]
    assert problems("reliability", rel) == []
    del rel["groups"][0]["kmo"]
    assert problems("reliability", rel)


@pytest.mark.parametrize("command", REPORTS)
def test_report_models_name_their_format(command: str) -> None:
    """Each contract model's format is ahp-eval/COMMAND, version 1."""
    schema = make_schema(command)
    assert schema["properties"]["format"] == {"const": f"ahp-eval/{command}", "type": "string"}
    assert schema["properties"]["format_version"]["const"] == 1
    assert report_model(command).__name__.endswith("Report")


# --- the command and init -----------------------------------------------------------------


@pytest.mark.parametrize("kind", kinds())
def test_schema_command_prints_the_shipped_schema(kind: str) -> None:
    """`ahp-eval schema KIND` prints the committed schema, byte for byte."""
    result = runner.invoke(app, ["schema", kind])
    assert result.exit_code == 0, result.output
    assert result.stdout == (SCHEMAS / file_name(kind)).read_text(encoding="utf-8")


def test_schema_command_help_names_every_kind() -> None:
    """`ahp-eval schema --help` names every kind the command takes."""
    result = runner.invoke(app, ["schema", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    words = set(result.stdout.replace(",", " ").split())
    assert set(kinds()) - words == set()


def test_schema_command_writes_a_file(tmp_path: Path) -> None:
    """-o writes the schema (UTF-8); an existing file needs --force."""
    out = tmp_path / "e.json"
    result = runner.invoke(app, ["schema", "evaluation", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {out}\n"
    assert out.read_text(encoding="utf-8") == make_text("evaluation")
    again = runner.invoke(app, ["schema", "marks", "-o", str(out)])
    assert again.exit_code == 2
    assert runner.invoke(app, ["schema", "marks", "-o", str(out), "--force"]).exit_code == 0
    assert out.read_text(encoding="utf-8") == make_text("marks")


def test_schema_command_refuses_an_unknown_kind() -> None:
    """An unknown kind exits 2 naming the known ones."""
    result = runner.invoke(app, ["schema", "weights"])
    assert result.exit_code == 2
    assert result.stderr == (
        "ahp-eval: unknown schema 'weights'; choose evaluation, judgments, marks, weigh, "
        "check, score, repair, sensitivity, reliability\n"
    )


def test_init_points_each_yaml_file_at_a_schema_beside_it(tmp_path: Path) -> None:
    """evaluation.yaml and marks.yaml start with the editor line naming the schema file
    init writes beside them; the files are the shipped schemas."""
    folder = tmp_path / "site"
    assert runner.invoke(app, ["init", "heating-service", str(folder)]).exit_code == 0
    for name, kind in (("evaluation.yaml", "evaluation"), ("marks.yaml", "marks")):
        first = (folder / name).read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={kind}.schema.json"
        schema = folder / f"{kind}.schema.json"
        assert schema.read_text(encoding="utf-8") == make_text(kind)
    text = (folder / "evaluation.yaml").read_text(encoding="utf-8")
    assert "../docs/schema" not in text
    assert text.count(MODELINE) == 1
    data, lines = load_yaml(folder / "evaluation.yaml")
    assert _reads(data, "e", lines)
    assert problems("evaluation", data) == []


def test_init_marks_file_filled_in_passes_its_schema(tmp_path: Path) -> None:
    """The marks template, once every mark is filled in, matches the marks schema; empty
    marks are flagged (each still needs a number)."""
    folder = tmp_path / "site"
    made = runner.invoke(app, ["init", "servqual", str(folder)])
    assert made.exit_code == 0, made.output
    data = load_yaml(folder / "marks.yaml")[0]
    assert problems("marks", data)
    data["marks"] = dict.fromkeys(data["marks"], 80)
    assert problems("marks", data) == []


@pytest.mark.parametrize("path", sorted((ROOT / "indicators").glob("*.yaml")), ids=lambda p: p.name)
def test_library_files_point_at_the_committed_schema(path: Path) -> None:
    """Each file of the indicator library starts with the line naming
    ../docs/schema/evaluation.schema.json, which exists from there."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../docs/schema/evaluation.schema.json"
    assert (path.parent / "../docs/schema/evaluation.schema.json").resolve().is_file()


def test_modeline_replaces_another_and_keeps_the_rest() -> None:
    """with_modeline adds the line, or replaces a first line naming another schema."""
    assert with_modeline("a: 1\n", "x.json") == f"{MODELINE}x.json\na: 1\n"
    assert with_modeline(f"{MODELINE}old.json\na: 1\n", "x.json") == f"{MODELINE}x.json\na: 1\n"
    assert with_modeline(f"{MODELINE}old.json", "x.json") == f"{MODELINE}x.json\n"
    assert with_modeline("# note\n", "x.json") == f"{MODELINE}x.json\n# note\n"


def test_write_schemas_makes_the_committed_files(tmp_path: Path) -> None:
    """write_schemas (CONTRIBUTING.md) writes exactly docs/schema/'s files."""
    from ahp_eval.report.schemas import write_schemas

    names = write_schemas(str(tmp_path))
    assert sorted(names) == sorted(p.name for p in SCHEMAS.iterdir())
    for name in names:
        assert (tmp_path / name).read_bytes() == (SCHEMAS / name).read_bytes()


def _section(command: str, heading: str | None = None) -> str:
    text = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    start = text.index(f"## {heading or f'`ahp-eval {command}'}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


@pytest.mark.parametrize("command", REPORTS)
def test_every_report_key_is_documented(command: str) -> None:
    """Each key of a report's schema, at any depth, is named in the command's section
    of docs/commands.md."""
    import re

    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", _section(command)))
    if command == "check":  # check's nodes[].repair is "as in weigh's JSON"
        words |= set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", _section("weigh")))
    if command == "score":  # score --reliability carries the reliability report's keys
        words |= set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", _section("reliability")))
    if command in {"weigh", "check"}:  # the panel block and skipped_reasons
        words |= set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", _section("", "Expert panels")))
    keys = {name.rsplit(".", 1)[-1] for name, _ in _properties(make_schema(command))}
    assert keys - words == set()


def test_the_suite_checks_every_json_report_a_command_writes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The hook in conftest.py checks JSON reports on standard output and in -o files: a
    report with an undocumented key fails the command under test."""
    from ahp_eval.report import weigh_plain

    def with_extra_key(result: Any) -> str:
        return json.dumps({**result.to_dict(), "colour": 1}, indent=2) + "\n"

    monkeypatch.setattr(weigh_plain, "render_json", with_extra_key)
    evaluation = str(ROOT / "examples/choose-leader/evaluation.yaml")
    for extra in ([], ["-o", str(tmp_path / "w.json")]):
        result = runner.invoke(app, ["weigh", evaluation, "-f", "json", *extra])
        assert result.exit_code == 3
        assert "weigh report: : Additional properties are not allowed ('colour'" in result.output
    assert not (tmp_path / "w.json").exists()
