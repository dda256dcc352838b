"""A risk's current score over time as a step chart (SVG, presentation attributes only, so it
passes the Content Security Policy): each review holds the score until the next one, up to
today. The bands are drawn as shaded strips with their names, so colour is not the only cue,
and the page lists the same reviews in a table for anyone who cannot see the chart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe

from quadrant.assurance.risks.scoring import Band

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 96, 16, 36
FONT = 'font-family="Arial, Helvetica, sans-serif" font-size="12"'
BAND_FILLS = {"low": "#e8f4e8", "moderate": "#fff5cc", "high": "#fde4d0", "extreme": "#f8d7d5"}
LINE = "#005eb8"
TEXT = "#212b32"


@dataclass(frozen=True)
class Point:
    on: dt.date
    score: int


def _y(score: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - score / 25)


def step_chart(
    points: Sequence[Point], bands: Sequence[Band], today: dt.date, title: str
) -> SafeString:
    """The SVG of POINTS (in date order) from the first to TODAY, over BANDS, safe to put in a
    page: every piece of text in it (the title, the bands' names) is escaped as it is added."""
    if not points:
        return SafeString("")
    start = points[0].on
    end = max(today, points[-1].on)
    span = max((end - start).days, 1)
    plot = WIDTH - LEFT - RIGHT

    def x(on: dt.date) -> float:
        return LEFT + plot * (on - start).days / span

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="app-chart__svg" role="img" aria-label={quoteattr(title)}>',
        f"<title>{escape(title)}</title>",
    ]
    for band in bands:
        top, bottom = _y(band.highest), _y(band.lowest - 1)
        parts.append(
            f'<rect x="{LEFT}" y="{top:.1f}" width="{plot}" height="{bottom - top:.1f}" '
            f'fill="{BAND_FILLS.get(band.key, "#f0f4f5")}"/>'
        )
        parts.append(
            f'<text x="{WIDTH - RIGHT + 6}" y="{(top + bottom) / 2 + 4:.1f}" fill="{TEXT}" '
            f"{FONT}>{escape(band.label)} {band.lowest}–{band.highest}</text>"
        )
    for tick in (0, 5, 10, 15, 20, 25):
        parts.append(
            f'<text x="{LEFT - 8}" y="{_y(tick) + 4:.1f}" text-anchor="end" fill="{TEXT}" '
            f"{FONT}>{tick}</text>"
        )
    steps: list[str] = []
    for point, following in zip(points, [*points[1:], None], strict=True):
        until = following.on if following is not None else end
        steps.append(f"{x(point.on):.1f},{_y(point.score):.1f}")
        steps.append(f"{x(until):.1f},{_y(point.score):.1f}")
    parts.append(
        f'<polyline points="{" ".join(steps)}" fill="none" stroke="{LINE}" stroke-width="3"/>'
    )
    for point in points:
        parts.append(
            f'<circle cx="{x(point.on):.1f}" cy="{_y(point.score):.1f}" r="4" fill="{LINE}"/>'
        )
    baseline = HEIGHT - BOTTOM
    parts.append(
        f'<line x1="{LEFT}" y1="{baseline}" x2="{WIDTH - RIGHT}" y2="{baseline}" stroke="{TEXT}"/>'
    )
    for on, anchor in ((start, "start"), (end, "end")):
        parts.append(
            f'<text x="{x(on):.1f}" y="{baseline + 20}" text-anchor="{anchor}" fill="{TEXT}" '
            f"{FONT}>{on:%d %b %Y}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308, B703 - reviewed: all text escaped above
