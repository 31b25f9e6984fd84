"""Shared pieces of the survey-reader tests: a small hierarchy, files, and a comparison
of the streaming and the careful reader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evaluations import THREE_YAML, three_indicators
from jsoncompare import json_close

from ahp_eval.ahp.hierarchy import solve
from ahp_eval.errors import InputError, InputErrors
from ahp_eval.io.survey_file import read_responses
from ahp_eval.model.evaluation import Evaluation, parse_evaluation
from ahp_eval.survey.responses import ResponseSet
from ahp_eval.survey.scoring import score

EVALUATION_YAML = THREE_YAML
"""Three indicators C11, C12, C21 named 一, 二, 三, for CLI tests."""


def evaluation(survey: dict[str, Any] | None = None) -> Evaluation:
    """The hierarchy of EVALUATION_YAML (C11 also named One) with an optional survey."""
    data = three_indicators(survey=survey)
    data["criteria"][0]["indicators"][0]["name_en"] = "One"
    return parse_evaluation(data)


def write(tmp_path: Path, text: str | bytes, encoding: str = "utf-8", name: str = "r.csv") -> Path:
    """A file of ``text`` in ``encoding`` (bytes as they are)."""
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    return path


def errors_of(exc: BaseException) -> list[str]:
    """The lines an InputError or InputErrors prints."""
    if isinstance(exc, InputErrors):
        return [str(e) for e in exc.errors]
    return [str(exc)]


def read_both(
    path: Path, ev: Evaluation, **options: Any
) -> tuple[ResponseSet | list[str], ResponseSet | list[str]]:
    """What the default reader (streaming where it can) and the careful reader give: a
    ResponseSet, or the error lines."""
    results: list[ResponseSet | list[str]] = []
    for keep in (False, True):
        try:
            results.append(read_responses(path, ev, keep_answers=keep, **options))
        except (InputError, InputErrors) as exc:
            results.append(errors_of(exc))
    return results[0], results[1]


def assert_same(
    fast: ResponseSet | list[str], careful: ResponseSet | list[str], ev: Evaluation
) -> None:
    """Both readers gave the same errors, or the same groups (names, order, sizes) and
    the same scores."""
    if isinstance(fast, list) or isinstance(careful, list):
        assert fast == careful
        return
    assert [(g.name, g.n) for g in fast.groups] == [(g.name, g.n) for g in careful.groups]
    assert fast.encoding == careful.encoding
    assert fast.skipped_rows == careful.skipped_rows
    assert fast.ignored_columns == careful.ignored_columns
    weights = solve(ev)
    a = score(weights, fast, fuzzy=True).to_dict()["groups"]
    b = score(weights, careful, fuzzy=True).to_dict()["groups"]
    assert json_close(a, b, rel=1e-9, abs_=1e-9), (a, b)


def streamed(rs: ResponseSet) -> bool:
    """Whether the streaming reader read it (statistics, no answers kept)."""
    return all(g.perception is None and g.stats is not None for g in rs.groups)


def mixed_export(rows: int) -> bytes:
    """An export whose first half is ASCII (site ``north``) and whose second half has
    the sites 东区 and 西区 in GB18030, as when two exports are concatenated."""
    lines = ["id,time,site,C11,C12,C21\n"]
    for i in range(rows):
        site = "north" if i < rows // 2 else ("西区" if i % 2 else "东区")
        lines.append(
            f"{i + 1},2024-05-{i % 28 + 1:02d} 10:{i % 60:02d},{site},"
            f"{i % 5 + 1},{(i * 7) % 5 + 1},{(i * 3) % 5 + 1}\n"
        )
    return "".join(lines).encode("gb18030")


NO_LABEL = " nor a built-in 1-5 answer label; list the labels in survey.labels"
"""What follows ``'x' is not a number`` in a bad cell's message on a 1-5 scale."""
