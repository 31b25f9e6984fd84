"""Plain listings: the indicator library's templates, the cells a reader dropped."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ahp_eval.model.evaluation import Evaluation
from ahp_eval.report.common import display_width, ljust
from ahp_eval.survey.responses import ResponseSet

__all__ = ["DROPPED_SHOWN", "dropped_lines", "templates_listing"]

DROPPED_SHOWN = 20
"""How many dropped cells are listed one per line (JSON lists them all)."""


class TemplateSummary(Protocol):
    """What the listing shows of a template (``ahp_eval.io.library.Template``)."""

    @property
    def key(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def criteria(self) -> int: ...
    @property
    def indicators(self) -> int: ...
    @property
    def evaluation(self) -> Evaluation: ...


def templates_listing(templates: Sequence[TemplateSummary]) -> str:
    """One line per template: key, name, criteria and indicator counts, sector."""
    keys = max([len("template"), *(len(t.key) for t in templates)])
    names = max([display_width("名称 Name"), *(display_width(t.title) for t in templates)])
    lines = [
        f"{ljust('template', keys)}  {ljust('名称 Name', names)}  criteria  indicators  sector"
    ]
    lines += [
        f"{ljust(t.key, keys)}  {ljust(t.title, names)}  {t.criteria:>8}  {t.indicators:>10}  "
        f"{t.evaluation.sector or ''}"
        for t in templates
    ]
    return "".join(line + "\n" for line in lines)


def dropped_lines(responses: ResponseSet, shown: int = DROPPED_SHOWN) -> list[str]:
    """What the reader left out, one line each as ``source:line: ...``: skipped rows, then
    up to ``shown`` dropped cells and a count of the rest (JSON lists them all)."""
    where = f"sheet {responses.sheet!r}: " if responses.sheet is not None else ""
    source = responses.source
    lines = [f"{source}:{s.line}: {where}skipped row: {s.reason}" for s in responses.skipped_rows]
    lines.extend(
        f"{source}:{c.line if c.line is not None else c.row}: {where}"
        f"dropped {c.column!r} = {c.value!r}: {c.reason}"
        for c in responses.dropped[:shown]
    )
    if len(responses.dropped) > shown:
        more = len(responses.dropped) - shown
        lines.append(f"{source}: ... and {more} more dropped cells (all listed in JSON)")
    return lines
