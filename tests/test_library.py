"""The indicator library, `ahp-eval templates` and `ahp-eval init`."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ahp_eval.ahp.hierarchy import solve
from ahp_eval.cli import app
from ahp_eval.io.files import load_evaluation
from ahp_eval.io.library import list_templates

runner = CliRunner()
EXPECTED = {
    "servqual",
    "power-supply-service",
    "campus-logistics-cem",
    "academic-platform",
    "bank-customer-service",
    "heating-service",
    "telecom-service",
}


def test_library_has_every_promised_template() -> None:
    """Each template is in the library, illustrative, sourced, bilingual and consistent."""
    library = {t.key: t for t in list_templates()}
    assert set(library) >= EXPECTED
    for key, t in library.items():
        ev = t.evaluation
        assert ev.settings.illustrative, key
        assert ev.source, key
        assert all(n.name_en for n in ev.goal.walk()), key
        assert solve(ev).consistent, key
    assert library["servqual"].indicators in (21, 22)
    assert library["servqual"].criteria == 5
    assert 24 <= library["academic-platform"].indicators <= 28


def test_templates_command_lists_counts() -> None:
    """`ahp-eval templates` shows each key with its counts of criteria and indicators."""
    result = runner.invoke(app, ["templates"])
    assert result.exit_code == 0
    for key in EXPECTED:
        assert key in result.stdout
    line = next(x for x in result.stdout.splitlines() if x.startswith("servqual "))
    assert " 5 " in line


def test_init_creates_a_ready_folder(tmp_path: Path) -> None:
    """init writes the evaluation, a survey template with question text, marks and a README."""
    folder = tmp_path / "bank"
    result = runner.invoke(app, ["init", "servqual", str(folder)])
    assert result.exit_code == 0, result.output
    names = {p.name for p in folder.iterdir()}
    assert names == {
        "evaluation.yaml",
        "survey-template.csv",
        "marks.yaml",
        "README.md",
        "evaluation.schema.json",
        "marks.schema.json",
    }
    ev = load_evaluation(folder / "evaluation.yaml")
    with (folder / "survey-template.csv").open(encoding="utf-8-sig", newline="") as fh:
        header, questions = list(csv.reader(fh))
    assert header[1:] == [leaf.id for leaf in ev.leaves()]
    assert questions[1].startswith(ev.leaves()[0].name)
    assert "ahp-eval score evaluation.yaml --marks marks.yaml" in (folder / "README.md").read_text(
        encoding="utf-8"
    )
    checked = runner.invoke(app, ["check", str(folder / "evaluation.yaml")])
    assert checked.exit_code == 0


def test_init_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    """A non-empty folder needs --force; an unknown template lists the known ones."""
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["init", "servqual", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{tmp_path}: folder is not empty; use --force" in result.stderr
    assert runner.invoke(app, ["init", "servqual", str(tmp_path), "--force"]).exit_code == 0
    unknown = runner.invoke(app, ["init", "nope", str(tmp_path / "x")])
    assert unknown.exit_code == 2
    assert "unknown template 'nope'; templates: " in unknown.stderr


def test_init_force_never_destroys_edits(tmp_path: Path) -> None:
    """--force into a folder with an edited evaluation writes only the missing files."""
    folder = tmp_path / "bank"
    assert runner.invoke(app, ["init", "servqual", str(folder)]).exit_code == 0
    edited = "# my edits\n" + (folder / "evaluation.yaml").read_text(encoding="utf-8")
    (folder / "evaluation.yaml").write_text(edited, encoding="utf-8")
    (folder / "README.md").unlink()
    result = runner.invoke(app, ["init", "servqual", str(folder), "--force"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {folder / 'README.md'}\n"
    kept = (
        "evaluation.yaml",
        "survey-template.csv",
        "marks.yaml",
        "evaluation.schema.json",
        "marks.schema.json",
    )
    assert result.stderr == "".join(
        f"kept {folder / name} (already there; not replaced)\n" for name in kept
    )
    assert (folder / "evaluation.yaml").read_text(encoding="utf-8") == edited
    assert (folder / "README.md").is_file()


def test_init_into_a_path_that_cannot_be_made(tmp_path: Path) -> None:
    """A folder under a file cannot be made: exit 2 with the reason, no traceback."""
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["init", "servqual", str(tmp_path / "afile" / "sub")])
    assert result.exit_code == 2
    assert (
        result.stderr == f"ahp-eval: cannot write {tmp_path / 'afile' / 'sub'}: not a directory\n"
    )


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_marks_template_is_complete(key: str, tmp_path: Path) -> None:
    """The marks template names every indicator (marks left to fill in)."""
    runner.invoke(app, ["init", key, str(tmp_path / key)])
    text = (tmp_path / key / "marks.yaml").read_text(encoding="utf-8")
    ev = load_evaluation(tmp_path / key / "evaluation.yaml")
    for leaf in ev.leaves():
        assert f"  {leaf.id}:" in text


def test_library_is_found_in_a_source_checkout() -> None:
    """Run from a checkout (the source tree first on sys.path), the library is indicators/."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(root)!r})\n"
        "import ahp_eval.io.library as lib\n"
        "assert lib.__file__.startswith(sys.path[0]), lib.__file__\n"
        "print(len(lib.list_templates()), sorted(t.key for t in lib.list_templates())[0])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    count = len(list((root / "indicators").glob("*.yaml")))
    assert out.stdout.split() == [str(count), "academic-platform"]


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_init_scores_per_site(key: str, tmp_path: Path) -> None:
    """The generated evaluation's survey.group is the survey template's group column, so the
    README's score command on the filled-in template gives one result per site."""
    import json

    folder = tmp_path / key
    assert runner.invoke(app, ["init", key, str(folder)]).exit_code == 0
    ev = load_evaluation(folder / "evaluation.yaml")
    with (folder / "survey-template.csv").open(encoding="utf-8-sig", newline="") as fh:
        header, questions = list(csv.reader(fh))
    assert ev.survey.group == header[0] == "site"
    rows = [header, questions]
    for site, answers in (("城东", (4, 5)), ("城西", (2, 3))):
        rows += [[site, *[str(a)] * len(ev.leaves())] for a in answers]
    with (folder / "responses.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "ahp-eval score evaluation.yaml responses.csv -o report.html" in readme
    args = ["score", str(folder / "evaluation.yaml"), str(folder / "responses.csv"), "-f", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["ranking"] == ["城东", "城西"]


def test_init_sets_the_group_in_a_survey_block() -> None:
    """A template with a survey: block of its own gets the group column inside it; one that
    names its group keeps its text."""
    from ahp_eval.io.library import _template, evaluation_text, load_template

    servqual = load_template("servqual").text
    edited = evaluation_text(_template("x", servqual + "survey:\n  scale: {min: 1, max: 7}\n"))
    assert "survey:\n  group: site    # the site column of survey-template.csv\n  scale:" in edited
    assert _template("x", edited).evaluation.survey.scale.max == 7
    named = servqual + "survey:\n  group: 网点\n"
    assert evaluation_text(_template("y", named)) == named
