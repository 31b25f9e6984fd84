"""Where a score's answers come from: a survey export, a marks file or the terminal."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from ahp_eval.errors import InputError
from ahp_eval.model.evaluation import Evaluation
from ahp_eval.survey.responses import ResponseSet

__all__ = ["AnswerSource", "Terminal", "answer_source", "read_answers"]


class Terminal(NamedTuple):
    """An interactive session: ``ask`` shows a prompt and returns the line typed,
    ``tell`` shows why an answer was refused."""

    ask: Callable[[str], str]
    tell: Callable[[str], None]


class AnswerSource(NamedTuple):
    """Exactly one of a survey export, marks files or a terminal session.

    ``marks`` is one marks file (one site), or several (one site each)."""

    responses: Path | None = None
    marks: Path | tuple[Path, ...] | None = None
    terminal: Terminal | None = None


def answer_source(
    responses: Path | None,
    marks: Path | Sequence[Path] | None,
    terminal: Terminal | None,
) -> AnswerSource:
    """The one source given; two or none is an error. Several marks files are one
    source: one site each."""
    if marks is not None and not isinstance(marks, Path):
        many = tuple(marks)
        marks = None if not many else many[0] if len(many) == 1 else many
    if sum(x is not None for x in (responses, marks, terminal)) != 1:
        raise InputError("give exactly one of RESPONSES, --marks FILE or --interactive")
    return AnswerSource(responses, marks, terminal)


def read_answers(
    source: AnswerSource,
    evaluation: Evaluation,
    *,
    group: str | None = None,
    sheet: str | None = None,
    drop_invalid: bool = False,
    keep_answers: bool = False,
    fuzzy: bool = True,
    encoding: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    entropy: bool = False,
) -> ResponseSet:
    """Read the answers from their source (the keywords apply to a survey export)."""
    if source.responses is not None:
        from ahp_eval.io.survey_file import read_responses

        return read_responses(
            source.responses,
            evaluation,
            group=group,
            sheet=sheet,
            drop_invalid=drop_invalid,
            keep_answers=keep_answers,
            fuzzy=fuzzy,
            encoding=encoding,
            progress=progress,
            entropy=entropy,
        )
    from ahp_eval.io.marks_file import ask_marks, marks_to_responses, read_marks, read_sites

    if isinstance(source.marks, tuple):
        return read_sites(source.marks, evaluation)
    if source.marks is not None:
        return read_marks(source.marks, evaluation)
    if source.terminal is None:
        raise InputError("give exactly one of RESPONSES, --marks FILE or --interactive")
    scale = evaluation.survey.scale
    given = ask_marks(evaluation, scale, ask=source.terminal.ask, tell=source.terminal.tell)
    return marks_to_responses(
        given,
        evaluation,
        site=evaluation.name or evaluation.goal.name,
        source="terminal",
        scale=scale,
    )
