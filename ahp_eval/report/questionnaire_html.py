"""The questionnaire page: one self-contained HTML file an expert fills in offline.

No network, no external resource: the style and the script are inline, and the
questionnaire's data (names, pairs, method, RI values, threshold) is embedded as JSON
in a ``<script type="application/json">`` block, read with ``JSON.parse`` and shown
through ``textContent`` only, so that no name is ever read as markup or code. The
script is :data:`ahp_eval.report.questionnaire_js.SCRIPT`.

The page keeps its state, as JSON, in the hidden ``<pre id="ahp-state">`` (each
matrix's weights, lambda_max, CI, CR, pass or fail and first repair step, the
judgments file and the template row); ``#answers=`` followed by the URL-encoded JSON
``{"name": ..., "values": {column: value}}`` fills the page in when it opens.
"""

from __future__ import annotations

import html
import json

from ahp_eval.report.questionnaire import Questionnaire
from ahp_eval.report.questionnaire_js import SCRIPT

__all__ = ["embedded_json", "render_questionnaire_html"]

_STYLE = """
body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC",
       sans-serif; margin: 1.5em auto; max-width: 1100px; padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; }
h2 { font-size: 1.15em; margin-bottom: .2em; }
.muted { color: #666; }
section.matrix { border: 1px solid #ccc; border-radius: 6px; padding: .5em 1em 1em;
                 margin: 1em 0; }
section.matrix.fail { border-color: #c0392b; box-shadow: 0 0 0 2px #f5c6c0; }
table.pairs { border-collapse: collapse; width: 100%; }
table.pairs td, table.pairs th { padding: .2em .15em; text-align: center; }
table.pairs tr:nth-child(even) { background: #f6f6f6; }
table.pairs .left { text-align: right; width: 22%; }
table.pairs .right { text-align: left; width: 22%; }
table.pairs .mid { background: #eef; }
table.pairs th.scale { font-weight: normal; font-size: .85em; color: #555; }
table.weights { width: 60%; }
table.weights td { padding: .1em .6em; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.bar { width: 40%; }
td.bar span { display: inline-block; height: .8em; background: #4a78b5; }
.pass { color: #1e7d32; }
.failmark { color: #c0392b; font-weight: bold; }
.hint { background: #fff6e0; padding: .3em .6em; border-left: 3px solid #e0a000; }
button.clear { border: none; background: none; color: #999; cursor: pointer; }
#answers textarea { width: 100%; height: 4em; font-family: monospace; }
.scale-key { font-size: .9em; }
"""


def embedded_json(data: object) -> str:
    """JSON safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` appears raw."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def render_questionnaire_html(form: Questionnaire) -> str:
    """The questionnaire page as one HTML document."""
    title = html.escape(form.title)
    threshold = f"{form.cr_threshold:g}"
    method = html.escape(form.page_data()["method_label"])
    table = html.escape(form.ri_table.label)
    lang = "en" if form.lang == "en" else "zh-CN"
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — 判断问卷 Pairwise questionnaire</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>{title}</h1>
<p>两两比较问卷 Pairwise-comparison questionnaire. 对每一对，选择左边或右边更重要的程度。
For each pair, choose how much more important the left or the right item is.</p>
<p class="scale-key">1 同等重要 equal · 3 稍微重要 moderate · 5 明显重要 strong ·
7 强烈重要 very strong · 9 极端重要 extreme · 2, 4, 6, 8 介于两者之间 in between.</p>
<p class="muted">权重方法 Method: {method}; RI: {table}; 一致性要求 consistent when CR &lt;
{threshold}.</p>
<p><label>姓名 Name: <input id="judge" type="text" size="30" autocomplete="name"></label></p>
<main id="matrices"></main>
<section id="answers">
<h2>提交 Hand in</h2>
<p><button id="download" type="button">下载判断文件 Download judgments (YAML)</button>
<button id="copy" type="button">复制表格行 Copy the template row (CSV)</button>
<span id="copied"></span></p>
<textarea id="csv-row" readonly aria-label="CSV row"></textarea>
</section>
<pre id="ahp-state" hidden></pre>
<script type="application/json" id="ahp-data">{embedded_json(form.page_data())}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""
