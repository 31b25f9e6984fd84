"""``ahp-eval reliability`` as JSON, Markdown and CSV, and the tables every format shows."""

from __future__ import annotations

import io
import json
from typing import NamedTuple

from ahp_eval.report.common import CsvRows, fmt, md_code, md_text
from ahp_eval.report.weigh_plain import md_table
from ahp_eval.survey.questionnaire import Reliability
from ahp_eval.survey.reliability_run import ReliabilityReport

__all__ = [
    "Section",
    "render_reliability_csv",
    "render_reliability_json",
    "render_reliability_markdown",
    "report_parts",
    "sections",
]

Header = tuple[str, bool]
"""A column's title, and whether it holds numbers (right-aligned)."""


class Section(NamedTuple):
    """One table of the report, with notes under it."""

    key: str
    title: str
    headers: list[Header]
    rows: list[list[str]]
    notes: list[str]


def _f(x: float | None, p: int) -> str:
    return "—" if x is None else fmt(x, p)


def _name(report: ReliabilityReport, item: str, lang: str) -> str:
    node = report.evaluation.nodes.get(item)
    return node.label(lang) if node is not None else item


def _block(key: str) -> str:
    return key


def sections(report: ReliabilityReport, r: Reliability, p: int, lang: str) -> list[Section]:
    """The tables of one report (pooled or a group)."""
    out = []
    alpha_rows = []
    item_rows: list[list[str]] = []
    split_rows = []
    for key, b in r.blocks.items():
        a = b.alpha
        alpha_rows.append(
            [_block(key), _f(a.alpha, p + 1), _f(a.standardized, p + 1), str(a.n), str(a.k)]
        )
        item_rows.extend(
            [
                _block(key),
                line.id,
                _name(report, line.id, lang),
                _f(line.item_total_r, p + 1),
                _f(line.alpha_if_deleted, p + 1),
                "↑" if line.raises else "",
            ]
            for line in a.items
        )
        s = b.split_half
        if s is not None:
            split_rows.append(
                [
                    _block(key),
                    _f(s.r, p + 1),
                    _f(s.spearman_brown, p + 1),
                    _f(s.spearman_brown_unequal, p + 1),
                    _f(s.guttman, p + 1),
                    f"{_f(s.part_alpha[0], p + 1)} ({s.part_k[0]})",
                    f"{_f(s.part_alpha[1], p + 1)} ({s.part_k[1]})",
                    str(s.n),
                ]
            )
    out.append(
        Section(
            "alpha",
            "信度 Reliability (Cronbach's alpha)",
            [
                ("Block", False),
                ("α", True),
                ("标准化 Standardized α", True),
                ("n", True),
                ("k", True),
            ],
            alpha_rows,
            [],
        )
    )
    out.append(
        Section(
            "items",
            "项目分析 Item analysis",
            [
                ("Block", False),
                ("Item", False),
                ("Name", False),
                ("Item-total r", True),
                ("α if deleted", True),
                ("", False),
            ],
            item_rows,
            ["↑ deleting the item would raise alpha"] if any(row[5] for row in item_rows) else [],
        )
    )
    split_name = "first ceil(k/2) items" if report.result.split == "first-half" else "odd-even"
    out.append(
        Section(
            "split_half",
            f"折半信度 Split-half reliability (parts: {split_name})",
            [
                ("Block", False),
                ("r", True),
                ("Spearman-Brown", True),
                ("Unequal length", True),
                ("Guttman", True),
                ("Part 1 α (k)", True),
                ("Part 2 α (k)", True),
                ("n", True),
            ],
            split_rows,
            [],
        )
    )
    v = r.validity
    if v.kmo is not None and v.bartlett is not None:
        bt = v.bartlett
        kmo_rows = [
            ["KMO", f"{fmt(v.kmo.overall, p + 1)} ({v.kmo.label})"],
            ["Bartlett chi2", fmt(bt.chi2, p + 1)],
            ["df", str(bt.df)],
            ["p", f"{bt.p:.3g}"],
            ["n", str(bt.n)],
        ]
        notes = []
        if report.result.missing == "pairwise":
            notes.append(f"Bartlett's n is the smallest pairwise count ({bt.n})")
        out.append(
            Section(
                "kmo", "效度 KMO and Bartlett's test", [("", False), ("", True)], kmo_rows, notes
            )
        )
        out.append(
            Section(
                "msa",
                "各项 MSA (KMO per item)",
                [("Item", False), ("Name", False), ("MSA", True)],
                [
                    [i, _name(report, i, lang), fmt(m, p + 1)]
                    for i, m in zip(v.items, v.kmo.items, strict=True)
                ],
                [],
            )
        )
    else:
        out.append(
            Section(
                "kmo", "效度 KMO and Bartlett's test", [], [], [f"unavailable: {v.unavailable}"]
            )
        )
    if v.constant:
        out[-1].notes.append(
            "left out of correlation-based statistics (no variance): " + ", ".join(v.constant)
        )
    f = v.factors
    if f is not None:
        out.append(
            Section(
                "eigenvalues",
                "主成分 Principal components (total variance explained)",
                [
                    ("成分 Component", True),
                    ("特征值 Eigenvalue", True),
                    ("% of variance", True),
                    ("Cumulative %", True),
                ],
                [
                    [str(i + 1), fmt(e, p + 1), fmt(pct, p), fmt(cum, p)]
                    for i, (e, pct, cum) in enumerate(
                        zip(f.eigenvalues, f.variance_pct, f.cumulative_pct, strict=True)
                    )
                ],
                [f"retained {f.retained} (Kaiser's eigenvalue > 1: {f.kaiser})"],
            )
        )
        criterion = dict(zip(report.result.items.ids, report.result.items.criterion, strict=True))
        rows = []
        for i, (item, row) in enumerate(zip(v.items, f.loadings, strict=True)):
            c = criterion[item]
            k = v.factor_of_item[i]
            rows.append(
                [
                    item,
                    c,
                    *(fmt(x, p + 1) for x in row),
                    f"F{k + 1}",
                    "✓" if v.criterion_factor[c] == k else "✗",
                ]
            )
        out.append(
            Section(
                "loadings",
                "旋转后载荷 Rotated loadings (varimax, Kaiser normalization)",
                [
                    ("Item", False),
                    ("准则 Criterion", False),
                    *((f"F{j + 1}", True) for j in range(f.retained)),
                    ("因子 Factor", False),
                    ("一致 Agrees", False),
                ],
                rows,
                [
                    "criterion factors: "
                    + ", ".join(f"{c} F{k + 1}" for c, k in v.criterion_factor.items())
                ],
            )
        )
    return out


def report_parts(report: ReliabilityReport) -> list[tuple[str, Reliability]]:
    """The pooled report, then each group's."""
    res = report.result
    return [("pooled 全部", res.pooled), *((g.name, g) for g in res.groups)]


def how_lines(report: ReliabilityReport) -> list[str]:
    """How the report was computed."""
    res = report.result
    lines = [
        f"items: {res.items.kind}; missing answers: {res.missing}"
        + (
            " (rows complete on each block's items)"
            if res.missing == "listwise"
            else " (pairwise-complete correlations)"
        ),
        f"rows: {res.pooled.n_rows}; complete on every item: {res.pooled.n_used}"
        if res.missing == "listwise"
        else f"rows: {res.pooled.n_rows}; smallest pairwise count: {res.pooled.n_used}",
    ]
    if report.responses.dropped:
        lines.append(f"dropped cells: {len(report.responses.dropped)}")
    return lines


def render_reliability_json(report: ReliabilityReport) -> str:
    """The documented JSON contract."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _title(report: ReliabilityReport, lang: str) -> str:
    ev = report.evaluation
    return ev.name_en if lang == "en" and ev.name_en else (ev.name or ev.goal.label(lang))


def render_reliability_markdown(report: ReliabilityReport, precision: int, lang: str = "zh") -> str:
    """The report in Markdown: how, then the pooled report and each group's."""
    out = [
        f"# {md_text(_title(report, lang))}: 信度与效度 Reliability and validity",
        "",
        (
            f"- 文件 File: {md_code(report.evaluation.path)}; "
            f"数据 Responses: {md_code(report.responses.source)}"
        ),
        *(f"- {md_text(line)}" for line in how_lines(report)),
        "",
    ]
    for name, r in report_parts(report):
        out += [f"## {md_text(name)}", ""]
        out += ["**Verdicts (rules of thumb, not tests of the tool):**", ""]
        out += [f"- {md_text(v)}" for v in r.verdicts]
        out.append("")
        for s in sections(report, r, precision, lang):
            out += [f"### {md_text(s.title)}", ""]
            if s.headers:
                right = {i for i, (_, num) in enumerate(s.headers) if num}
                out += md_table([h for h, _ in s.headers], s.rows, right)
                out.append("")
            out += [*(md_text(n) for n in s.notes)]
            if s.notes:
                out.append("")
    return "\n".join(out)


def render_reliability_csv(report: ReliabilityReport, precision: int) -> str:
    """One row per number: group, table, block or item, statistic, value (full precision
    for numbers; ``precision`` is for the other formats)."""
    del precision
    buf = io.StringIO()
    rows = CsvRows(buf)
    rows.writerow(["group", "table", "block", "item", "statistic", "value"])
    data = report.to_dict()
    parts = [("", data), *((g["group"], g) for g in data.get("groups", []))]
    for group, d in parts:
        for key, entry in [("overall", d["alpha"]["overall"]), *d["alpha"]["criteria"].items()]:
            for stat in ("alpha", "standardized", "n", "k"):
                rows.writerow([group, "alpha", key, "", stat, entry[stat]])
            for item in entry["items"]:
                for stat in ("item_total_r", "alpha_if_deleted", "raises_alpha"):
                    rows.writerow([group, "items", key, item["id"], stat, item[stat]])
            s = entry["split_half"]
            if s is not None:
                for stat in ("r", "spearman_brown", "spearman_brown_unequal", "guttman", "n"):
                    rows.writerow([group, "split_half", key, "", stat, s[stat]])
                for i, part in enumerate(s["parts"], start=1):
                    rows.writerow([group, "split_half", key, "", f"part{i}_alpha", part["alpha"]])
                    rows.writerow([group, "split_half", key, "", f"part{i}_k", part["k"]])
        if d["kmo"] is not None:
            rows.writerow([group, "kmo", "overall", "", "kmo", d["kmo"]["overall"]])
            for item, msa in d["kmo"]["items"].items():
                rows.writerow([group, "kmo", "overall", item, "msa", msa])
            for stat in ("chi2", "df", "p", "n"):
                rows.writerow([group, "bartlett", "overall", "", stat, d["bartlett"][stat]])
        f = d["factors"]
        if f is not None:
            for i, e in enumerate(f["eigenvalues"], start=1):
                rows.writerow([group, "eigenvalues", "overall", "", f"component{i}", e])
            for item, loadings in f["loadings"].items():
                for j, x in enumerate(loadings, start=1):
                    rows.writerow([group, "loadings", "overall", item, f"F{j}", x])
                rows.writerow(
                    [group, "loadings", "overall", item, "agrees", f["items"][item]["agrees"]]
                )
    return buf.getvalue()
