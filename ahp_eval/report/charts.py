"""Charts for the HTML report, as inline SVG drawn by matplotlib.

Text is kept as SVG text (``svg.fonttype = "none"``), so the browser draws the
labels with its own fonts and Chinese names render without a CJK font on the
machine that made the report.
"""

from __future__ import annotations

import io
import math
import re
import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["correlation_heatmap", "ipa_scatter", "sub_score_bars", "weight_bars"]

FONT_STACK = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
    "DejaVu Sans",
    "sans-serif",
]
PALETTE = ["#2f6f9f", "#e07b39", "#4a9c5d", "#a64d79", "#8c7b2a", "#5b5ea6"]


RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "ahp-eval",  # the same report twice gives the same ids
    # matplotlib measures text with a font it has; the browser draws it with FONT_STACK
    "font.family": "DejaVu Sans",
    "text.parse_math": False,  # a name with $...$ is shown as typed, never run as mathtext
}
"""matplotlib settings for the report's charts, applied in a local context only."""


def _chart(width: float, height: float, draw: Callable[[Axes], None]) -> str:
    """Draw one chart on a new figure and return it as SVG, leaving matplotlib's global
    settings as they were."""
    import matplotlib as mpl  # the HTML path only
    from matplotlib.figure import Figure  # no pyplot: no GUI backend, no global state

    with mpl.rc_context(RC), warnings.catch_warnings():  # type: ignore[arg-type]
        # CJK glyphs are missing from the measuring font; the browser has them
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
        draw(fig.add_subplot())
        return _svg(fig)


def _svg(fig: Figure) -> str:
    buf = io.StringIO()
    with warnings.catch_warnings():
        # CJK glyphs are missing from the measuring font; the browser has them
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig.savefig(buf, format="svg", metadata={"Date": None})  # reproducible output
    text = re.sub(r"^.*?(<svg)", r"\1", buf.getvalue(), count=1, flags=re.DOTALL)
    stack = ", ".join(f"'{f}'" if " " in f else f for f in FONT_STACK)
    return text.replace("'DejaVu Sans'", stack)


def weight_bars(labels: Sequence[str], weights: Sequence[float]) -> str:
    """Horizontal bars of the global weights, heaviest on top."""
    order = sorted(range(len(weights)), key=lambda i: weights[i])

    def draw(ax: Axes) -> None:
        ax.barh([labels[i] for i in order], [weights[i] for i in order], color=PALETTE[0])
        ax.set_xlabel("全局权重 Global weight")
        ax.grid(axis="x", alpha=0.3)
        ax.set_axisbelow(True)

    return _chart(7.5, max(2.5, 0.28 * len(weights) + 0.8), draw)


def sub_score_bars(
    criteria: Sequence[str], groups: Sequence[str], scores: Sequence[Sequence[float]]
) -> str:
    """Criterion sub-scores, one bar per group within each criterion."""
    width = 0.8 / max(len(groups), 1)

    def draw(ax: Axes) -> None:
        for k, (name, row) in enumerate(zip(groups, scores, strict=True)):
            xs = [i - 0.4 + width * (k + 0.5) for i in range(len(criteria))]
            ax.bar(xs, row, width=width, label=name, color=PALETTE[k % len(PALETTE)])
        ax.set_xticks(range(len(criteria)), list(criteria))
        ax.set_ylim(0, 100)
        ax.set_ylabel("得分 Score")
        ax.grid(axis="y", alpha=0.3)
        ax.set_axisbelow(True)
        if len(groups) > 1:
            ax.legend(loc="lower right", fontsize="small")

    return _chart(7.5, 3.6, draw)


def ipa_scatter(
    ids: Sequence[str], importance: Sequence[float], performance: Sequence[float], title: str
) -> str:
    """Importance-performance scatter with the mean lines splitting the quadrants."""

    def draw(ax: Axes) -> None:
        ax.scatter(importance, performance, color=PALETTE[0], zorder=3)
        ax.margins(0.08)
        _draw_ipa_frame(ax, importance, performance, title)
        from matplotlib.figure import Figure

        fig = ax.figure
        assert isinstance(fig, Figure)
        fig.draw_without_rendering()  # the final layout, so that data map to points
        scale = 72.0 / fig.dpi
        spots = [
            tuple(v * scale for v in ax.transData.transform((x, y)))
            for x, y in zip(importance, performance, strict=True)
        ]
        box = ax.get_window_extent()
        x0, y0, x1, y1 = (v * scale for v in (box.x0, box.y0, box.x1, box.y1))
        w = [label_width(c) + 4 for c in QUADRANT_CORNERS]
        corners = [  # the quadrants' names in the corners: keep labels off them
            (x1 - w[0], y1 - 14, x1, y1),
            (x1 - w[1], y0, x1, y0 + 14),
            (x0, y0, x0 + w[2], y0 + 14),
            (x0, y1 - 14, x0 + w[3], y1),
        ]
        widths = [label_width(label) for label in ids]
        offsets = place_labels(spots, widths, LABEL_HEIGHT, obstacles=corners)
        for i, label in enumerate(ids):
            dx, dy = offsets[i]
            ax.annotate(
                label,
                (importance[i], performance[i]),
                xytext=(dx, dy),
                textcoords="offset points",
                fontsize=8,
                ha="left" if dx >= 0 else "right",
                va="bottom" if dy >= 0 else "top",
                arrowprops={"arrowstyle": "-", "color": "#999", "lw": 0.5}
                if abs(dx) > 6 or abs(dy) > 6
                else None,
            )

    return _chart(6.5, 4.6, draw)


QUADRANT_CORNERS = (
    "继续保持 Keep up",
    "重点改进 Concentrate here",
    "次要改进 Low priority",
    "适度投入 Possible overkill",
)


def _draw_ipa_frame(
    ax: Axes, importance: Sequence[float], performance: Sequence[float], title: str
) -> None:
    """The mean lines, the quadrants' names, the axes' labels and the title."""
    mean_x = sum(importance) / len(importance)
    mean_y = sum(performance) / len(performance)
    ax.axvline(mean_x, color="#888", linestyle="--", linewidth=1)
    ax.axhline(mean_y, color="#888", linestyle="--", linewidth=1)
    corners = (
        (0.98, 0.98, "继续保持 Keep up", "right", "top"),
        (0.98, 0.02, "重点改进 Concentrate here", "right", "bottom"),
        (0.02, 0.02, "次要改进 Low priority", "left", "bottom"),
        (0.02, 0.98, "适度投入 Possible overkill", "left", "top"),
    )
    for x, y, text, ha, va in corners:
        ax.text(x, y, text, transform=ax.transAxes, ha=ha, va=va, fontsize=8, color="#555")
    ax.set_xlabel("重要性 Importance (global weight)")
    ax.set_ylabel("表现 Performance (score)")
    ax.set_title(title, fontsize=10)


def correlation_heatmap(labels: Sequence[str], corr: Sequence[Sequence[float]]) -> str:
    """The item correlation matrix as a heat map (-1 blue, 0 white, +1 red), each cell
    labelled with its value."""

    def draw(ax: Axes) -> None:
        image = ax.imshow(corr, cmap="RdBu_r", vmin=-1, vmax=1)
        n = len(labels)
        ax.set_xticks(range(n), list(labels), rotation=90, fontsize=8)
        ax.set_yticks(range(n), list(labels), fontsize=8)
        if n <= 20:
            for i in range(n):
                for j in range(n):
                    value = corr[i][j]
                    text = "" if math.isnan(value) else f"{value:.2f}"  # NaN: no variance
                    colour = "white" if abs(value) > 0.6 else "#222"
                    ax.text(j, i, text, ha="center", va="center", fontsize=6, color=colour)
        ax.figure.colorbar(image, ax=ax, shrink=0.8, label="r")

    size = max(3.5, 0.35 * len(labels) + 1.5)
    return _chart(size + 1.0, size, draw)


# --- one page, many charts: ids unique across the page ----------------------------------------

_SVG_BLOCK = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
_ID = re.compile(r'\bid="([^"]+)"')


def unique_svg_ids(page: str) -> str:
    """``page`` with the ids of its k-th inline SVG (matplotlib names them ``figure_1``,
    ``axes_1``, ...) prefixed ``c{k}-``, and every reference to them (``href="#..."``,
    ``url(#...)``) with them, so that no id is repeated across the page's charts (valid
    HTML) and a reference never points into another chart."""
    count = 0

    def rename(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        block = match.group(0)
        ids = set(_ID.findall(block))
        if not ids:
            return block
        prefix = f"c{count}-"

        def ref(m: re.Match[str]) -> str:
            name = m.group(2)
            return f"{m.group(1)}{prefix}{name}" if name in ids else m.group(0)

        block = _ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', block)
        return re.sub(r'(href="#|url\(#)([^")]+)', ref, block)

    return _SVG_BLOCK.sub(rename, page)


# --- labels of a scatter that do not overlap ------------------------------------------------

LABEL_HEIGHT = 9.0
"""The height of an 8-point label, in points."""
CANDIDATES = tuple(
    (dx * r, dy * r)
    for r in (1, 2, 3, 4, 5)
    for dx, dy in ((4, 3), (4, -3), (-4, 3), (-4, -3), (0, 6), (0, -6))
)
"""Offsets tried for a label, nearest first (points; the sign sets the label's side)."""


def label_width(text: str) -> float:
    """The width of an 8-point label, in points (wide characters count twice)."""
    return sum(9.0 if ord(ch) > 0x2E7F else 5.0 for ch in text)


def _box(
    spot: tuple[float, ...], offset: tuple[float, float], width: float, height: float
) -> tuple[float, float, float, float]:
    """A label's box (left, bottom, right, top) from its point, offset and size."""
    x, y = spot[0] + offset[0], spot[1] + offset[1]
    left = x if offset[0] >= 0 else x - width
    bottom = y if offset[1] >= 0 else y - height
    return left, bottom, left + width, bottom + height


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def place_labels(
    spots: Sequence[tuple[float, ...]],
    widths: Sequence[float],
    height: float,
    obstacles: Sequence[tuple[float, float, float, float]] = (),
) -> list[tuple[float, float]]:
    """An offset for each point's label (points), greedily: the nearest candidate whose
    box overlaps no label placed before it, no point and no obstacle (the least overlap
    otherwise)."""
    placed: list[tuple[float, float, float, float]] = list(obstacles)
    dots = [(x - 3.0, y - 3.0, x + 3.0, y + 3.0) for x, y, *_ in spots]
    out: list[tuple[float, float]] = []
    for spot, width in zip(spots, widths, strict=True):
        best, best_cost = CANDIDATES[0], math.inf
        for offset in CANDIDATES:
            box = _box(spot, offset, width, height)
            cost = sum(_overlap(box, other) for other in placed)
            cost += sum(_overlap(box, dot) for dot in dots)
            if cost < best_cost:
                best, best_cost = offset, cost
            if cost == 0.0:
                break
        out.append(best)
        placed.append(_box(spot, best, width, height))
    return out
