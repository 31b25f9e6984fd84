"""The indicator library shipped with ahp-eval, and new evaluation folders made from it."""

from __future__ import annotations

import csv
import io
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import NamedTuple

from ahp_eval.errors import AhpEvalError, InputError
from ahp_eval.io.atomic import write_atomic
from ahp_eval.io.schema_files import read_schema, with_modeline
from ahp_eval.io.yaml_source import parse_yaml
from ahp_eval.model.evaluation import Evaluation, parse_evaluation

__all__ = ["Template", "init_folder", "list_templates", "load_template"]

GROUP_COLUMN = "site"
"""The group column of a survey template when the file names none."""


class Template(NamedTuple):
    """One file of the library."""

    key: str
    text: str
    evaluation: Evaluation

    @property
    def title(self) -> str:
        return self.evaluation.name or self.evaluation.goal.name

    @property
    def criteria(self) -> int:
        return len(self.evaluation.goal.children)

    @property
    def indicators(self) -> int:
        return len(self.evaluation.leaves())


def _library_root() -> Traversable:
    """The indicator library: ``ahp_eval.indicators`` once installed, ``indicators/`` in a
    source checkout (pyproject maps that folder into the wheel)."""
    try:
        return resources.files("ahp_eval.indicators")
    except ModuleNotFoundError:
        checkout = Path(__file__).resolve().parents[2] / "indicators"
        if checkout.is_dir():
            return checkout
        raise AhpEvalError(
            "the indicator library is missing from this installation; reinstall ahp-eval"
        ) from None


def _files() -> list[tuple[str, str]]:
    root = _library_root()
    return sorted(
        (entry.name.removesuffix(".yaml"), entry.read_text(encoding="utf-8"))
        for entry in root.iterdir()
        if entry.name.endswith(".yaml")
    )


def _template(key: str, text: str) -> Template:
    name = f"<library>/{key}.yaml"
    data, lines = parse_yaml(text, name)
    return Template(key, text, parse_evaluation(data, path=name, lines=lines))


def list_templates() -> list[Template]:
    """Every template of the library, by key."""
    return [_template(key, text) for key, text in _files()]


def load_template(key: str) -> Template:
    """One template; an unknown key is an error listing the known ones."""
    files = dict(_files())
    if key not in files:
        known = ", ".join(sorted(files))
        raise InputError(f"unknown template {key!r}; templates: {known}")
    return _template(key, files[key])


def survey_template(evaluation: Evaluation) -> str:
    """A CSV header with a group column and one column per indicator, then question text."""
    group = evaluation.survey.group or GROUP_COLUMN
    leaves = evaluation.leaves()
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([group, *(leaf.id for leaf in leaves)])
    writer.writerow(
        [
            "调查对象 Site",
            *(f"{leaf.name} ({leaf.name_en})" if leaf.name_en else leaf.name for leaf in leaves),
        ]
    )
    return "\ufeff" + buf.getvalue()  # a BOM, so Excel opens the Chinese text as UTF-8


def marks_template(evaluation: Evaluation) -> str:
    """A marks file with every indicator, its name as a comment, and no mark yet."""
    scale = evaluation.survey.scale
    lines = [
        "# Marks for one site: fill in every mark, then run",
        "#   ahp-eval score evaluation.yaml --marks marks.yaml",
        "site: 名称 Name of the site",
        f"scale: {{min: {scale.min:g}, max: {scale.max:g}}}",
        "marks:",
    ]
    parent = {c.id: n for n in evaluation.goal.walk() for c in n.children}
    for leaf in evaluation.leaves():
        crit = parent[leaf.id]
        lines.append(f"  {leaf.id}:    # {crit.name} › {leaf.name}")
    return "\n".join(lines) + "\n"


def evaluation_text(template: Template) -> str:
    """The template's text, with ``survey.group`` set to the survey template's group
    column when the template names none, so that scoring the filled-in survey gives
    one result per site (comments and layout kept)."""
    if template.evaluation.survey.group is not None:
        return template.text
    line = f"  group: {GROUP_COLUMN}    # the site column of survey-template.csv"
    lines = template.text.splitlines()
    at = next((k for k, x in enumerate(lines) if x.rstrip() == "survey:"), None)
    if at is not None:
        lines.insert(at + 1, line)
        text = "\n".join(lines) + "\n"
    elif any(x.startswith("survey:") for x in lines):  # a flow mapping: leave it, say so
        raise AhpEvalError(f"template {template.key}: write its survey: block in block style")
    else:
        text = template.text.rstrip("\n") + "\nsurvey:\n" + line + "\n"
    if _template(template.key, text).evaluation.survey.group != GROUP_COLUMN:
        raise AhpEvalError(f"template {template.key}: survey.group could not be set")
    return text


def folder_readme(template: Template) -> str:
    ev = template.evaluation
    title = ev.name or ev.goal.name
    group = ev.survey.group or GROUP_COLUMN
    return f"""# {title}

Made by `ahp-eval init {template.key}` from the ahp-eval indicator library
({template.criteria} criteria, {template.indicators} indicators).

## What to edit

1. `evaluation.yaml`: adapt the criteria and indicators, then replace the judgments under
   `judgments:` with your panel's, and set `settings.illustrative: false` (the judgments
   that come with the template are illustrative, and every report says so).
2. Collect answers: `survey-template.csv` has one column per indicator, a group column
   (`{group}`, the `survey.group` of `evaluation.yaml`) naming each respondent's site or
   service, and a second row with the question text. Each site is scored, and the sites
   ranked. Or let a quality team fill in `marks.yaml`, one copy per site (`site:` names it).

## Commands

```sh
ahp-eval check evaluation.yaml                      # every matrix consistent?
ahp-eval weigh evaluation.yaml                      # weights and total ranking
ahp-eval score evaluation.yaml responses.csv -o report.html   # one result per {group}
ahp-eval score evaluation.yaml --marks marks.yaml
ahp-eval score evaluation.yaml --marks east.yaml --marks west.yaml   # one file per site
```
"""


class InitResult(NamedTuple):
    """What ``init`` did: the files it wrote and those it found and kept."""

    written: list[Path]
    kept: list[Path]


def init_folder(key: str, folder: str | Path, *, force: bool = False) -> InitResult:
    """Create a ready evaluation folder. A non-empty folder needs ``force``, and even
    then only the missing files are written: a file already there (an edited
    evaluation, say) is kept as it is."""
    template = load_template(key)
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise InputError("exists and is not a folder; name a new or empty folder", path=str(target))
    if target.is_dir() and any(target.iterdir()) and not force:
        raise InputError(
            "folder is not empty; use --force to add the missing files (none is replaced)",
            path=str(target),
        )
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror.lower() if exc.strerror else str(exc)
        raise InputError(f"cannot write {target}: {reason}") from None
    files = {
        "evaluation.yaml": with_modeline(evaluation_text(template), "evaluation.schema.json"),
        "survey-template.csv": survey_template(template.evaluation),
        "marks.yaml": with_modeline(marks_template(template.evaluation), "marks.schema.json"),
        "README.md": folder_readme(template),
        "evaluation.schema.json": read_schema("evaluation.schema.json"),
        "marks.schema.json": read_schema("marks.schema.json"),
    }
    done = InitResult([], [])
    for name, text in files.items():
        path = target / name
        if path.exists() or path.is_symlink():
            done.kept.append(path)
            continue
        write_atomic(path, text, force=False)
        done.written.append(path)
    return done
