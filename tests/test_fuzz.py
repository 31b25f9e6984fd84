"""Seeded fuzzing of every input file through the command line (see docs/fuzzing.md).

AHP_EVAL_FUZZ_CASES sets the number of cases (default 3000, about a minute), and
AHP_EVAL_FUZZ_SEED the seed (default 1); AHP_EVAL_FUZZ_ONLY=17,243 runs just those
cases. bench/fuzz.py is the long run.
"""

from __future__ import annotations

import json
import os
import warnings
from dataclasses import replace
from pathlib import Path

import pytest
from fuzzing import harness
from fuzzing.harness import (
    Base,
    Case,
    corpus,
    describe,
    group_failures,
    json_difference,
    make_case,
    run_case,
    save_case,
    slug,
    smallest,
)
from fuzzing.mutators import HUGE

SEED = int(os.environ.get("AHP_EVAL_FUZZ_SEED", "1"))
CASES = int(os.environ.get("AHP_EVAL_FUZZ_CASES", "3000"))
ONLY = os.environ.get("AHP_EVAL_FUZZ_ONLY", "")
REACH = 2200
"""Cases built (not run) to show the mutators reach every known kind of trouble. With
every command's cases in the corpus, the rarest kind (a `performance.` table mutated)
first appears at case 2065 of seed 1."""


def test_fuzz_cases_keep_every_promise(tmp_path: Path) -> None:
    """Mutated inputs exit 0, 1 or 2 with no traceback, inputs intact, only the asked output."""
    numbers = [int(x) for x in ONLY.split(",")] if ONLY else range(CASES)
    failed = []
    for number in numbers:
        case = make_case(SEED, number)
        outcome = run_case(case, tmp_path / "work")
        if outcome.failures:
            failed.append((case, outcome))
    classes = group_failures(failed)
    saved = {
        key: save_case(*smallest(cases), tmp_path / "failures" / f"{k:02d}-{slug(key)}")
        for k, (key, cases) in enumerate(classes.items(), 1)
    }
    if classes:
        rerun = f"AHP_EVAL_FUZZ_SEED={SEED} AHP_EVAL_FUZZ_ONLY=<case> pytest tests/test_fuzz.py"
        report = describe(classes, saved, total=len(numbers), seed=SEED, rerun=rerun)
        pytest.fail(report, pytrace=False)


def _contents(number: int) -> tuple[Case, dict[str, bytes]]:
    case = make_case(SEED, number)
    return case, dict(case.files)


def test_fuzz_cases_are_rebuilt_from_their_seed() -> None:
    """The same seed and number give the same case; another seed gives other cases."""
    for number in (0, 1, 57, 400, 2024):
        assert make_case(SEED, number) == make_case(SEED, number)
    assert [make_case(SEED, n) for n in range(200, 220)] != [
        make_case(SEED + 1, n) for n in range(200, 220)
    ]


def test_fuzz_covers_every_input_file() -> None:
    """Every YAML file of examples/ and indicators/ and the example export seeds some case."""
    root = harness.ROOT
    files = {
        p.relative_to(root).as_posix()
        for pattern in ("examples/**/*.yaml", "examples/**/*.csv", "indicators/*.yaml")
        for p in root.glob(pattern)
    }
    bases = corpus().bases
    used = {b.target for b in bases} | {b.companion for b in bases if b.companion}
    assert files <= used
    kinds = {b.command for b in bases}
    assert kinds >= {
        "weigh",
        "weigh-j",
        "check",
        "check-folder",
        "score-csv",
        "score-marks",
        "repair",
        "repair-j",
        "repair-gaps",
        "sensitivity",
        "reliability",
        "sql",
        "score-statistics",
    }
    assert {make_case(SEED, n).base for n in range(len(bases))} == set(bases)


def _nesting(data: bytes) -> int:
    depth = deepest = 0
    for byte in data:
        if byte in b"[{":
            depth += 1
            deepest = max(deepest, depth)
        elif byte in b"]}":
            depth = max(0, depth - 1)
    return deepest


LABELS = (
    "settings.cr_threshold",
    "settings.scale_max",
    "settings.ri",
    "survey.scale.max",
    "grades[].min",
    "marks.",
    "then gb18030",
    "GB18030 after",
    "encoded as big5",
    "encoded as shift_jis",
    "encoded as utf-16",
    "blank group cell",
    "datetime.",
    "question-text first data row",
    "(quoted)",
    "-char field",
    "-char value",
    "<script>",
    "HYPERLINK",
    "duplicate id",
    "swap ids",
    "one more",
    "one fewer",
    "every form at once",
    "first header quoted",
    "alternatives added",
    "alternatives:",
    "performance.",
    "as labels or markers",
    "survey.labels",
    "survey.missing",
    "survey.group_names",
)
"""Mutations the labels of the first cases must name."""


def test_fuzz_reaches_the_known_kinds_of_trouble() -> None:
    """The first cases hold 310-digit numbers, deep nesting, long fields and odd encodings."""
    huge = HUGE.encode()
    seen: dict[str, int] = {}

    def saw(what: str) -> None:
        seen[what] = seen.get(what, 0) + 1

    for number in range(REACH):
        case, files = _contents(number)
        notes = " | ".join(case.notes)
        for name, data in files.items():
            if huge in data:
                saw(f"310-digit number in {name.rsplit('/', 1)[-1]}")
            if name.endswith((".yaml", ".yml")) and 490 <= _nesting(data) <= 999:
                saw("YAML nested 490-999 deep")
            if data.count(b"criteria: [") > 242:
                saw("criteria nested over 242 deep")
            if name.endswith(".csv") and any(len(f) > 131_072 for f in data.split(b",")):
                saw("CSV field over 131,072 characters")
        for label in LABELS:
            if label in notes:
                saw(label)
    wanted = {
        "310-digit number in evaluation.yaml",
        "310-digit number in marks.yaml",
        "310-digit number in judgments.yaml",
        "YAML nested 490-999 deep",
        "criteria nested over 242 deep",
        "CSV field over 131,072 characters",
        *LABELS,
    }
    assert sorted(wanted - set(seen)) == []


# --- the harness catches what it is meant to catch ------------------------------------------------

EVALUATION = (harness.ROOT / "examples" / "campus-canteen" / "evaluation.yaml").read_bytes()


def _case(args: tuple[str, ...], output: str | None = None, *, report: str | None = None) -> Case:
    return Case(
        seed=0,
        number=0,
        base=Base("weigh", "examples/campus-canteen/evaluation.yaml"),
        args=args,
        files=(("evaluation.yaml", EVALUATION),),
        mutated=(),
        notes=(),
        output=output,
        report=report,
    )


def test_harness_passes_a_clean_case(tmp_path: Path) -> None:
    """The unmutated example, with a JSON output file, breaks no promise."""
    case = _case(("weigh", "evaluation.yaml", "-o", "out.json"), "out.json", report="json")
    outcome = run_case(case, tmp_path / "work")
    assert outcome.exit_code == 0
    assert outcome.failures == []


def test_harness_reports_a_crash_by_exception_and_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exception inside a command is a failure named by its type and innermost frame."""
    import ahp_eval.io.files

    def boom(*_: object) -> None:
        raise OverflowError("int too large to convert to float")

    monkeypatch.setattr(ahp_eval.io.files, "load_evaluation", boom)
    outcome = run_case(_case(("weigh", "evaluation.yaml")), tmp_path / "work")
    assert outcome.exit_code == 3
    assert outcome.key == "exit 3: OverflowError in ahp_eval/cli/weigh.py:weigh"
    assert outcome.failures[0].detail == "OverflowError: int too large to convert to float"


def test_harness_reports_changed_inputs_stray_files_and_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command that edits its input, leaves a temporary file or warns breaks three promises."""
    import ahp_eval.io.files

    real = ahp_eval.io.files.load_evaluation

    def careless(path: str, judgments: str | None = None) -> object:
        Path(path).write_bytes(Path(path).read_bytes() + b"\n")
        Path(".out.json.tmp").write_text("{}", encoding="utf-8")
        warnings.warn("overflow encountered", RuntimeWarning, stacklevel=1)
        return real(path, judgments)

    monkeypatch.setattr(ahp_eval.io.files, "load_evaluation", careless)
    outcome = run_case(_case(("weigh", "evaluation.yaml")), tmp_path / "work")
    keys = [f.key for f in outcome.failures]
    assert keys[0].startswith("warning RuntimeWarning at ")
    assert keys[1:] == ["input file changed or removed", "wrote unexpected files: .out.json.tmp"]


def test_harness_reports_a_missing_output_and_bad_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exit 0 without the requested file, or a JSON report that is not JSON, is a failure."""
    import ahp_eval.report.weigh_plain

    monkeypatch.setattr(ahp_eval.report.weigh_plain, "render_json", lambda _: "{not json")
    bad = _case(("weigh", "evaluation.yaml", "-f", "json"), report="json")
    outcome = run_case(bad, tmp_path / "work")
    assert [f.key for f in outcome.failures] == ["the json report is malformed (weigh)"]
    missing = _case(("weigh", "evaluation.yaml", "-f", "csv"), "out.csv")
    outcome = run_case(missing, tmp_path / "work")
    assert [f.key for f in outcome.failures] == ["exit 0 without the requested output"]


def test_harness_compares_twin_reports(tmp_path: Path) -> None:
    """Two reads of one export must agree: a difference names the first differing key."""
    assert json_difference({"a": [1.0, {"b": "x"}]}, {"a": [1.0 + 1e-12, {"b": "x"}]}) is None
    assert json_difference({"a": [1, {"b": "x"}]}, {"a": [1, {"b": "y"}]}) == ".a[1].b: 'x' != 'y'"
    assert json_difference({"file": "a", "n": 1}, {"file": "b", "n": 1}) is None
    assert json_difference({"n": [1, 2]}, {"n": [1]}) == ".n: 2 items != 1"
    assert json_difference(float("nan"), float("nan")) is None
    assert json_difference(1.0, float("nan")) == ".: 1.0 != nan"
    case = _case(("weigh", "evaluation.yaml", "-f", "json"), report="json")
    other = EVALUATION.replace(b"B1: {upper: [2, 3, 2]}", b"B1: {upper: [3, 3, 2]}")
    assert other != EVALUATION
    twin = replace(
        case,
        files=(*case.files, ("other.yaml", other)),
        twin=("weigh", "other.yaml", "-f", "json"),
        twin_label="the same command gives two results",
    )
    outcome = run_case(twin, tmp_path / "work")
    assert [f.key for f in outcome.failures] == ["the same command gives two results"]
    same = replace(twin, twin=case.args)
    assert run_case(same, tmp_path / "work").failures == []
    assert json.loads(outcome.stdout)["format"] == "ahp-eval/weigh"
