"""The BAF at a glance: one line per principal risk on the 1–25 scale over the bands, its
target (a hollow ring), its current score (a filled dot, joined to the target by the distance
still to go) and its category's appetite (a bar). SVG with presentation attributes only (the
Content Security Policy allows no inline style); the table beside it holds the same figures
for anyone who cannot see the chart."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe

from quadrant.assurance.risks.history_chart import BAND_FILLS
from quadrant.assurance.risks.scoring import Band

WIDTH, LEFT, RIGHT, TOP, ROW, AXIS = 640, 150, 16, 22, 26, 28
FONT = 'font-family="Arial, Helvetica, sans-serif" font-size="12"'
TEXT, CURRENT, TARGET, APPETITE = "#212b32", "#005eb8", "#005eb8", "#d5281b"


def score_ladder(rows: Sequence[dict[str, Any]], bands: Sequence[Band], title: str) -> SafeString:
    """The SVG of ROWS (BAF rows) over BANDS, safe to put in a page: all text is escaped."""
    if not rows:
        return SafeString("")
    height = TOP + ROW * len(rows) + AXIS
    plot = WIDTH - LEFT - RIGHT

    def x(score: float) -> float:
        return LEFT + plot * (score - 0.5) / 25

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'class="app-chart__svg" role="img" aria-label={quoteattr(title)}>',
        f"<title>{escape(title)}</title>",
    ]
    ordered = sorted(bands, key=lambda band: band.lowest)
    for band, following in zip(ordered, [*ordered[1:], None], strict=True):
        # a band runs up to the next one: the scores between (13, 14) cannot happen
        left = x(band.lowest - 0.5)
        right = x(following.lowest - 0.5) if following is not None else x(band.highest + 0.5)
        parts.append(
            f'<rect x="{left:.1f}" y="{TOP - 6}" width="{right - left:.1f}" '
            f'height="{ROW * len(rows) + 6}" fill="{BAND_FILLS.get(band.key, "#f0f4f5")}"/>'
        )
        parts.append(
            f'<text x="{(left + right) / 2:.1f}" y="{TOP - 10}" text-anchor="middle" '
            f'fill="{TEXT}" {FONT}>{escape(band.label)}</text>'
        )
    for n, row in enumerate(rows):
        y = TOP + ROW * n + ROW / 2
        current, target = row["current"]["score"], row["target"]["score"]
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" fill="{TEXT}" '
            f"{FONT}>{escape(row['reference'])}</text>"
        )
        parts.append(
            f'<line x1="{x(target):.1f}" y1="{y:.1f}" x2="{x(current):.1f}" y2="{y:.1f}" '
            f'stroke="{CURRENT}" stroke-width="3"/>'
        )
        appetite = x(row["appetite"] + 0.5)
        parts.append(
            f'<line x1="{appetite:.1f}" y1="{y - 9:.1f}" x2="{appetite:.1f}" y2="{y + 9:.1f}" '
            f'stroke="{APPETITE}" stroke-width="3"/>'
        )
        parts.append(
            f'<circle cx="{x(target):.1f}" cy="{y:.1f}" r="6" fill="#ffffff" '
            f'stroke="{TARGET}" stroke-width="2"/>'
        )
        parts.append(f'<circle cx="{x(current):.1f}" cy="{y:.1f}" r="7" fill="{CURRENT}"/>')
    baseline = TOP + ROW * len(rows)
    for tick in (1, 5, 10, 15, 20, 25):
        parts.append(
            f'<text x="{x(tick):.1f}" y="{baseline + 18}" text-anchor="middle" fill="{TEXT}" '
            f"{FONT}>{tick}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308, B703 - reviewed: all text escaped above
