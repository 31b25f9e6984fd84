"""The questionnaire page's script: a second implementation of the matrix maths.

It computes, in the browser, what :mod:`ahp_eval.ahp.matrix` and
:mod:`ahp_eval.ahp.repair` compute in Python, and the browser test holds the two to
1e-9:

* weights by the root method (normalised row geometric means), the sum method
  (column-normalised row means) or the eigen method (power iteration from the root
  weights until no weight moves by more than 1e-12, at most 10,000 steps);
* ``lambda_max = (1/n) sum_i (A w)_i / w_i``, ``CI = (lambda_max - n)/(n - 1)``,
  ``CR = CI / RI(n)`` (0 for n <= 2), RI from the evaluation's table;
* the first repair step of a matrix with CR at or over the threshold: every given
  pair set to every other value of the 17-point scale (a value within 1% of the
  current one is the current one), ranked by the lowest CR (ties within 1e-12,
  relative, or absolute below 1), then the fewest scale steps, the pair's place in
  the upper triangle, the new value's place on the scale.

Weights and CR are shown once every pair of a matrix is answered.
"""

from __future__ import annotations

__all__ = ["SCRIPT"]

SCRIPT = r"""
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("ahp-data").textContent);
  const SCALE = DATA.scale;
  const LOG_SCALE = SCALE.map(Math.log);
  const TIE = 1e-12;
  const SAME = 0.01;
  const EIGEN_TOL = 1e-12;
  const EIGEN_STEPS = 10000;
  const answers = DATA.matrices.map((m) => m.pairs.map(() => null));

  function rootWeights(A) {
    const n = A.length;
    const g = A.map((row) => Math.exp(row.reduce((s, a) => s + Math.log(a), 0) / n));
    const total = g.reduce((s, x) => s + x, 0);
    return g.map((x) => x / total);
  }

  function sumWeights(A) {
    const n = A.length;
    const col = [];
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += A[i][j];
      col.push(s);
    }
    return A.map((row) => row.reduce((s, a, j) => s + a / col[j], 0) / n);
  }

  function times(A, w) {
    return A.map((row) => row.reduce((s, a, j) => s + a * w[j], 0));
  }

  function lambdaMax(A, w) {
    const aw = times(A, w);
    return aw.reduce((s, x, i) => s + x / w[i], 0) / A.length;
  }

  function eigenWeights(A) {
    let w = rootWeights(A);
    for (let step = 0; step < EIGEN_STEPS; step++) {
      const v = times(A, w);
      const total = v.reduce((s, x) => s + x, 0);
      const next = v.map((x) => x / total);
      const moved = Math.max(...next.map((x, i) => Math.abs(x - w[i])));
      w = next;
      if (moved < EIGEN_TOL) break;
    }
    return w;
  }

  function solve(A, method, ri) {
    const n = A.length;
    const w = method === "eigen" ? eigenWeights(A)
      : method === "sum" ? sumWeights(A) : rootWeights(A);
    if (n <= 2) return { weights: w, lambda_max: n, ci: 0, cr: 0 };
    const lam = lambdaMax(A, w);
    const ci = (lam - n) / (n - 1);
    return { weights: w, lambda_max: lam, ci: ci, cr: ci / ri };
  }

  function scalePosition(value) {
    const lv = Math.log(value);
    let best = 0;
    for (let s = 1; s < SCALE.length; s++) {
      if (Math.abs(LOG_SCALE[s] - lv) < Math.abs(LOG_SCALE[best] - lv)) best = s;
    }
    return best;
  }

  function firstRepair(A, method, ri, threshold) {
    const n = A.length;
    const before = solve(A, method, ri).cr;
    if (before < threshold || n < 3) return null;
    const cands = [];
    let p = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++, p++) {
        const current = A[i][j];
        const at = scalePosition(current);
        for (let s = 0; s < SCALE.length; s++) {
          const v = SCALE[s];
          if (Math.abs(v / current - 1) <= SAME) continue;
          const B = A.map((row) => row.slice());
          B[i][j] = v;
          B[j][i] = 1 / v;
          cands.push({ p: p, i: i, j: j, s: s, steps: Math.abs(s - at),
                       old: current, cr: solve(B, method, ri).cr });
        }
      }
    }
    const alive = cands.filter((c) => Number.isFinite(c.cr));
    if (!alive.length) return null;
    const low = Math.min(...alive.map((c) => c.cr));
    const limit = low + TIE * Math.max(Math.abs(low), 1);
    let best = null;
    for (const c of alive) {
      if (!(c.cr <= limit)) continue;
      if (best === null || c.steps < best.steps
          || (c.steps === best.steps && (c.p < best.p || (c.p === best.p && c.s < best.s)))) {
        best = c;
      }
    }
    return { i: best.i, j: best.j, old: best.old, new: SCALE[best.s],
             cr_before: before, cr_after: best.cr };
  }

  function matrixOf(k) {
    const m = DATA.matrices[k];
    const n = m.items.length;
    const A = [];
    for (let i = 0; i < n; i++) A.push(new Array(n).fill(1));
    let complete = true;
    m.pairs.forEach(([i, j], q) => {
      const s = answers[k][q];
      if (s === null) { complete = false; return; }
      A[i][j] = SCALE[s];
      A[j][i] = 1 / SCALE[s];
    });
    return complete ? A : null;
  }

  function evaluate(k) {
    const m = DATA.matrices[k];
    const answered = answers[k].filter((s) => s !== null).length;
    const out = { key: m.key, leaf: m.leaf, answered: answered, pairs: m.pairs.length,
                  weights: null, lambda_max: null, ci: null, cr: null, consistent: null,
                  repair: null };
    const A = matrixOf(k);
    if (A === null) return out;
    const r = solve(A, DATA.method, m.ri);
    out.weights = r.weights;
    out.lambda_max = r.lambda_max;
    out.ci = r.ci;
    out.cr = r.cr;
    out.consistent = m.items.length <= 2 || r.cr < DATA.cr_threshold;
    if (!out.consistent) out.repair = firstRepair(A, DATA.method, m.ri, DATA.cr_threshold);
    return out;
  }

  // ---- what is downloaded and copied -------------------------------------------------

  function yamlString(text) {
    let out = '"';
    for (const ch of text) {
      const c = ch.codePointAt(0);
      if (ch === '"' || ch === "\\") out += "\\" + ch;
      else if ((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff)
               || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff) || c >= 0x10000) out += ch;
      else out += "\\u" + c.toString(16).padStart(4, "0");
    }
    return out + '"';
  }

  function ratioText(s) {
    const v = SCALE[s];
    return v >= 1 ? String(Math.round(v)) : "1/" + String(Math.round(1 / v));
  }

  function judgmentsYaml(name) {
    const lines = [
      "# Judgments from the ahp-eval questionnaire; weigh them with",
      "#   ahp-eval weigh EVALUATION --judgments THIS-FILE",
      "version: 1",
    ];
    if (name.trim()) lines.push("judge: " + yamlString(name.trim()));
    const entries = [];
    DATA.matrices.forEach((m, k) => {
      const pairs = [];
      m.pairs.forEach(([i, j], q) => {
        const s = answers[k][q];
        if (s === null) return;
        const v = SCALE[s] >= 1 ? ratioText(s) : yamlString(ratioText(s));
        pairs.push("[" + yamlString(m.items[i].id) + ", " + yamlString(m.items[j].id)
                   + ", " + v + "]");
      });
      if (pairs.length) {
        entries.push("  " + yamlString(m.key) + ":\n    pairs:\n"
                     + pairs.map((x) => "      - " + x).join("\n"));
      }
    });
    lines.push(entries.length ? "judgments:" : "judgments: {}");
    return lines.join("\n") + "\n" + entries.map((e) => e + "\n").join("");
  }

  const PY_FLOAT = /^\s*[+-]?((\d(_?\d)*)(\.(\d(_?\d)*)?)?|\.\d(_?\d)*)([eE][+-]?\d(_?\d)*)?\s*$/;
  const PY_SPECIAL = /^\s*[+-]?(inf|infinity|nan)\s*$/i;

  function csvCell(text) {
    let t = text;
    if (/^[=+\-@\t\r]/.test(t) && !PY_FLOAT.test(t) && !PY_SPECIAL.test(t)) t = "'" + t;
    if (/[",\r\n]/.test(t)) t = '"' + t.replace(/"/g, '""') + '"';
    return t;
  }

  function csvRow(name) {
    const cells = [name.trim(), "1"];
    DATA.matrices.forEach((m, k) => {
      m.pairs.forEach((pair, q) => {
        const s = answers[k][q];
        cells.push(s === null ? "" : ratioText(s));
      });
    });
    return cells.map(csvCell).join(",");
  }

  // ---- the page --------------------------------------------------------------------

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function fixed(x, d) {
    return x === null ? "—" : x.toFixed(d);
  }

  const views = [];

  function render(k) {
    const m = DATA.matrices[k];
    const r = evaluate(k);
    const box = views[k].result;
    box.textContent = "";
    views[k].section.classList.toggle("fail", r.consistent === false);
    views[k].status.textContent = "已答 answered " + r.answered + " / " + r.pairs;
    if (r.weights === null) {
      box.append(el("p", "muted",
        "回答全部判断后显示权重与 CR。 Weights and CR appear once every pair is answered."));
      return r;
    }
    const table = el("table", "weights");
    r.weights.forEach((w, i) => {
      const tr = el("tr");
      tr.append(el("td", "", m.items[i].name), el("td", "num", w.toFixed(4)));
      const bar = el("td", "bar");
      const fill = el("span");
      fill.style.width = (w * 100).toFixed(1) + "%";
      bar.append(fill);
      tr.append(bar);
      table.append(tr);
    });
    box.append(table);
    const ok = r.consistent;
    const line = m.items.length <= 2
      ? "n = " + m.items.length + ": CR = 0 (两项总是一致 two items are always consistent)"
      : "λmax = " + fixed(r.lambda_max, 4) + "  CI = " + fixed(r.ci, 4) + "  RI = "
        + m.ri.toFixed(2) + "  CR = " + fixed(r.cr, 4);
    box.append(el("p", "", line));
    box.append(el("p", ok ? "pass" : "failmark",
      ok ? "✓ 通过 pass" : "✗ 未通过 FAIL (CR ≥ " + DATA.cr_threshold + ")"));
    if (r.repair) {
      const f = r.repair;
      const a = m.items[f.i].name;
      const b = m.items[f.j].name;
      box.append(el("p", "hint",
        "建议首先修改 First repair step: " + a + " vs " + b + ": " + valueText(f.old)
        + " → " + valueText(f.new) + " (CR " + f.cr_before.toFixed(4) + " → "
        + f.cr_after.toFixed(4) + ")"));
    }
    return r;
  }

  function valueText(v) {
    return v >= 1 ? String(Math.round(v)) : "1/" + String(Math.round(1 / v));
  }

  function update() {
    const name = document.getElementById("judge").value;
    const results = DATA.matrices.map((m, k) => render(k));
    const yaml = judgmentsYaml(name);
    const row = csvRow(name);
    document.getElementById("csv-row").value = row;
    const state = { name: name, matrices: results, judgments: yaml, csv_row: row };
    document.getElementById("ahp-state").textContent = JSON.stringify(state);
  }

  function build() {
    const main = document.getElementById("matrices");
    DATA.matrices.forEach((m, k) => {
      const section = el("section", "matrix");
      const head = el("h2");
      head.append(el("span", "num", (k + 1) + ". "));
      head.append(el("span", "",
        (m.leaf ? "备选方案 Alternatives, " : "") + "就 with respect to “" + m.subject.name
        + "” (" + m.subject.id + ")"));
      section.append(head);
      const status = el("p", "muted");
      section.append(status);
      const table = el("table", "pairs");
      const top = el("tr");
      top.append(el("th", "left", "较重要 more important ←"));
      for (let c = 0; c < 17; c++) top.append(el("th", "scale", String(c < 8 ? 9 - c : c - 7)));
      top.append(el("th", "right", "→ 较重要 more important"), el("th"));
      table.append(top);
      m.pairs.forEach(([i, j], q) => {
        const tr = el("tr");
        tr.append(el("td", "left", m.items[i].name));
        for (let c = 0; c < 17; c++) {
          const td = el("td", c === 8 ? "scale mid" : "scale");
          const input = el("input");
          input.type = "radio";
          input.name = "p" + k + "_" + q;
          input.value = String(16 - c);
          input.title = c < 8 ? m.items[i].name + " " + (9 - c)
            : c === 8 ? "1" : m.items[j].name + " " + (c - 7);
          input.addEventListener("change", () => {
            answers[k][q] = 16 - c;
            update();
          });
          td.append(input);
          tr.append(td);
        }
        tr.append(el("td", "right", m.items[j].name));
        const clear = el("td");
        const button = el("button", "clear", "×");
        button.type = "button";
        button.title = "清除 clear";
        button.addEventListener("click", () => {
          answers[k][q] = null;
          tr.querySelectorAll("input").forEach((x) => { x.checked = false; });
          update();
        });
        clear.append(button);
        tr.append(clear);
        table.append(tr);
      });
      section.append(table);
      const result = el("div", "result");
      section.append(result);
      main.append(section);
      views.push({ section: section, status: status, result: result });
    });
  }

  function prefill() {
    const hash = window.location.hash;
    if (!hash.startsWith("#answers=")) return;
    let given;
    try {
      given = JSON.parse(decodeURIComponent(hash.slice("#answers=".length)));
    } catch (e) {
      return;
    }
    if (typeof given.name === "string") document.getElementById("judge").value = given.name;
    const values = given.values || {};
    DATA.matrices.forEach((m, k) => {
      m.pairs.forEach((pair, q) => {
        const v = Number(values[pair[2]]);
        if (!(v > 0)) return;
        const s = scalePosition(v);
        if (Math.abs(SCALE[s] / v - 1) > SAME) return;
        answers[k][q] = s;
        const input = document.querySelector(
          'input[name="p' + k + "_" + q + '"][value="' + s + '"]');
        if (input) input.checked = true;
      });
    });
  }

  function download() {
    const blob = new Blob([judgmentsYaml(document.getElementById("judge").value)],
                          { type: "text/yaml;charset=utf-8" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "judgments.yaml";
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  function copyRow() {
    const box = document.getElementById("csv-row");
    box.select();
    const done = () => { document.getElementById("copied").textContent = "✓"; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(box.value).then(done, () => {
        if (document.execCommand("copy")) done();
      });
    } else if (document.execCommand("copy")) {
      done();
    }
  }

  build();
  prefill();
  document.getElementById("judge").addEventListener("input", update);
  document.getElementById("download").addEventListener("click", download);
  document.getElementById("copy").addEventListener("click", copyRow);
  update();
})();
"""
