"""The pairwise-comparison questionnaire of an evaluation: what is asked, in which order.

Every matrix of the hierarchy is asked, top-down in declared order (the goal's
criteria first), then, when the file has alternatives, the alternatives under each
leaf compared pairwise (leaves in declared order; a leaf scored in ``performance:``
is not asked). Within a matrix the pairs come in upper-triangle order, row by row.

The panel template (CSV and XLSX) has one row per respondent: a ``respondent``
column, a ``weight`` column (the respondent's weight in the panel), and one column
per pair, named ``a/b`` by the two ids (``LEAF:a/b`` for alternatives under leaf
``LEAF``), holding "how many times a is as important as b" (``ratio`` coding: 3,
1/3, ...). A second header row names the two items of each pair: ``甲 vs 乙``.
"""

from __future__ import annotations

import io
from typing import Any, NamedTuple

from ahp_eval.ahp.repair import SCALE
from ahp_eval.ahp.ri import RITable, get_ri_table
from ahp_eval.errors import InputError
from ahp_eval.model.evaluation import Evaluation
from ahp_eval.report.common import METHOD_LABELS, CsvRows

__all__ = [
    "RESPONDENT_COLUMN",
    "RESPONDENT_LABEL",
    "TEMPLATE_NOTES",
    "WEIGHT_COLUMN",
    "WEIGHT_LABEL",
    "Item",
    "Matrix",
    "Questionnaire",
    "build_questionnaire",
    "template_csv",
    "template_rows",
]

RESPONDENT_COLUMN = "respondent"
WEIGHT_COLUMN = "weight"
RESPONDENT_LABEL = "答卷人 Respondent"
WEIGHT_LABEL = "权重 Weight"

TEMPLATE_NOTES = (
    "专家判断汇总表 Panel template: one row per respondent (答卷人).",
    "respondent: the respondent's name or id, once per row.",
    (
        "weight: the respondent's weight in the panel (any non-negative number; "
        "delete the column for equal weights)."
    ),
    (
        "a/b (LEAF:a/b for alternatives under leaf LEAF): how many times a is as important "
        "as b, on Saaty's scale 1/9 ... 1 ... 9 (3 = a moderately more important, "
        "1/3 = b moderately more important, 1 = equal); leave a cell empty for a pair not "
        "compared."
    ),
    "Row 2 names the two items of each pair (甲 vs 乙); it is not an answer.",
    (
        "The questionnaire page (ahp-eval questionnaire EVALUATION -o form.html) copies one "
        "filled row of this table."
    ),
)
"""What the XLSX template's ``notes`` sheet says."""


class Item(NamedTuple):
    """One item compared: a child node or an alternative."""

    id: str
    name: str


class Matrix(NamedTuple):
    """One judgment matrix to be filled: the items under ``key``, compared pairwise."""

    key: str
    """The node id (the judgments file's key)."""
    leaf: bool
    """Alternatives compared under a leaf (column names ``LEAF:a/b``)."""
    subject: Item
    """The goal, criterion or leaf the items are judged against."""
    items: tuple[Item, ...]
    ri: float
    """RI(n) of the evaluation's RI table for this matrix's order (0 for n <= 2)."""

    @property
    def pairs(self) -> list[tuple[int, int]]:
        """Index pairs ``(i, j)``, ``i < j``, in upper-triangle order."""
        n = len(self.items)
        return [(i, j) for i in range(n) for j in range(i + 1, n)]

    def column(self, i: int, j: int) -> str:
        """The template column of pair ``(i, j)``: ``a/b`` or ``LEAF:a/b``."""
        name = f"{self.items[i].id}/{self.items[j].id}"
        return f"{self.key}:{name}" if self.leaf else name

    def label(self, i: int, j: int) -> str:
        """The second header row's text for pair ``(i, j)``: ``甲 vs 乙``, or ``叶: 甲 vs 乙``
        for alternatives under a leaf."""
        text = f"{self.items[i].name} vs {self.items[j].name}"
        return f"{self.subject.name}: {text}" if self.leaf else text


class Questionnaire(NamedTuple):
    """Every matrix an expert is asked to fill, with how the answers are weighed."""

    title: str
    source: str | None
    lang: str
    method: str
    ri_table: RITable
    cr_threshold: float
    matrices: tuple[Matrix, ...]

    def columns(self) -> list[str]:
        """The template's header: respondent, weight, then every pair's column."""
        pairs = [m.column(i, j) for m in self.matrices for i, j in m.pairs]
        return [RESPONDENT_COLUMN, WEIGHT_COLUMN, *pairs]

    def labels(self) -> list[str]:
        """The template's second header row: what each column holds."""
        pairs = [m.label(i, j) for m in self.matrices for i, j in m.pairs]
        return [RESPONDENT_LABEL, WEIGHT_LABEL, *pairs]

    def page_data(self) -> dict[str, Any]:
        """The data the HTML page computes from (embedded as JSON)."""
        return {
            "title": self.title,
            "source": self.source,
            "lang": self.lang,
            "method": self.method,
            "method_label": METHOD_LABELS[self.method],  # type: ignore[index]
            "ri_table": self.ri_table.label,
            "cr_threshold": self.cr_threshold,
            "scale": list(SCALE),
            "columns": self.columns(),
            "matrices": [
                {
                    "key": m.key,
                    "leaf": m.leaf,
                    "subject": m.subject._asdict(),
                    "items": [item._asdict() for item in m.items],
                    "ri": m.ri,
                    "pairs": [[i, j, m.column(i, j)] for i, j in m.pairs],
                }
                for m in self.matrices
            ],
        }


def build_questionnaire(evaluation: Evaluation, lang: str = "zh") -> Questionnaire:
    """The questionnaire of ``evaluation`` (its settings: method, RI table, threshold).

    Raises :class:`~ahp_eval.errors.InputError` when a matrix is larger than the RI
    table covers, as weighing would.
    """
    settings = evaluation.settings
    table = get_ri_table(settings.ri)
    matrices: list[Matrix] = []
    for node in evaluation.parents():
        if len(node.children) < 2:
            continue
        items = tuple(Item(c.id, c.label(lang)) for c in node.children)
        ri = _ri(table, len(items), evaluation.path, node.line)
        matrices.append(
            Matrix(node.id, leaf=False, subject=Item(node.id, node.label(lang)), items=items, ri=ri)
        )
    if evaluation.alternatives:
        items = tuple(Item(a.id, a.label(lang)) for a in evaluation.alternatives)
        for leaf in evaluation.leaves():
            if leaf.id in evaluation.alternative_judgments and len(items) >= 2:
                subject = Item(leaf.id, leaf.label(lang))
                ri = _ri(table, len(items), evaluation.path, evaluation.alternatives[0].line)
                matrices.append(Matrix(leaf.id, leaf=True, subject=subject, items=items, ri=ri))
    ev = evaluation
    title = ev.name_en if lang == "en" and ev.name_en else (ev.name or ev.goal.label(lang))
    return Questionnaire(
        title=title,
        source=ev.path,
        lang=lang,
        method=settings.method,
        ri_table=table,
        cr_threshold=settings.cr_threshold,
        matrices=tuple(matrices),
    )


def _ri(table: RITable, n: int, path: str | None, line: int) -> float:
    """RI(n), or the table's error at the line of the matrix's parent."""
    try:
        return table.ri(n)
    except InputError as exc:
        raise InputError(exc.message, path=path, line=line) from None


def template_rows(questionnaire: Questionnaire) -> list[list[str]]:
    """The template's two header rows."""
    return [questionnaire.columns(), questionnaire.labels()]


def template_csv(questionnaire: Questionnaire) -> str:
    """The panel template as CSV text (the caller writes it with a byte-order mark)."""
    buf = io.StringIO()
    rows = CsvRows(buf)
    for row in template_rows(questionnaire):
        rows.writerow(row)
    return buf.getvalue()
