"""A small server-side SVG chart: projects at each stage, month by month (stacked bars).

Drawn with attributes only (no inline style, which the content security policy forbids) and
titled for screen readers; the page shows the same numbers as a table.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from quadrant.improvement.choices import Stage

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 10, 30
# NHS identity colours, one per stage, in the order the stages are walked.
STAGE_COLOURS: dict[str, str] = {
    Stage.IDEA: "#aeb7bd",
    Stage.SCOPING: "#41b6e6",
    Stage.TESTING: "#005eb8",
    Stage.IMPLEMENTING: "#330072",
    Stage.SPREADING: "#ae2573",
    Stage.SUSTAINING: "#009639",
    Stage.CLOSED: "#425563",
    Stage.ABANDONED: "#d5281b",
}


def stage_bars(months: list[dt.date], series: dict[str, list[int]]) -> str:
    """Stacked bars of SERIES (stage → count per month) over MONTHS, as SVG text."""
    totals = [sum(series[stage][i] for stage in series) for i in range(len(months))]
    top = max(totals or [0]) or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(months), 1)
    bar = step * 0.7
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="stage-chart-title" class="app-stage-chart">'
        f'<title id="stage-chart-title">Projects at each stage at the end of each month, '
        f"{months[0]:%B %Y} to {months[-1]:%B %Y}</title>"
        if months
        else '<svg xmlns="http://www.w3.org/2000/svg" role="img"><title>No months</title>'
    ]
    out.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" '
        'stroke="#425563"/>'
    )
    out.append(
        f'<text x="{LEFT - 6}" y="{TOP + 10}" text-anchor="end" font-size="11" '
        f'fill="#425563">{top}</text>'
    )
    for i, month in enumerate(months):
        x = LEFT + i * step + (step - bar) / 2
        y: float = TOP + plot_h
        for stage, counts in series.items():
            if not counts[i]:
                continue
            h = counts[i] / top * plot_h
            y -= h
            label = f"{Stage(stage).label}: {counts[i]} at the end of {month:%B %Y}"
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{STAGE_COLOURS[stage]}"><title>{escape(label)}</title></rect>'
            )
        out.append(
            f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - 12}" text-anchor="middle" font-size="11" '
            f'fill="#425563">{month:%b}</text>'
        )
    out.append("</svg>")
    return "".join(out)
