"""``ahp-eval score`` as an Excel workbook: summary, composite per group, criteria and
indicators per group, indicator x group (when the answers are grouped), weights, and
the dropped cells and skipped rows when there are any. Written row by row, so that a
report of thousands of groups streams to the file."""

from __future__ import annotations

from collections.abc import Iterator

from ahp_eval.report.common import METHOD_LABELS
from ahp_eval.report.xlsx import Book, Column, Tables, Value
from ahp_eval.survey.scoring import QUADRANTS, GroupScores, ScoreResult

__all__ = ["score_book", "score_tables"]

GROUP = Column("对象 Group")
NAME = Column("名称 Name")


def _group_names(result: ScoreResult) -> list[str]:
    groups = result.groups
    return groups.names() if isinstance(groups, GroupScores) else [g.group for g in groups]


def _summary(book: Book, result: ScoreResult) -> None:
    w = result.weights
    rs = result.responses
    formula = (
        "(x - min) / (max - min) * 100" if result.score_formula == "range" else "x / max * 100"
    )
    rows: list[tuple[str, object]] = [
        ("文件 File", w.evaluation.path),
        ("答卷 Responses", rs.source),
        ("权重方法 Method", METHOD_LABELS[w.method]),
        ("RI 表 RI table", w.ri_table.label),
        ("阈值 CR threshold", Value(w.cr_threshold, "general")),
        ("总 CR Total CR", Value(w.total.cr, "weight")),
        ("权重一致 Weights consistent", "yes" if w.consistent else "no"),
        ("量表最小 Scale min", Value(result.scale.min, "general")),
        ("量表最大 Scale max", Value(result.scale.max, "general")),
        ("得分公式 Score formula", formula),
        ("区间 Interval", result.interval_method),
        ("自助次数 Bootstrap resamples", Value(result.bootstrap, "int")),
        ("种子 Seed", Value(result.seed, "int")),
        ("对象数 Groups", Value(len(result.groups), "int")),
        ("分组列 Group column", rs.group_column),
        ("忽略的列 Ignored columns", ", ".join(rs.ignored_columns) or None),
        ("剔除的单元格 Dropped cells", Value(len(rs.dropped), "int")),
        ("跳过的行 Skipped rows", Value(len(rs.skipped_rows), "int")),
        ("示例判断 Illustrative", "yes" if w.evaluation.settings.illustrative else "no"),
    ]
    book.add("概要 Summary", [Column("项目 Item"), Column("值 Value")], rows)


def _composite(book: Book, result: ScoreResult, names: list[str], has_gap: bool) -> None:
    fuzzy = result.fuzzy_basis is not None

    def rows() -> Iterator[tuple[object, ...]]:
        for k, g in enumerate(result.ranking, start=1):
            overall = g.alpha.get("overall")
            lo, hi = g.interval if g.interval is not None else (None, None)
            yield (
                k,
                g.group,
                g.n,
                g.composite,
                lo,
                hi,
                g.grade,
                overall.value if overall is not None else None,
                *((g.gap,) if has_gap else ()),
                *(
                    (
                        g.fuzzy.max_label if g.fuzzy else None,
                        g.fuzzy.implied_score if g.fuzzy else None,
                        g.fuzzy.grade if g.fuzzy else None,
                    )
                    if fuzzy
                    else ()
                ),
            )

    columns = [
        Column("排名 Rank", "int"),
        GROUP,
        Column("n", "int"),
        Column("综合得分 Composite", "number"),
        Column("95% 下限 Lower", "number"),
        Column("95% 上限 Upper", "number"),
        Column("等级 Grade"),
        Column("Cronbach α overall", "general"),
        *([Column("SERVQUAL 差距 Gap", "number")] if has_gap else []),
        *(
            [
                Column("模糊最大隶属 Fuzzy max membership"),
                Column("模糊得分 Fuzzy score", "number"),
                Column("模糊等级 Fuzzy grade"),
            ]
            if fuzzy
            else []
        ),
    ]
    book.add("综合 Composite", columns, rows(), hints={1: names}, freeze=2)


def _criteria(book: Book, result: ScoreResult, names: list[str], lang: str) -> None:
    ev = result.weights.evaluation
    from ahp_eval.report.score_weights import node_weights

    weights = node_weights(result)

    def rows() -> Iterator[tuple[object, ...]]:
        for g in result.groups:
            for cid, s in g.criteria.items():
                a = g.alpha.get(cid)
                yield (
                    g.group,
                    cid,
                    ev.nodes[cid].label(lang),
                    weights[cid],
                    s,
                    a.value if a is not None else None,
                    a.k if a is not None else None,
                    a.n if a is not None else None,
                )

    columns = [
        GROUP,
        Column("ID"),
        Column("准则 Criterion"),
        Column("全局权重 Global weight", "weight"),
        Column("得分 Score", "number"),
        Column("Cronbach α", "general"),
        Column("α 题数 k", "int"),
        Column("α 人数 n", "int"),
    ]
    book.add("准则 Criteria", columns, rows(), hints={0: names}, freeze=2)


def _indicators(
    book: Book,
    result: ScoreResult,
    names: list[str],
    lang: str,
    has_gap: bool,
) -> None:
    ev = result.weights.evaluation

    def rows() -> Iterator[tuple[object, ...]]:
        for g in result.groups:
            for iid, ind in g.indicators.items():
                yield (
                    g.group,
                    iid,
                    ev.nodes[iid].label(lang),
                    ind.global_weight,
                    ind.n,
                    ind.mean,
                    ind.score,
                    ind.shortfall,
                    QUADRANTS[ind.quadrant],
                    *((ind.expectation, ind.gap) if has_gap else ()),
                    ind.sd,
                    ind.satisfaction,
                )

    columns = [
        GROUP,
        Column("ID"),
        Column("指标 Indicator"),
        Column("全局权重 Global weight", "weight"),
        Column("n", "int"),
        Column("均值 Mean", "number"),
        Column("得分 Score", "number"),
        Column("加权差距 Shortfall", "number"),
        Column("象限 Quadrant"),
        *([Column("期望 Expectation", "number"), Column("差距 Gap", "number")] if has_gap else []),
        Column("标准差 SD", "number"),
        Column("满意率 Satisfaction rate", "weight"),
    ]
    book.add("指标 Indicators", columns, rows(), hints={0: names}, freeze=2)


def _by_group(book: Book, result: ScoreResult, names: list[str], lang: str) -> None:
    """Indicator x group: a row per group, a column per indicator's score."""
    ev = result.weights.evaluation
    leaves = [ev.nodes[iid] for iid in result.weights.global_weights]

    def rows() -> Iterator[tuple[object, ...]]:
        for g in result.groups:
            yield (g.group, g.composite, *(g.indicators[leaf.id].score for leaf in leaves))

    columns = [
        GROUP,
        Column("综合得分 Composite", "number"),
        *(Column(f"{leaf.id} {leaf.label(lang)}", "number") for leaf in leaves),
    ]
    book.add("指标×对象 By group", columns, rows(), hints={0: names}, freeze=1)


def _weights(book: Book, result: ScoreResult, lang: str) -> None:
    ev = result.weights.evaluation
    rows = [
        (iid, ev.nodes[iid].label(lang), weight)
        for iid, weight in result.weights.global_weights.items()
    ]
    columns = [Column("ID"), Column("指标 Indicator"), Column("全局权重 Global weight", "weight")]
    book.add("权重 Weights", columns, rows, freeze=1)


def _dropped(book: Book, result: ScoreResult) -> None:
    rs = result.responses
    if rs.dropped:
        rows = [(c.row, c.line, c.column, c.value, c.reason) for c in rs.dropped]
        columns = [
            Column("行 Row", "int"),
            Column("行号 Line", "int"),
            Column("列 Column"),
            Column("值 Value"),
            Column("原因 Reason"),
        ]
        book.add("剔除 Dropped cells", columns, rows)
    if rs.skipped_rows:
        skipped = [(s.line, s.reason) for s in rs.skipped_rows]
        book.add("跳过 Skipped rows", [Column("行号 Line", "int"), Column("原因 Reason")], skipped)


def score_book(result: ScoreResult, precision: int, lang: str = "zh") -> Book:
    """The workbook of a score report, not yet saved (its rows are made as it is)."""
    book = Book(precision)
    names = _group_names(result)
    has_gap = any(g.gap is not None for g in result.groups)
    _summary(book, result)
    _composite(book, result, names, has_gap)
    _criteria(book, result, names, lang)
    _indicators(book, result, names, lang, has_gap)
    if result.responses.group_column is not None:
        _by_group(book, result, names, lang)
    _weights(book, result, lang)
    _dropped(book, result)
    return book


def score_tables(result: ScoreResult, precision: int, lang: str = "zh") -> Tables:
    """The tables of the workbook (``ahp_eval.io.workbook.write_workbook`` writes them)."""
    return score_book(result, precision, lang).tables()
