"""``ahp-eval reliability`` as one self-contained HTML file, with a heat map of each
report's item correlation matrix."""

from __future__ import annotations

from html import escape

from ahp_eval.report.charts import correlation_heatmap, unique_svg_ids
from ahp_eval.report.reliability_plain import _title, how_lines, report_parts, sections
from ahp_eval.report.score_html import CSS, _table
from ahp_eval.survey.questionnaire import Reliability
from ahp_eval.survey.reliability_run import ReliabilityReport

__all__ = ["reliability_section", "render_reliability_html"]


def reliability_section(
    report: ReliabilityReport, r: Reliability, precision: int, lang: str
) -> str:
    """One report's verdicts, tables and correlation heat map, as HTML."""
    out = ['<ul class="how">', *(f"<li>{escape(v)}</li>" for v in r.verdicts), "</ul>"]
    out.append('<p class="note">Verdicts are rules of thumb, not tests of the tool.</p>')
    for s in sections(report, r, precision, lang):
        out.append(f"<h3>{escape(s.title)}</h3>")
        if s.headers:
            out.append(_table(s.headers, s.rows))
        out += [f'<p class="note">{escape(n)}</p>' for n in s.notes]
    v = r.validity
    if len(v.items) >= 2:
        out.append("<h3>相关矩阵 Item correlation matrix</h3>")
        out.append(f'<div class="chart">{correlation_heatmap(v.items, v.corr.tolist())}</div>')
    return "\n".join(out)


def render_reliability_html(report: ReliabilityReport, precision: int, lang: str = "zh") -> str:
    """The whole report as HTML."""
    title = f"{_title(report, lang)}: 信度与效度 Reliability and validity"
    body = [
        f"<h1>{escape(title)}</h1>",
        '<ul class="how">',
        (
            f"<li>文件 File: {escape(str(report.evaluation.path))}; "
            f"数据 Responses: {escape(report.responses.source)}</li>"
        ),
        *(f"<li>{escape(line)}</li>" for line in how_lines(report)),
        "</ul>",
    ]
    for name, r in report_parts(report):
        body.append(f"<h2>{escape(name)}</h2>")
        body.append(reliability_section(report, r, precision, lang))
    return unique_svg_ids(
        '<!DOCTYPE html>\n<html lang="zh">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
