"""Draw a driver diagram as SVG on the server: columns aim → primary → secondary → change
ideas, each box beside the middle of what hangs from it. Plain shapes and text, black on white
with coloured edges, so it prints well and converts to PNG.
"""

from __future__ import annotations

import textwrap
from xml.sax.saxutils import escape

from quadrant.planning.choices import DriverKind
from quadrant.planning.diagrams import DiagramNode

COLUMNS = [DriverKind.AIM, DriverKind.PRIMARY, DriverKind.SECONDARY, DriverKind.CHANGE_IDEA]
COLOURS = {
    DriverKind.AIM: "#005eb8",
    DriverKind.PRIMARY: "#007f3b",
    DriverKind.SECONDARY: "#7c2855",
    DriverKind.CHANGE_IDEA: "#ed8b00",
}
BOX_W, BOX_H, GAP_X, GAP_Y, TOP, MARGIN = 230, 76, 56, 14, 48, 16
CHARS, LINES, LINE_H = 26, 4, 17
# Text sizes, set so that the diagram fitted to a 960-pixel page (6/7 of its width) reads at
# 12 px or more: boxes, the "linked" counts, and the column headings.
TEXT, SMALL, HEADING = 15, 14, 17


def _wrap(text: str) -> list[str]:
    lines = textwrap.wrap(text, CHARS) or [""]
    if len(lines) > LINES:
        lines = lines[:LINES]
        lines[-1] = lines[-1][: CHARS - 1].rstrip() + "…"
    return lines


def _layout(root: DiagramNode) -> dict[int, tuple[float, float, DiagramNode]]:
    """Each node's (x, y): leaves take the next row; a parent sits at its children's middle."""
    places: dict[int, tuple[float, float, DiagramNode]] = {}
    next_row = [0]

    def place(item: DiagramNode, depth: int) -> float:
        x = MARGIN + depth * (BOX_W + GAP_X)
        if item.children:
            ys = [place(child, depth + 1) for child in item.children]
            y = (ys[0] + ys[-1]) / 2
        else:
            y = TOP + next_row[0] * (BOX_H + GAP_Y)
            next_row[0] += 1
        places[item.node.pk] = (x, y, item)
        return y

    place(root, 0)
    return places


def render_svg(title: str, root: DiagramNode | None) -> str:
    """The diagram as a standalone SVG document (UTF-8 text)."""
    if root is None:
        places: dict[int, tuple[float, float, DiagramNode]] = {}
    else:
        places = _layout(root)
    rows = max((y for _, y, _ in places.values()), default=TOP) + BOX_H + MARGIN
    width = MARGIN * 2 + len(COLUMNS) * BOX_W + (len(COLUMNS) - 1) * GAP_X
    height = int(max(rows, TOP + BOX_H + MARGIN))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="dd-title" '
        'font-family="Frutiger W01, Arial, sans-serif" '
        f'font-size="{TEXT}">',
        f'<title id="dd-title">Driver diagram: {escape(title)}</title>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for index, kind in enumerate(COLUMNS):
        x: float = MARGIN + index * (BOX_W + GAP_X)
        parts.append(
            f'<text x="{x}" y="{TOP - 18}" font-weight="bold" font-size="{HEADING}" '
            f'fill="#212b32">{escape(DriverKind(kind).label)}s</text>'
            if kind != DriverKind.AIM
            else f'<text x="{x}" y="{TOP - 18}" font-weight="bold" font-size="{HEADING}" '
            f'fill="#212b32">Aim</text>'
        )
    for x, y, item in places.values():
        for child in item.children:
            cx, cy, _ = places[child.node.pk]
            mid = x + BOX_W + GAP_X / 2
            parts.append(
                f'<path d="M{x + BOX_W} {y + BOX_H / 2} H{mid} V{cy + BOX_H / 2} H{cx}" '
                'fill="none" stroke="#425563" stroke-width="1.5"/>'
            )
    for x, y, item in places.values():
        node = item.node
        colour = COLOURS.get(node.kind, "#425563")  # type: ignore[call-overload]
        parts.append(f'<g id="svg-node-{node.pk}">')
        parts.append(
            f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="4" fill="#ffffff" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
        parts.append(f'<rect x="{x}" y="{y}" width="6" height="{BOX_H}" fill="{colour}"/>')
        lines = _wrap(node.text)
        first = y + BOX_H / 2 - (len(lines) - 1) * LINE_H / 2 + 4
        for offset, line in enumerate(lines):
            parts.append(
                f'<text x="{x + 14}" y="{first + offset * LINE_H:.1f}" fill="#212b32">'
                f"{escape(line)}</text>"
            )
        if item.links:
            parts.append(
                f'<text x="{x + BOX_W - 8}" y="{y + BOX_H - 6}" text-anchor="end" '
                f'font-size="{SMALL}" fill="#425563">{len(item.links)} linked</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)


class PngUnavailable(Exception):
    """The cairo library that turns SVG into PNG is not installed on this server."""


def render_png(svg: str) -> bytes:
    """SVG → PNG with CairoSVG (needs the system's cairo library: Debian's libcairo2)."""
    try:
        import cairosvg
    except OSError as error:  # cairocffi could not load libcairo
        raise PngUnavailable(
            "PNG export needs the cairo library on the server (Debian package libcairo2); "
            "download the SVG instead."
        ) from error
    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=2)  # type: ignore[no-any-return]
