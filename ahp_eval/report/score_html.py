"""``ahp-eval score`` as one self-contained HTML file with inline SVG charts."""

from __future__ import annotations

from html import escape

from ahp_eval.report.charts import ipa_scatter, sub_score_bars, unique_svg_ids, weight_bars
from ahp_eval.report.score_plain import (
    CRITERIA_HEADERS,
    WEAKEST_HEADERS,
    Header,
    criteria_rows,
    group_notes,
    how_text,
    indicator_site_table,
    indicator_table,
    verdict_text,
    weakest_rows,
)
from ahp_eval.survey.scoring import GroupScore, ScoreResult

__all__ = ["render_score_html"]

CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei",
  "PingFang SC", "WenQuanYi Micro Hei", -apple-system, "Segoe UI", sans-serif;
  max-width: 960px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: .2em; }
h2 { margin-top: 1.8em; border-bottom: 1px solid #ddd; }
ul.how { color: #555; font-size: .92em; }
table { border-collapse: collapse; margin: .8em 0; font-size: .95em; }
th, td { padding: .3em .7em; border-bottom: 1px solid #e4e4e4; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.verdict { font-size: 1.15em; } .grade { font-weight: bold; color: #2f6f9f; }
.chart svg { max-width: 100%; height: auto; } .note { color: #555; }
.illustrative { background: #fff4d6; padding: .4em .8em; border-radius: 4px; }
@media print { body { margin: 0; } h2 { page-break-before: auto; } }
"""


def _table(headers: list[Header], rows: list[list[str]]) -> str:
    def cls(i: int) -> str:
        return ' class="num"' if headers[i][1] else ""

    head = "".join(f"<th{cls(i)}>{escape(h)}</th>" for i, (h, _) in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{escape(c)}</td>" for i, c in enumerate(r)) + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _group(result: ScoreResult, g: GroupScore, p: int, lang: str) -> str:
    parts = [
        f"<h2>{escape(g.group)}</h2>",
        f'<p class="verdict">{escape(verdict_text(g, p))}</p>',
        _table(CRITERIA_HEADERS, criteria_rows(result, g, p, lang)),
        *(f'<p class="note">{escape(n)}</p>' for n in group_notes(g, p)),
        "<h3>待改进 Weakest points</h3>",
        _table(WEAKEST_HEADERS, weakest_rows(result, g, p, lang)),
        "<h3>指标 Indicators</h3>",
        _table(*indicator_table(result, g, p, lang)),
    ]
    ids = list(g.indicators)
    scatter = ipa_scatter(
        ids,
        [g.indicators[i].global_weight for i in ids],
        [g.indicators[i].score for i in ids],
        f"{g.group}: 重要性-表现分析 Importance-performance",
    )
    parts.append(f'<div class="chart">{scatter}</div>')
    return "\n".join(parts)


def _how(result: ScoreResult) -> str:
    ev = result.weights.evaluation
    files = f"文件 File: {ev.path}; 数据 Responses: {result.responses.source}"
    items = "".join(f"<li>{escape(line)}</li>" for line in [files, *how_text(result)])
    return f'<ul class="how">{items}</ul>'


def render_score_html(result: ScoreResult, precision: int, lang: str = "zh") -> str:
    """One self-contained page: how it was computed, charts, each group, the ranking."""
    ev = result.weights.evaluation
    p = precision
    title = ev.name_en if lang == "en" and ev.name_en else (ev.name or ev.goal.label(lang))
    leaves = ev.leaves()
    weights = weight_bars(
        [f"{leaf.id} {leaf.label(lang)}" for leaf in leaves],
        [result.weights.global_weights[leaf.id] for leaf in leaves],
    )
    crit_ids = list(result.groups[0].criteria) if result.groups else []
    subs = sub_score_bars(
        [f"{c} {ev.nodes[c].label(lang)}" for c in crit_ids],
        [g.group for g in result.groups],
        [[g.criteria[c] for c in crit_ids] for g in result.groups],
    )
    body = [
        f"<h1>{escape(title)}</h1>",
        _how(result),
    ]
    if ev.settings.illustrative:
        body.append(
            '<p class="illustrative">示例判断 Illustrative judgments: '
            "the weights are not a real panel's.</p>"
        )
    if len(result.groups) > 1:
        from ahp_eval.report.score_compare import (
            COMPARISON_HEADERS,
            COMPARISON_NOTE,
            comparison_rows,
            ranking_table,
        )

        body += ["<h2>排名 Ranking</h2>", _table(*ranking_table(result, p))]
        if result.comparisons is not None:
            body += [
                "<h2>对象比较 Comparisons</h2>",
                f"<p>{escape(COMPARISON_NOTE)}</p>",
                _table(COMPARISON_HEADERS, comparison_rows(result.comparisons, p)),
            ]
        body += [
            "<h2>指标 × 对象 Indicators by group</h2>",
            _table(*indicator_site_table(result, p, lang)),
        ]
    from ahp_eval.report.score_weights import WEIGHT_HEADERS, weights_rows

    leaf_weights = weights_rows(result, p, lang)
    if leaf_weights:
        body += ["<h2>指标权重 Indicator weights</h2>", _table(WEIGHT_HEADERS, leaf_weights)]
    from ahp_eval.report.tree_svg import hierarchy_tree

    body += [
        "<h2>层次结构 Hierarchy</h2>",
        f'<div class="chart">{hierarchy_tree(result.weights, lang, 4)}</div>',
    ]
    body += [
        "<h2>全局权重 Global weights</h2>",
        f'<div class="chart">{weights}</div>',
        "<h2>准则得分 Criterion sub-scores</h2>",
        f'<div class="chart">{subs}</div>',
    ]
    body += [_group(result, g, p, lang) for g in result.groups]
    if result.reliability is not None:
        from ahp_eval.report.score_reliability import reliability_html

        body += reliability_html(result, p, lang)
    return unique_svg_ids(
        "<!DOCTYPE html>\n"
        f'<html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
