"""``score --reliability``: the reliability command's report as a section of the score
reports (pooled, then each group)."""

from __future__ import annotations

from html import escape

from ahp_eval.report.common import md_text
from ahp_eval.report.reliability_plain import how_lines, report_parts, sections
from ahp_eval.report.weigh_plain import md_table
from ahp_eval.survey.reliability_run import ReliabilityReport
from ahp_eval.survey.score_results import ScoreResult

__all__ = ["TITLE", "reliability_html", "reliability_markdown", "reliability_report"]

TITLE = "信度与效度 Reliability and validity"


def reliability_report(result: ScoreResult) -> ReliabilityReport | None:
    """The reliability report of a score, when it was asked for."""
    if result.reliability is None:
        return None
    return ReliabilityReport(result.weights.evaluation, result.responses, result.reliability)


def reliability_markdown(result: ScoreResult, p: int, lang: str) -> list[str]:
    """The section in Markdown (no lines without a reliability report)."""
    report = reliability_report(result)
    if report is None:
        return []
    out = [f"## {TITLE}", "", *(f"- {md_text(line)}" for line in how_lines(report)), ""]
    for name, r in report_parts(report):
        out += [f"### {md_text(name)}", ""]
        out += ["**Verdicts (rules of thumb, not tests of the tool):**", ""]
        out += [f"- {md_text(v)}" for v in r.verdicts]
        out.append("")
        for s in sections(report, r, p, lang):
            out += [f"#### {md_text(s.title)}", ""]
            if s.headers:
                right = {i for i, (_, num) in enumerate(s.headers) if num}
                out += [*md_table([h for h, _ in s.headers], s.rows, right), ""]
            out += [md_text(n) for n in s.notes]
            if s.notes:
                out.append("")
    return out


def reliability_html(result: ScoreResult, p: int, lang: str) -> list[str]:
    """The section in HTML, with each report's correlation heat map."""
    from ahp_eval.report.reliability_html import reliability_section

    report = reliability_report(result)
    if report is None:
        return []
    out = [f"<h2>{escape(TITLE)}</h2>", '<ul class="how">']
    out += [f"<li>{escape(line)}</li>" for line in how_lines(report)]
    out.append("</ul>")
    for name, r in report_parts(report):
        out += [f"<h3>{escape(name)}</h3>", reliability_section(report, r, p, lang)]
    return out
