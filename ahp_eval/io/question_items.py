"""Survey answers question by question (``ahp-eval reliability --items questions``).

The file goes through the same front door as for scoring (encoding, header, column
mapping, question texts, group column); each perception column is kept as an item of
its own (reverse-coded where declared), named by its header. A plain CSV export is
streamed into each group's statistics of the question items
(:func:`~ahp_eval.io.survey_fast.stream_stats`, the questions as the leaves), keeping
no answer; anything else is read cell by cell (:func:`read_questions`), which finds
and locates every bad cell.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import numpy as np

from ahp_eval.io.survey_file import (
    cell_answer,
    close_records,
    first_records,
    located_errors,
    row_group_label,
)
from ahp_eval.io.survey_source import (
    Layout,
    Progress,
    Table,
    Ticker,
    answer_labels,
    check_path,
    group_namer,
    open_table,
    plan_layout,
)
from ahp_eval.model.evaluation import Evaluation
from ahp_eval.survey.moments import StatPlan
from ahp_eval.survey.questionnaire import ItemSet
from ahp_eval.survey.responses import CellIssue, GroupData, ResponseSet, reverse_code

__all__ = ["QuestionAnswers", "question_items", "read_question_set", "read_questions"]

Answers = np.ndarray[Any, np.dtype[np.float64]]
QuestionAnswers = tuple[ItemSet, list[tuple[str, Answers]], str | None, tuple[CellIssue, ...]]


def read_questions(
    path: Path,
    evaluation: Evaluation,
    *,
    group: str | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    drop_invalid: bool = False,
) -> QuestionAnswers:
    """The question items, each group's answers to them, the group column and the
    dropped cells."""
    name = str(path)
    kind = check_path(path, name)
    table = open_table(path, name, kind, sheet=sheet, encoding=encoding, ticker=Ticker(None, 0))
    try:
        return _read_questions(table, name, evaluation, group=group, drop_invalid=drop_invalid)
    finally:
        close_records(table)


def _read_questions(
    table: Table, name: str, evaluation: Evaluation, *, group: str | None, drop_invalid: bool
) -> QuestionAnswers:
    records = table.records
    first = first_records(table, name)
    layout = plan_layout(
        name,
        first,
        evaluation,
        group=group,
        encoding=table.encoding,
        delimiter=table.delimiter,
        sheet=table.sheet,
        sheets=table.sheets,
    )
    feeds = [f for f in layout.feeds if not f.expectation]
    scale = evaluation.survey.scale
    lo, hi = scale.min, scale.max
    answers = answer_labels(evaluation)
    group_label = group_namer(evaluation)
    rows: dict[str, list[list[float]]] = {}
    issues: list[CellIssue] = []
    for record in itertools.chain(first[layout.data_from :], records):
        cells = record.cells
        row = []
        for f in feeds:
            value = cells[f.field] if f.field < len(cells) else None
            row.append(cell_answer(value, f, record, layout, (lo, hi, answers), issues=issues))
        label = row_group_label(cells, record, layout, group_label, issues)
        if label is None:
            continue
        rows.setdefault(label, []).append(row)
    if issues and not drop_invalid:
        raise located_errors(layout, issues)
    if not rows:
        raise layout.error("the file has a header but no answers", layout.header_line)
    groups = []
    for label, values in rows.items():
        a = np.array(values, dtype=np.float64).reshape(len(values), len(feeds))
        for j, f in enumerate(feeds):
            if f.reverse:
                a[:, j] = reverse_code(a[:, j], lo, hi)
        groups.append((label, a))
    return question_items(layout, evaluation), groups, layout.group_column, tuple(issues)


def question_items(layout: Layout, evaluation: Evaluation) -> ItemSet:
    """The perception columns of ``layout`` as items (in file order, named by their
    headers), in blocks: all of them, then each criterion's."""
    feeds = [f for f in layout.feeds if not f.expectation]
    ids = tuple(layout.header[f.field] for f in feeds)
    top = {}
    for child in evaluation.goal.children:
        for node in child.walk():
            if node.is_leaf:
                top[node.id] = child.id
    blocks: dict[str, tuple[int, ...]] = {"overall": tuple(range(len(feeds)))}
    for node in evaluation.parents():
        if node is not evaluation.goal:
            leaves = {n.id for n in node.walk() if n.is_leaf}
            blocks[node.id] = tuple(j for j, f in enumerate(feeds) if f.indicator_id in leaves)
    return ItemSet(ids, blocks, tuple(top[f.indicator_id] for f in feeds), "questions")


def read_question_stats(
    path: Path,
    evaluation: Evaluation,
    *,
    group: str | None = None,
    encoding: str | None = None,
    pairs: bool = False,
    progress: Progress | None = None,
    parallel: bool | None = None,
) -> tuple[ItemSet, ResponseSet] | None:
    """The question items and each group's statistics of them, streamed from a plain
    CSV export (``pairs``: with the pairwise sums of squares); None when the file is
    not plain enough, for :func:`read_questions` to read cell by cell."""
    from ahp_eval.io.survey_fast import Columns, stream_stats  # plain CSV files only

    scale = evaluation.survey.scale

    def questions(layout: Layout) -> Columns:
        items = question_items(layout, evaluation)
        feeds = [f for f in layout.feeds if not f.expectation]
        plan = StatPlan.for_scale(dict(items.blocks), scale.min, scale.max)
        fields = [(f.field, j, f.reverse, False) for j, f in enumerate(feeds)]
        return Columns(fields, len(feeds), plan._replace(values=None, squares=pairs))

    name = str(path)
    streamed = stream_stats(
        path,
        name,
        evaluation,
        questions,
        group=group,
        encoding=encoding,
        progress=progress,
        parallel=parallel,
    )
    if streamed is None:
        return None
    layout, groups = streamed
    n_rows = int(groups.n.sum())
    if n_rows == 0:
        return None  # the careful reader says the file has no answers
    items = question_items(layout, evaluation)
    return items, ResponseSet(
        source=name,
        indicators=items.ids,
        groups=groups,
        n_rows=n_rows,
        encoding=layout.encoding,
        group_column=layout.group_column,
    )


def read_question_set(
    path: Path,
    evaluation: Evaluation,
    *,
    group: str | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    drop_invalid: bool = False,
    pairs: bool = False,
) -> tuple[ItemSet, ResponseSet]:
    """The question items and each group's answers to them: a plain CSV export
    streamed into statistics (:func:`read_question_stats`), anything else read cell by
    cell (:func:`read_questions`). The response set's ``indicators`` are the items."""
    if check_path(path, str(path)) == "csv":
        streamed = read_question_stats(
            path, evaluation, group=group, encoding=encoding, pairs=pairs
        )
        if streamed is not None:
            return streamed
    items, answers, group_column, dropped = read_questions(
        path,
        evaluation,
        group=group,
        sheet=sheet,
        encoding=encoding,
        drop_invalid=drop_invalid,
    )
    return items, ResponseSet(
        source=str(path),
        indicators=items.ids,
        groups=tuple(GroupData(label, a) for label, a in answers),
        n_rows=sum(len(a) for _, a in answers),
        dropped=dropped,
        group_column=group_column,
    )
