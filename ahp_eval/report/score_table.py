"""``ahp-eval score`` as rich tables: each group's verdict, then the ranking."""

from __future__ import annotations

import io

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ahp_eval.report.common import fmt, interval_text, weight_fmt
from ahp_eval.report.console import make_console
from ahp_eval.report.score_plain import WEAKEST, how_text
from ahp_eval.scoring import QUADRANTS, GroupScore, ScoreResult

__all__ = ["render_score_table", "score_renderable"]


def _table(*columns: tuple[str, bool]) -> Table:
    """Right-aligned columns are numbers and never wrap; text columns may."""
    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    for k, (name, right) in enumerate(columns):
        table.add_column(
            name,
            justify="right" if right else "left",
            no_wrap=right or k == 0,
            overflow="fold",
        )
    return table


def _group(result: ScoreResult, g: GroupScore, p: int, lang: str) -> RenderableType:
    ev = result.weights.evaluation
    head = Text.assemble(
        (f"{g.group}", "bold"),
        f"  n = {g.n}   综合得分 Composite ",
        (fmt(g.composite, p), "bold"),
        f"  95% {interval_text(g.interval, p)}  ",
        (g.grade, "bold cyan"),
    )
    crit = _table(
        ("ID", False),
        ("准则\nCriterion", False),
        ("权重\nWeight", True),
        ("得分\nScore", True),
        ("Cronbach α\n(n)", True),
    )
    for cid, s in g.criteria.items():
        a = g.alpha.get(cid)
        shown = f"{a.value:.3f} ({a.n})" if a is not None and a.value is not None else "—"
        crit.add_row(
            cid,
            ev.nodes[cid].label(lang),
            weight_fmt(result.weights.node_weights[cid], p),
            fmt(s, p),
            shown,
        )
    overall = g.alpha["overall"]
    notes = Text()
    if overall.value is not None:
        notes.append(f"Cronbach α overall {overall.value:.3f} (k={overall.k}, n={overall.n})\n")
    if g.gap is not None:
        notes.append(f"SERVQUAL 差距 Gap (P − E, weighted) {g.gap:+.{p}f}\n")
    if g.fuzzy is not None:
        f = g.fuzzy
        vec = "  ".join(f"{lab}:{v:.3f}" for lab, v in zip(f.labels, f.goal, strict=True))
        notes.append(
            f"模糊综合评价 Fuzzy ({f.basis}): {vec}; max membership {f.max_label}; "
            f"score {fmt(f.implied_score, p)} {f.grade}\n"
        )
    weak = _table(
        ("ID", False),
        ("待改进指标\nWeakest indicator", False),
        ("得分\nScore", True),
        ("权重\nWeight", True),
        ("加权差距\nShortfall", True),
        ("象限\nQuadrant", False),
    )
    for iid in g.priorities[:WEAKEST]:
        ind = g.indicators[iid]
        weak.add_row(
            iid,
            ev.nodes[iid].label(lang),
            fmt(ind.score, p),
            weight_fmt(ind.global_weight, p),
            fmt(ind.shortfall, p),
            QUADRANTS[ind.quadrant],
        )
    return Group(head, crit, notes, weak, Text())


def score_renderable(result: ScoreResult, precision: int, lang: str = "zh") -> RenderableType:
    """Header (how it was computed), one block per group, the ranking of groups."""
    ev = result.weights.evaluation
    title = ev.name_en if lang == "en" and ev.name_en else (ev.name or ev.goal.label(lang))
    head = Text(title, style="bold")
    head.append(f"\n文件 File: {ev.path}   数据 Responses: {result.responses.source}", style="dim")
    for line in how_text(result):
        head.append("\n" + line)
    parts: list[RenderableType] = [head, Text()]
    parts += [_group(result, g, precision, lang) for g in result.groups]
    if len(result.groups) > 1:
        rank = _table(
            ("排名\nRank", True),
            ("对象\nGroup", False),
            ("n", True),
            ("综合得分\nComposite", True),
            ("95%\ninterval", True),
            ("等级\nGrade", False),
        )
        for k, g in enumerate(result.ranking, start=1):
            rank.add_row(
                str(k),
                g.group,
                str(g.n),
                fmt(g.composite, precision),
                interval_text(g.interval, precision),
                g.grade,
            )
        parts += [Text("排名 Ranking", style="bold"), rank]
    return Group(*parts)


def render_score_table(result: ScoreResult, precision: int, lang: str = "zh") -> str:
    """The rich report as plain text (for ``--output`` files)."""
    buf = io.StringIO()
    make_console(file=buf).print(score_renderable(result, precision, lang))
    return buf.getvalue()
