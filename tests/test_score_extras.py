"""score's warnings and seeds, site comparisons, objective weights and --reliability."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from evaluations import THREE_YAML
from typer.testing import CliRunner

from ahp_eval.cli import app
from ahp_eval.errors import AhpEvalError

runner = CliRunner()

NEGATIVE = "C11,C12,C21\n1,4,3\n2,5,3\n3,2,4\n4,3,4\n5,1,5\n"
"""C11 and C12 move against each other: B1's alpha is 2 (1 - 5/1) = -8."""


def files(tmp_path: Path, answers: str) -> tuple[str, str]:
    evaluation = tmp_path / "three.yaml"
    evaluation.write_text(THREE_YAML, encoding="utf-8")
    responses = tmp_path / "r.csv"
    responses.write_text(answers, encoding="utf-8")
    return str(evaluation), str(responses)


def test_negative_alpha_is_warned(tmp_path: Path) -> None:
    """A negative alpha gets a warning on standard error (the report is unchanged, exit 0)."""
    result = runner.invoke(app, ["score", *files(tmp_path, NEGATIVE), "-f", "json"])
    assert result.exit_code == 0, result.output
    alpha = json.loads(result.stdout)["groups"][0]["alpha"]
    assert alpha["B1"]["alpha"] == pytest.approx(-8.0)
    tail = (
        ": its indicators do not measure one thing, or some are reverse-coded without "
        "`reverse: true`"
    )
    assert result.stderr == (
        f"ahp-eval: warning: overall: Cronbach's alpha is negative "
        f"({alpha['overall']['alpha']:.3f}){tail}\n"
        f"ahp-eval: warning: criterion B1: Cronbach's alpha is negative (-8.000){tail}\n"
    )


def test_positive_alpha_is_not_warned(tmp_path: Path) -> None:
    """Items that move together: no warning."""
    agree = "C11,C12,C21\n1,1,2\n2,3,3\n3,3,4\n4,5,4\n5,4,5\n"
    result = runner.invoke(app, ["score", *files(tmp_path, agree), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_bootstrap_without_seed_prints_the_seed_it_picked(tmp_path: Path) -> None:
    """--bootstrap without --seed picks a seed, prints it and records it in the JSON; giving
    that seed repeats the run exactly."""
    args = ["score", *files(tmp_path, NEGATIVE.replace("1,4,3", "1,1,3")), "-f", "json"]
    first = runner.invoke(app, [*args, "--bootstrap", "200"])
    assert first.exit_code == 0, first.output
    found = re.search(
        r"^ahp-eval: bootstrap seed (\d+) \(give --seed \1 to repeat this run\)$",
        first.stderr,
        re.MULTILINE,
    )
    assert found is not None, first.stderr
    seed = int(found.group(1))
    doc = json.loads(first.stdout)
    assert doc["bootstrap"] == {"resamples": 200, "seed": seed}
    again = runner.invoke(app, [*args, "--bootstrap", "200", "--seed", str(seed)])
    assert "bootstrap seed" not in again.stderr
    assert json.loads(again.stdout)["groups"] == doc["groups"]


def test_library_bootstrap_without_seed_records_one() -> None:
    """score(bootstrap=N) without a seed picks one and keeps it in result.seed."""
    import numpy as np
    from evaluations import three_indicators

    from ahp_eval.ahp.hierarchy import solve
    from ahp_eval.model.evaluation import parse_evaluation
    from ahp_eval.survey.responses import GroupData, ResponseSet
    from ahp_eval.survey.scoring import score

    answers = np.array([[5, 3, 5], [4, 3, 5], [4, 2, 4], [3, 2, 4]], dtype=float)
    data = ResponseSet("x", ("C11", "C12", "C21"), (GroupData("site", answers),), 4)
    weights = solve(parse_evaluation(three_indicators()))
    result = score(weights, data, bootstrap=100)
    assert isinstance(result.seed, int)
    assert 0 <= result.seed < 2**31
    again = score(weights, data, bootstrap=100, seed=result.seed)
    assert again.groups[0].interval == result.groups[0].interval


# --- --compare ---------------------------------------------------------------------------------

CLEAR_UNCLEAR = {
    "甲": [(5, 5, 5), (5, 4, 5), (4, 5, 5), (5, 5, 4), (4, 4, 5), (5, 5, 5)],
    "乙": [(3, 2, 3), (2, 3, 2), (3, 3, 3), (2, 2, 3), (3, 2, 2), (2, 3, 3)],
    "丙": [(3, 2, 2), (2, 3, 2), (2, 2, 3), (3, 2, 3), (2, 3, 2), (2, 2, 2)],
}
"""甲 is far above 乙 (a clear difference); 乙 and 丙 differ by a little (unclear)."""


def grouped_csv(groups: dict[str, list[tuple[int, int, int]]]) -> str:
    rows = ["site,C11,C12,C21"]
    rows += [f"{name},{a},{b},{c}" for name, answers in groups.items() for a, b, c in answers]
    return "\n".join(rows) + "\n"


def by_hand(answers: list[tuple[int, int, int]]) -> tuple[float, float]:
    """Composite (0-100, range formula on 1-5) and its variance, from complete answers:
    w' S w / n, S the sample covariance (n - 1), times (100/4)^2."""
    import numpy as np

    x = np.array(answers, dtype=float)
    w = np.array([0.375, 0.375, 0.25])
    composite = float((x.mean(axis=0) - 1) / 4 * 100 @ w)
    variance = float(w @ np.cov(x, rowvar=False) @ w) / len(x) * 25.0**2
    return composite, variance


def test_compare_adjacent_one_clear_one_unclear(tmp_path: Path) -> None:
    """--compare adjacent: d, its unadjusted interval d -+ 1.96 se, p = 2 Phi(-|d|/se)
    and Holm's p by hand; the clear pair is distinct, the unclear one not."""
    import math

    evaluation, responses = files(tmp_path, grouped_csv(CLEAR_UNCLEAR))
    args = ["score", evaluation, responses, "--group", "site", "--compare", "adjacent"]
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["ranking"] == ["甲", "乙", "丙"]
    hand = {name: by_hand(answers) for name, answers in CLEAR_UNCLEAR.items()}
    expected = []
    for a, b in (("甲", "乙"), ("乙", "丙")):
        d = hand[a][0] - hand[b][0]
        se = math.sqrt(hand[a][1] + hand[b][1])
        p = math.erfc(abs(d) / se / math.sqrt(2))
        expected.append((a, b, d, d - 1.959963984540054 * se, d + 1.959963984540054 * se, p))
    p_clear, p_unclear = expected[0][5], expected[1][5]
    holm = sorted([min(1.0, 2 * min(p_clear, p_unclear)), max(p_clear, p_unclear)])
    got = doc["comparisons"]
    assert [(c["a"], c["b"]) for c in got] == [("甲", "乙"), ("乙", "丙")]
    for c, (_, _, d, low, high, p) in zip(got, expected, strict=True):
        assert (c["difference"], c["low"], c["high"], c["p"]) == pytest.approx(
            (d, low, high, p), rel=1e-9
        )
    assert [got[0]["p_adjusted"], got[1]["p_adjusted"]] == pytest.approx(
        [holm[0], holm[1]], rel=1e-9
    )
    assert p_clear < 1e-6
    assert p_unclear > 0.05
    assert [c["distinct"] for c in got] == [True, False]
    markdown = runner.invoke(app, [*args, "-f", "markdown"]).stdout
    assert "| 甲 " in markdown
    ranking = markdown.split("## 排名 Ranking")[1].split("##")[0]
    first, second = [line for line in ranking.splitlines() if line.startswith("|  ")][:2]
    assert "≠ distinct (p &lt;0.001)" in first  # "<" escaped for Markdown
    assert f"≈ not distinct (p {holm[1]:.3f})" in second


def test_compare_all_and_bootstrap(tmp_path: Path) -> None:
    """--compare all: every pair, Holm over three; with --bootstrap the p of the paired
    resampled differences (the clear pair: no resample crosses zero, p = 0)."""
    evaluation, responses = files(tmp_path, grouped_csv(CLEAR_UNCLEAR))
    args = ["score", evaluation, responses, "--group", "site", "--compare", "all", "-f", "json"]
    doc = json.loads(runner.invoke(app, args).stdout)
    pairs = {(c["a"], c["b"]): c for c in doc["comparisons"]}
    assert list(pairs) == [("甲", "乙"), ("甲", "丙"), ("乙", "丙")]
    ps = sorted(c["p"] for c in pairs.values())
    holm = [min(1.0, 3 * ps[0]), max(min(1.0, 3 * ps[0]), min(1.0, 2 * ps[1]))]
    holm.append(max(holm[1], ps[2]))
    assert sorted(c["p_adjusted"] for c in pairs.values()) == pytest.approx(holm, rel=1e-9)
    boot = runner.invoke(app, [*args, "--bootstrap", "2000", "--seed", "3"])
    assert boot.exit_code == 0, boot.output
    pairs = {(c["a"], c["b"]): c for c in json.loads(boot.stdout)["comparisons"]}
    assert pairs["甲", "乙"]["p"] == 0.0
    assert pairs["甲", "乙"]["distinct"]
    assert pairs["乙", "丙"]["p"] > 0.05
    assert not pairs["乙", "丙"]["distinct"]


def test_compare_refusals_and_absence(tmp_path: Path) -> None:
    """--compare all above 50 groups is refused; a bad value is an option error; without
    --compare the JSON has no comparisons key; one-respondent groups are compared with none."""
    many = {f"S{k}": [(3, 3, 3), (4, 4, 4)] for k in range(51)}
    evaluation, responses = files(tmp_path, grouped_csv(many))
    args = ["score", evaluation, responses, "--group", "site"]
    refused = runner.invoke(app, [*args, "--compare", "all"])
    assert refused.exit_code == 2
    assert refused.stderr == (
        "ahp-eval: --compare: all compares every pair of at most 50 groups, and there are 51; "
        "use --compare adjacent\n"
    )
    bad = runner.invoke(app, [*args, "--compare", "some"])
    assert bad.exit_code == 2
    assert bad.stderr == "ahp-eval: --compare: unknown value 'some'; choose adjacent, all\n"
    assert "comparisons" not in json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    single = {"甲": [(5, 5, 5)], "乙": [(3, 2, 3), (2, 3, 2)], "丙": [(2, 2, 2), (3, 3, 2)]}
    _, responses = files(tmp_path, grouped_csv(single))
    adjacent = [*args[:2], responses, "--group", "site", "--compare", "adjacent", "-f", "json"]
    doc = json.loads(runner.invoke(app, adjacent).stdout)
    assert [(c["a"], c["b"]) for c in doc["comparisons"]] == [("乙", "丙")]


def test_holm_by_hand() -> None:
    """Holm: sorted p times m, m - 1, ...; running maximum; capped at 1; given order kept."""
    from ahp_eval.survey.compare import holm

    assert holm([0.04, 0.01, 0.03]) == pytest.approx([0.06, 0.03, 0.06])
    assert holm([0.5, 0.6]) == pytest.approx([1.0, 1.0])
    assert holm([]) == []


# --- --weights entropy|combined|linear:A ---------------------------------------------------

ENTROPY_GROUPS = {
    "甲": [(5, 4, 3), (4, 4, 3), (5, 3, 3), (2, 4, 4)],
    "乙": [(1, 3, 3), (2, 4, 3), (3, 3, 2)],
}


def entropy_by_hand(rows: Sequence[tuple[int, ...]]) -> list[float]:
    """ew_j from the definition: p_ij = x_ij / sum_i x_ij, e_j = -sum p ln p / ln m."""
    columns = list(zip(*rows, strict=True))
    d = []
    for col in columns:
        total = sum(col)
        e = -sum(x / total * math.log(x / total) for x in col if x > 0) / math.log(len(col))
        d.append(1 - e)
    return [x / sum(d) for x in d]


def test_entropy_combined_and_linear_weights_by_hand(tmp_path: Path) -> None:
    """Entropy weights pooled over the groups, the multiplicative and the linear rule; the
    composite, criteria and ranking use them; the AHP weights are kept beside."""
    evaluation, responses = files(tmp_path, grouped_csv(ENTROPY_GROUPS))
    rows = [r for answers in ENTROPY_GROUPS.values() for r in answers]
    ew = entropy_by_hand(rows)
    a = [0.375, 0.375, 0.25]
    product = [x * y for x, y in zip(a, ew, strict=True)]
    rules: dict[str, Sequence[float]] = {
        "entropy": ew,
        "combined": [x / sum(product) for x in product],
        "linear:0.3": [0.3 * x + 0.7 * y for x, y in zip(a, ew, strict=True)],
    }
    for option, used in rules.items():
        args = ["score", evaluation, responses, "--group", "site", "--weights", option]
        result = runner.invoke(app, [*args, "-f", "json"])
        assert result.exit_code == 0, result.output
        doc = json.loads(result.stdout)
        assert doc["weights_by"] == option
        assert list(doc["entropy_weights"].values()) == pytest.approx(ew, rel=1e-12)
        assert list(doc["score_weights"].values()) == pytest.approx(used, rel=1e-12)
        assert list(doc["global_weights"].values()) == pytest.approx(a)  # the AHP's, kept
        for group in doc["groups"]:
            answers = ENTROPY_GROUPS[group["group"]]
            means = [sum(c) / len(c) for c in zip(*answers, strict=True)]
            scores = [(m - 1) / 4 * 100 for m in means]
            assert group["composite"] == pytest.approx(
                sum(w * s for w, s in zip(used, scores, strict=True)), rel=1e-12
            )
            b1 = (used[0] * scores[0] + used[1] * scores[1]) / (used[0] + used[1])
            assert group["criteria"]["B1"] == pytest.approx(b1, rel=1e-12)
            assert group["indicators"]["C21"]["global_weight"] == pytest.approx(used[2])
        markdown = runner.invoke(app, [*args, "-f", "markdown"]).stdout
        assert "## 指标权重 Indicator weights" in markdown
        b1_row = next(line for line in markdown.splitlines() if line.startswith("| B1 "))
        assert f" {used[0] + used[1]:.4f} |" in b1_row  # a criterion weighs its leaves' sum
    plain = json.loads(runner.invoke(app, ["score", evaluation, responses, "-f", "json"]).stdout)
    assert "weights_by" not in plain  # without --weights the JSON is as before


def test_entropy_weights_stream_like_the_answers(tmp_path: Path) -> None:
    """The streamed sums (sum x, sum x ln x) give the weights the answers in memory give."""
    from ahp_eval.ahp.hierarchy import solve
    from ahp_eval.io.files import load_evaluation
    from ahp_eval.io.survey_file import read_responses
    from ahp_eval.survey.scoring import score

    evaluation, responses = files(tmp_path, grouped_csv(ENTROPY_GROUPS) * 1)
    ev = load_evaluation(evaluation)
    weights = solve(ev)
    streamed = read_responses(responses, ev, group="site", entropy=True)
    kept = read_responses(responses, ev, group="site", keep_answers=True)
    assert any(g.stats is not None for g in streamed.groups)  # read as statistics
    a = score(weights, streamed, weights_by="entropy").entropy_weights
    b = score(weights, kept, weights_by="entropy").entropy_weights
    assert a is not None
    assert b is not None
    assert list(a.values()) == pytest.approx(list(b.values()), rel=1e-12)
    plain = read_responses(responses, ev, group="site")
    with pytest.raises(AhpEvalError, match="read them with read_responses"):
        score(weights, plain, weights_by="entropy")


def test_entropy_weight_refusals(tmp_path: Path) -> None:
    """A bad --weights value is an option error; one answer to an indicator is too few."""
    evaluation, responses = files(tmp_path, "C11,C12,C21\n4,3,\n5,2,4\n")
    bad = runner.invoke(app, ["score", evaluation, responses, "--weights", "linear:x"])
    assert bad.exit_code == 2
    assert bad.stderr == (
        "ahp-eval: --weights: 'linear:x': the AHP share after linear: is a number from 0 to 1, "
        "e.g. linear:0.5\n"
    )
    few = runner.invoke(app, ["score", evaluation, responses, "--weights", "entropy"])
    assert few.exit_code == 2
    assert few.stderr == ("ahp-eval: entropy weights: C21 has 1 answer(s); it needs at least 2\n")


# --- --reliability --------------------------------------------------------------------------

ACADEMIC = Path(__file__).resolve().parent.parent / "examples" / "academic-platform"


def test_score_reliability_is_the_reliability_report() -> None:
    """score --reliability adds the reliability command's report (pooled and per group) under
    `reliability`; the streamed JSON is json.dumps(to_dict()); the reports gain its section."""
    from ahp_eval.ahp.hierarchy import solve
    from ahp_eval.io.files import load_evaluation
    from ahp_eval.io.survey_file import read_responses
    from ahp_eval.report.score_json import score_json_pieces
    from ahp_eval.survey.scoring import score

    evaluation, responses = str(ACADEMIC / "evaluation.yaml"), str(ACADEMIC / "responses.csv")
    args = ["score", evaluation, responses, "--group", "平台", "--reliability"]
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    alone = runner.invoke(
        app, ["reliability", evaluation, responses, "--group", "平台", "-f", "json"]
    )
    expected = json.loads(alone.stdout)
    for key in ("format", "format_version", "file", "responses", "group_column", "dropped_cells"):
        expected.pop(key)
    assert doc["reliability"] == expected
    assert [g["group"] for g in doc["reliability"]["groups"]] == [g["group"] for g in doc["groups"]]
    without = json.loads(runner.invoke(app, [*args[:-1], "-f", "json"]).stdout)
    assert "reliability" not in without
    assert {k: v for k, v in doc.items() if k != "reliability"} == without

    ev = load_evaluation(evaluation)
    scored = score(solve(ev), read_responses(responses, ev, group="平台"), reliability=True)
    text = "".join(score_json_pieces(scored))
    assert text == json.dumps(scored.to_dict(), ensure_ascii=False, indent=2) + "\n"
    markdown = runner.invoke(app, [*args, "-f", "markdown"]).stdout
    assert "## 信度与效度 Reliability and validity" in markdown
    assert "### pooled 全部" in markdown
    html = runner.invoke(app, [*args, "-f", "html"]).stdout
    assert "<h2>信度与效度 Reliability and validity</h2>" in html


# --- report fixes -------------------------------------------------------------------------------

POWER = Path(__file__).resolve().parent.parent / "examples" / "power-supply-center"


def test_weakest_points_never_say_keep_up() -> None:
    """The weakest points leave out indicators to keep up, even with a large shortfall (C11:
    95 points at weight 0.21); the JSON priorities still list every indicator."""
    args = ["score", str(POWER / "evaluation.yaml"), "--marks", str(POWER / "marks.yaml")]
    for fmt in ("markdown", "html"):
        text = runner.invoke(app, [*args, "-f", fmt]).stdout
        weakest = text.split("Weakest points")[1].split("Indicators")[0]
        assert "Keep up" not in weakest, fmt
        assert "C42" in weakest
    table = runner.invoke(app, args).stdout  # the terminal shows the weakest points only
    assert "C42" in table
    assert "Keep up" not in table
    doc = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    group = doc["groups"][0]
    assert group["indicators"]["C11"]["quadrant"] == "keep_up"
    assert "C11" in group["priorities"][:6]


def test_fuzzy_levels_are_named_by_the_answer_labels(tmp_path: Path) -> None:
    """With survey.labels, the fuzzy evaluation's levels read '4 满意', not '4'."""
    evaluation = tmp_path / "lab.yaml"
    evaluation.write_text(
        THREE_YAML
        + "survey:\n  labels: {非常满意: 5, 满意: 4, 一般: 3, 不满意: 2, 非常不满意: 1}\n",
        encoding="utf-8",
    )
    answers = tmp_path / "lab.csv"
    answers.write_text(
        "C11,C12,C21\n非常满意,满意,一般\n满意,满意,非常满意\n一般,不满意,满意\n", "utf-8"
    )
    for extra in ([], ["--bootstrap", "100", "--seed", "1"]):
        args = ["score", str(evaluation), str(answers), "--fuzzy", "-f", "json", *extra]
        fuzzy = json.loads(runner.invoke(app, args).stdout)["groups"][0]["fuzzy"]
        assert fuzzy["labels"] == ["1 非常不满意", "2 不满意", "3 一般", "4 满意", "5 非常满意"]
        assert fuzzy["max_membership"] == "4 满意"


def test_fuzzy_levels_are_named_by_the_built_in_labels_the_answers_used(tmp_path: Path) -> None:
    """Without survey.labels, answer texts read by the built-in wordings name the levels
    as the file wrote them (agreement wordings stay agreement wordings, '5 同意' style
    cells count by their label); a value given only as a number keeps its number."""
    evaluation = tmp_path / "lab.yaml"
    evaluation.write_text(THREE_YAML, encoding="utf-8")
    answers = tmp_path / "lab.csv"
    answers.write_text(
        "C11,C12,C21\nStrongly agree,4 同意,不同意\n同意,同意,Strongly agree\n3,不同意,同意\n",
        "utf-8",
    )
    args = ["score", str(evaluation), str(answers), "--fuzzy", "-f", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["answer_labels"] == "built-in 1-5"
    fuzzy = doc["groups"][0]["fuzzy"]
    assert fuzzy["labels"] == ["1", "2 不同意", "3", "4 同意", "5 Strongly agree"]


def test_html_reports_repeat_no_svg_id() -> None:
    """Every chart's ids are its own (c1-figure_1, c2-figure_1, ...): no id twice in the
    page, and every reference points to an id of the page."""
    from collections import Counter

    evaluation, responses = str(ACADEMIC / "evaluation.yaml"), str(ACADEMIC / "responses.csv")
    grouped = ["--group", "平台", "-f", "html"]
    pages = [
        runner.invoke(app, ["score", evaluation, responses, *grouped, "--reliability"]).stdout,
        runner.invoke(app, ["reliability", evaluation, responses, *grouped]).stdout,
    ]
    for page in pages:
        ids = re.findall(r'\bid="([^"]+)"', page)
        assert ids
        assert [i for i, n in Counter(ids).items() if n > 1] == []
        refs = set(re.findall(r'(?:href="#|url\(#)([^")]+)', page))
        assert refs
        assert refs <= set(ids)
        assert page.count("<svg") > 3


def test_scatter_labels_do_not_overlap() -> None:
    """Labels of points close together get boxes that overlap neither each other nor a point."""
    from ahp_eval.report.charts import LABEL_HEIGHT, _box, _overlap, label_width, place_labels

    spots = [(100.0 + 2 * k, 100.0 + (k % 2)) for k in range(6)] + [(300.0, 50.0)]
    labels = ["C11", "C12", "C13", "C14", "C15", "C16 服务", "C21"]
    widths = [label_width(x) for x in labels]
    offsets = place_labels(spots, widths, LABEL_HEIGHT)
    boxes = [_box(s, o, w, LABEL_HEIGHT) for s, o, w in zip(spots, offsets, widths, strict=True)]
    dots = [(x - 3, y - 3, x + 3, y + 3) for x, y in spots]
    for i, a in enumerate(boxes):
        assert all(_overlap(a, b) == 0 for b in boxes[i + 1 :])
        assert all(_overlap(a, d) == 0 for d in dots)
    assert offsets[-1] == (4, 3)  # a point alone keeps the nearest place


def test_hierarchy_tree_in_weigh_and_score_html(tmp_path: Path) -> None:
    """weigh -o weights.html and the score report draw the hierarchy as a tree: one box per
    node with its local and global weight, names escaped."""
    import shutil

    from ahp_eval.ahp.hierarchy import solve
    from ahp_eval.io.files import load_evaluation

    evaluation = tmp_path / "ev.yaml"
    evaluation.write_text(THREE_YAML.replace("name: 一}", "name: '<b>一&</b>'}"), "utf-8")
    out = tmp_path / "weights.html"
    result = runner.invoke(app, ["weigh", str(evaluation), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    tree = page.split('<svg xmlns="http://www.w3.org/2000/svg" class="tree"')[1].split("</svg>")[0]
    assert "<b>" not in tree
    assert "C11 &lt;b&gt;一&amp;&lt;/b&gt;" in tree
    weights = solve(load_evaluation(evaluation))
    for node, local in (("B1", 0.75), ("C11", 0.5), ("C21", 1.0)):
        glob = weights.node_weights[node]
        assert f"local {local:.4f} · global {glob:.4f}" in tree
    assert tree.count("<rect") == 6  # A, B1, B2, C11, C12, C21
    assert tree.count("<path") == 5  # one line per child
    shutil.copy(tmp_path / "ev.yaml", tmp_path / "copy.yaml")
    responses = tmp_path / "r.csv"
    responses.write_text("C11,C12,C21\n4,3,5\n5,4,4\n", encoding="utf-8")
    report = runner.invoke(app, ["score", str(evaluation), str(responses), "-f", "html"]).stdout
    assert "<h2>层次结构 Hierarchy</h2>" in report
    assert report.count('class="tree"') == 1
