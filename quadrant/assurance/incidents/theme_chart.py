"""This quarter against the quarter before as paired horizontal bars (SVG with presentation
attributes only, so it passes the Content Security Policy, like the house's other charts).

Each row's name sits above its two bars, so the chart stays readable at a phone's width;
the bars carry their numbers, and the page shows the same figures in a table for anyone who
cannot see the chart. Every piece of text is escaped as it is added."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe

from quadrant.assurance.incidents.themes import ThemeRow

WIDTH = 480
LEFT, RIGHT, TOP = 4, 56, 28
ROW_HEIGHT = 44
BAR = 12
FONT = 'font-family="Arial, Helvetica, sans-serif" font-size="13"'
CURRENT, PREVIOUS, TEXT = "#005eb8", "#aeb7bd", "#212b32"


def paired_bars(
    rows: Sequence[ThemeRow], title: str, current_label: str, previous_label: str
) -> SafeString:
    """ROWS as bars of this quarter (blue) over the quarter before (grey), with a key."""
    if not rows:
        return SafeString("")
    height = TOP + ROW_HEIGHT * len(rows) + 4
    plot = WIDTH - LEFT - RIGHT
    largest = max(max(row.current, row.previous) for row in rows) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'class="app-chart__svg app-theme-chart" role="img" aria-label={quoteattr(title)}>',
        f"<title>{escape(title)}</title>",
        f'<rect x="{LEFT}" y="4" width="12" height="12" fill="{CURRENT}"/>',
        f'<text x="{LEFT + 18}" y="14" fill="{TEXT}" {FONT}>{escape(current_label)}</text>',
        f'<rect x="{WIDTH // 2}" y="4" width="12" height="12" fill="{PREVIOUS}"/>',
        f'<text x="{WIDTH // 2 + 18}" y="14" fill="{TEXT}" {FONT}>{escape(previous_label)}</text>',
    ]
    for index, row in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        parts.append(
            f'<text x="{LEFT}" y="{y + 12}" fill="{TEXT}" {FONT}>{escape(row.label)}</text>'
        )
        for offset, count, colour in (
            (16, row.current, CURRENT),
            (16 + BAR + 2, row.previous, PREVIOUS),
        ):
            length = max(plot * count / largest, 1 if count else 0)
            parts.append(
                f'<rect x="{LEFT}" y="{y + offset}" width="{length:.1f}" height="{BAR}" '
                f'fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{LEFT + length + 4:.1f}" y="{y + offset + BAR - 1}" fill="{TEXT}" '
                f"{FONT}>{count:,}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308, B703 - reviewed: all text escaped above
