"""Where a score's answers come from: exactly one of a survey, a marks file or a terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from ahp_eval.errors import InputError
from ahp_eval.io.answers import AnswerSource, Terminal, answer_source, read_answers
from ahp_eval.io.files import load_evaluation

ROOT = Path(__file__).resolve().parent.parent
POWER = ROOT / "examples" / "power-supply-center"
ACADEMIC = ROOT / "examples" / "academic-platform"


def silent(_: str) -> None:
    """A terminal's tell that shows nothing."""


@pytest.mark.parametrize(
    ("responses", "marks", "terminal"),
    [
        (None, None, None),
        (Path("r.csv"), Path("m.yaml"), None),
        (None, Path("m.yaml"), Terminal(input, silent)),
        (Path("r.csv"), Path("m.yaml"), Terminal(input, silent)),
    ],
)
def test_not_exactly_one_source_is_an_error(
    responses: Path | None, marks: Path | None, terminal: Terminal | None
) -> None:
    """None, two or three sources: one message naming the three."""
    with pytest.raises(InputError, match=r"^give exactly one of RESPONSES, --marks FILE or --"):
        answer_source(responses, marks, terminal)


def test_an_empty_source_is_refused_when_read() -> None:
    """A source built without any answers is refused, not read as nothing."""
    evaluation = load_evaluation(POWER / "evaluation.yaml")
    with pytest.raises(InputError, match="give exactly one"):
        read_answers(AnswerSource(), evaluation)


def test_each_source_is_read() -> None:
    """A survey export, a marks file and a terminal session each give their answers."""
    evaluation = load_evaluation(POWER / "evaluation.yaml")
    marks = read_answers(answer_source(None, POWER / "marks.yaml", None), evaluation)
    assert (marks.n_rows, marks.groups[0].name) == (1, "城东供电客户服务中心")
    prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return "75\n"

    typed = read_answers(answer_source(None, None, Terminal(ask, silent)), evaluation)
    assert len(prompts) == len(evaluation.leaves()) == len(typed.indicators)
    assert typed.source == "terminal"
    academic = load_evaluation(ACADEMIC / "evaluation.yaml")
    survey = read_answers(answer_source(ACADEMIC / "responses.csv", None, None), academic)
    assert survey.source == str(ACADEMIC / "responses.csv")
    assert len(survey.groups) > 1
