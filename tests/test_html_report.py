"""The HTML report: self-contained, three charts, Chinese labels, seen in a real browser."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from evaluations import three_indicators

from ahp_eval.ahp.hierarchy import solve
from ahp_eval.model.evaluation import parse_evaluation
from ahp_eval.report.score_html import render_score_html
from ahp_eval.survey.responses import GroupData, ResponseSet
from ahp_eval.survey.scoring import score

EVALUATION = three_indicators(
    names=("就餐环境", "餐具卫生", "食品安全"),
    criteria=("有形性", "可靠性"),
    goal="食堂服务质量",
    b1=2,
    name="食堂服务质量评价",
)


def report(tmp_path: Path) -> Path:
    rng = np.random.default_rng(5)
    groups = tuple(
        GroupData(name, rng.integers(1, 6, size=(30, 3)).astype(float))
        for name in ("东区食堂", "西区食堂")
    )
    rs = ResponseSet("answers.csv", ("C11", "C12", "C21"), groups, 60)
    result = score(solve(parse_evaluation(EVALUATION)), rs, fuzzy=True)
    path = tmp_path / "report.html"
    path.write_text(render_score_html(result, 2), encoding="utf-8")
    return path


def test_html_is_self_contained_with_three_charts(tmp_path: Path) -> None:
    """No external resource; weights, sub-scores and IPA charts inline, with Chinese text."""
    html = report(tmp_path).read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?https?:""", html)
    assert "<script" not in html
    assert "<link" not in html
    svgs = re.findall(r"<svg.*?</svg>", html, flags=re.DOTALL)
    assert 'class="tree"' in svgs.pop(0)  # the hierarchy first
    assert len(svgs) == 2 + 2  # global weights, sub-scores, one IPA scatter per group
    assert "全局权重 Global weight" in svgs[0]
    assert "C21 食品安全" in svgs[0]  # an indicator label drawn as SVG text
    assert "B1 有形性" in svgs[1]
    assert "东区食堂" in svgs[1]
    assert "重点改进 Concentrate here" in svgs[2]
    assert "排名 Ranking" in html
    assert "模糊综合评价" in html


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (CI installs it)")
def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    """Chromium renders the page: the DOM holds the charts' Chinese labels; a screenshot is made."""
    path = report(tmp_path)
    assert CHROMIUM is not None
    flags = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    dom = subprocess.run(
        [*flags, "--dump-dom", path.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert dom.count("<svg") == 1 + 4  # the hierarchy, then the charts
    assert "C21 食品安全" in dom
    assert "综合得分 Composite" in dom
    png = tmp_path / "shot.png"
    subprocess.run(
        [*flags, f"--screenshot={png}", "--window-size=1100,2400", path.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert png.stat().st_size > 20_000  # a blank page compresses to a few kB


def test_charts_leave_matplotlib_settings_alone() -> None:
    """Drawing the report's charts changes none of matplotlib's global settings."""
    import matplotlib as mpl

    from ahp_eval.report.charts import ipa_scatter, sub_score_bars, weight_bars

    before = dict(mpl.rcParams)
    svg = weight_bars(["C1 $x^2$", "C2 食堂"], [0.4, 0.6])
    sub_score_bars(["B1"], ["east", "west"], [[80.0], [70.0]])
    ipa_scatter(["C1", "C2"], [0.4, 0.6], [70.0, 80.0], "IPA")
    assert dict(mpl.rcParams) == before
    assert "$x^2$" in svg  # the name as typed, not mathtext
