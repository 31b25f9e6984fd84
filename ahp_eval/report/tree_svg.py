"""The hierarchy as a tree, hand-written SVG: the goal on the left, each criterion and
indicator in a box with its local and global weight, elbow lines from parent to child.
Every name is escaped; the ids are the page's business (there are none)."""

from __future__ import annotations

from html import escape

from ahp_eval.ahp.hierarchy import HierarchyResult
from ahp_eval.model.evaluation import Node

__all__ = ["hierarchy_tree"]

ROW = 44
"""Pixels per leaf row."""
BOX_HEIGHT = 36
GAP = 36
"""Pixels between the columns of two levels."""
MARGIN = 8
FONT = 12


def _width(text: str) -> int:
    """The width of ``text`` at 12 px, roughly (wide characters count double)."""
    return int(sum(FONT if ord(ch) > 0x2E7F else FONT * 0.6 for ch in text)) + 16


def hierarchy_tree(result: HierarchyResult, lang: str = "zh", precision: int = 4) -> str:
    """The tree of ``result``'s hierarchy as an inline SVG element."""
    ev = result.evaluation
    local = {m.node.id: m.weights for m in result.matrices}
    parent = {c.id: n for n in ev.goal.walk() for c in n.children}
    depth: dict[str, int] = {}

    def deep(node: Node, d: int) -> None:
        depth[node.id] = d
        for c in node.children:
            deep(c, d + 1)

    deep(ev.goal, 0)

    def lines(node: Node) -> tuple[str, str]:
        title = f"{node.id} {node.label(lang)}"
        if node is ev.goal:
            return title, f"total CR {result.total.cr:.4f}"
        lw = local[parent[node.id].id][node.id]
        gw = result.node_weights[node.id]
        return title, f"local {lw:.{precision}f} · global {gw:.{precision}f}"

    nodes = list(ev.goal.walk())
    levels = max(depth.values()) + 1
    widths = [0] * levels
    for node in nodes:
        title, sub = lines(node)
        widths[depth[node.id]] = max(widths[depth[node.id]], _width(title), _width(sub))
    x_of = [MARGIN]
    for w in widths[:-1]:
        x_of.append(x_of[-1] + w + GAP)
    y: dict[str, float] = {}
    row = 0

    def place(node: Node) -> float:
        nonlocal row
        if node.is_leaf:
            y[node.id] = MARGIN + row * ROW + BOX_HEIGHT / 2
            row += 1
        else:
            ys = [place(c) for c in node.children]
            y[node.id] = (ys[0] + ys[-1]) / 2
        return y[node.id]

    place(ev.goal)
    width = x_of[-1] + widths[-1] + MARGIN
    height = MARGIN * 2 + row * ROW - (ROW - BOX_HEIGHT)
    out = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="tree" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="{escape(ev.goal.label(lang))}">'
        ),
        '<g fill="none" stroke="#9aa7b4" stroke-width="1">',
    ]
    for node in nodes:
        if node.is_leaf:
            continue
        d = depth[node.id]
        x1 = x_of[d] + widths[d]
        xm = x1 + GAP / 2
        for c in node.children:
            x2 = x_of[d + 1]
            out.append(f'<path d="M{x1:.1f},{y[node.id]:.1f} H{xm:.1f} V{y[c.id]:.1f} H{x2:.1f}"/>')
    out.append("</g>")
    for node in nodes:
        d = depth[node.id]
        top = y[node.id] - BOX_HEIGHT / 2
        weight = 1.0 if node is ev.goal else result.node_weights[node.id]
        shade = 0.12 + 0.6 * min(max(weight, 0.0), 1.0) ** 0.5
        title, sub = lines(node)
        x = x_of[d]
        out.append(
            f'<g><rect x="{x}" y="{top:.1f}" width="{widths[d]}" height="{BOX_HEIGHT}" rx="5" '
            f'fill="#2f6f9f" fill-opacity="{shade:.2f}" stroke="#2f6f9f"/>'
            f'<text x="{x + 8}" y="{top + 15:.1f}" font-size="{FONT}" fill="#111">'
            f"{escape(title)}</text>"
            f'<text x="{x + 8}" y="{top + 30:.1f}" font-size="{FONT - 2}" fill="#333">'
            f"{escape(sub)}</text></g>"
        )
    out.append("</svg>")
    return "".join(out)
