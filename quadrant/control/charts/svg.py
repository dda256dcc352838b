"""The static SVG of a chart description: for the page (enhanced by spc-chart.js), print,
reports and downloads. Presentation attributes only (no inline style), so it passes the CSP
and renders the same in a PNG converter.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape

from quadrant.control.summary.icons import GREY

WIDTH = 800
MAIN_HEIGHT = 300
MR_HEIGHT = 130
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 24, 44
TARGET_COLOUR = "#d5281b"
LIMIT_COLOUR = "#425563"
FONT = 'font-family="Arial, Helvetica, sans-serif"'


def _attr(text: Any) -> str:
    return escape(str(text), {'"': "&quot;"})


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 0.001:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _format(value: float) -> str:
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}"


class _Frame:
    """Maps point indexes and values to pixels for one panel."""

    def __init__(self, start: int, end: int, low: float, high: float, top: float, height: float):
        self.start, self.end = start, end
        self.ticks = nice_ticks(low, high)
        self.low, self.high = min(self.ticks[0], low), max(self.ticks[-1], high)
        self.top, self.height = top, height
        self.width = WIDTH - LEFT - RIGHT
        self.step = self.width / max(end - start - 1, 1)

    def x(self, index: float) -> float:
        return LEFT + (index - self.start) * self.step

    def y(self, value: float) -> float:
        return self.top + self.height - (value - self.low) / (self.high - self.low) * self.height


def _finite(values: Iterable[Any]) -> list[float]:
    return [float(v) for v in values if v is not None and math.isfinite(float(v))]


def _step_path(frame: _Frame, points: list[dict[str, Any]], key: str) -> str:
    """A stepped line through each point's KEY (breaks where it is missing)."""
    half = frame.step / 2
    parts, pen = [], False
    for point in points:
        value = point[key]
        if value is None:
            pen = False
            continue
        x, y = frame.x(point["i"]), frame.y(value)
        left = max(x - half, LEFT)
        right = min(x + half, WIDTH - RIGHT)
        parts.append(f"{'L' if pen else 'M'}{left:.1f},{y:.1f}L{right:.1f},{y:.1f}")
        pen = True
    return "".join(parts)


def _line(frame: _Frame, points: list[dict[str, Any]], key: str) -> str:
    parts, pen = [], False
    for point in points:
        value = point[key]
        if value is None:
            continue  # missing periods are joined, as the engine joins moving ranges
        parts.append(f"{'L' if pen else 'M'}{frame.x(point['i']):.1f},{frame.y(value):.1f}")
        pen = True
    return "".join(parts)


def _axes(frame: _Frame, points: list[dict[str, Any]], unit: str, labels: bool) -> list[str]:
    out = []
    for tick in frame.ticks:
        y = frame.y(tick)
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e8edee"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" {FONT} '
            f'fill="#4c6272">{_attr(_format(tick))}</text>'
        )
    bottom = frame.top + frame.height
    out.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{bottom:.1f}" y2="{bottom:.1f}" '
        f'stroke="#aeb7bd"/>'
    )
    if labels and points:
        every = max(1, math.ceil(len(points) / 7))
        for point in points[::every]:
            x = frame.x(point["i"])
            out.append(
                f'<text x="{x:.1f}" y="{bottom + 18:.1f}" text-anchor="middle" font-size="12" '
                f'{FONT} fill="#4c6272">{_attr(point["label"])}</text>'
            )
    if unit:
        out.append(
            f'<text x="{LEFT}" y="{frame.top - 8:.1f}" font-size="12" {FONT} '
            f'fill="#4c6272">{_attr(unit)}</text>'
        )
    return out


def _path(d: str, colour: str, *, dash: str = "", width: float = 1.5, css: str = "") -> str:
    if not d:
        return ""
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    class_attr = f' class="{css}"' if css else ""
    return (
        f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{width}"{dash_attr}'
        f"{class_attr}/>"
    )


def _annotation_marks(frame: _Frame, description: dict[str, Any], points: list[Any]) -> list[str]:
    out = []
    periods = [p["period"] for p in description["points"]]
    for note in description["annotations"]:
        index = next((i for i, period in enumerate(periods) if period >= note["date"]), None)
        if index is None or index < frame.start or index >= frame.end:
            continue
        x = frame.x(index) - (frame.step / 2 if index > frame.start else 0)
        colour = "#005eb8" if note["kind"] == "rebase" else "#330072"
        date = dt.date.fromisoformat(note["date"])
        text = f"{note['text']} ({date:%d %b %Y})"
        short = note["text"] if len(note["text"]) <= 22 else note["text"][:21] + "…"
        out.append(
            f'<g class="app-chart__annotation"><title>{_attr(text)}</title>'
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{frame.top:.1f}" '
            f'y2="{frame.top + frame.height:.1f}" stroke="{colour}" stroke-dasharray="2 3"/>'
            f'<text x="{x + 3:.1f}" y="{frame.top + 10:.1f}" font-size="12" {FONT} '
            f'fill="{colour}">{_attr(short)}</text></g>'
        )
    return out


def _dots(frame: _Frame, points: list[dict[str, Any]], unit: str) -> list[str]:
    out = []
    for point in points:
        if point["value"] is None:
            continue
        value = _format(point["value"]) + ("%" if unit == "%" else "")
        title = f"{point['label']}: {value} ({point['type_label']})"
        radius = 3.5 if point["type"] == "common_cause" else 4.5
        out.append(
            f'<circle cx="{frame.x(point["i"]):.1f}" cy="{frame.y(point["value"]):.1f}" '
            f'r="{radius}" fill="{point["colour"]}" data-i="{point["i"]}">'
            f"<title>{_attr(title)}</title></circle>"
        )
    return out


def _main_panel(description: dict[str, Any], points: list[Any], start: int, end: int) -> list[str]:
    keys = ("value", "lower", "upper", "target", "lower_2sigma", "upper_2sigma")
    values = _finite(p[key] for p in points for key in keys)
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = (high - low) * 0.05 or 1.0
    frame = _Frame(start, end, low - pad, high + pad, TOP, MAIN_HEIGHT - TOP - BOTTOM)
    unit = description["measure"]["unit"]
    out = _axes(frame, points, unit, labels=True)
    out.append(_path(_step_path(frame, points, "upper_2sigma"), LIMIT_COLOUR, dash="1 3",
                     width=1, css="app-chart__sigma"))  # fmt: skip
    out.append(_path(_step_path(frame, points, "lower_2sigma"), LIMIT_COLOUR, dash="1 3",
                     width=1, css="app-chart__sigma"))  # fmt: skip
    out.append(_path(_step_path(frame, points, "upper"), LIMIT_COLOUR, dash="6 4"))
    out.append(_path(_step_path(frame, points, "lower"), LIMIT_COLOUR, dash="6 4"))
    out.append(_path(_step_path(frame, points, "centre"), "#212b32", width=1.5))
    out.append(_path(_step_path(frame, points, "target"), TARGET_COLOUR, dash="8 3", width=2))
    out.extend(_annotation_marks(frame, description, points))
    out.append(_path(_line(frame, points, "value"), GREY, width=1.5))
    out.extend(_dots(frame, points, unit))
    return out


def _mr_panel(points: list[Any], start: int, end: int) -> list[str]:
    values = _finite(p[k] for p in points for k in ("moving_range", "moving_range_upper"))
    if not values:
        return []
    top = MAIN_HEIGHT + 24
    frame = _Frame(start, end, 0.0, max(values) * 1.05 or 1.0, top, MR_HEIGHT - 48)
    out = [f'<g class="app-chart__mr"><text x="{LEFT}" y="{top - 8}" font-size="12" {FONT} '
           f'fill="#4c6272">Moving range</text>']  # fmt: skip
    out.extend(_axes(frame, points, "", labels=False))
    out.append(_path(_step_path(frame, points, "moving_range_upper"), LIMIT_COLOUR, dash="6 4"))
    out.append(_path(_line(frame, points, "moving_range"), GREY, width=1.2))
    out.append("</g>")
    return out


def render_svg(
    description: dict[str, Any],
    *,
    start: int = 0,
    end: int | None = None,
    two_sigma: bool = True,
    moving_range: bool = False,
    standalone: bool = False,
) -> str:
    """The chart as SVG text, points [START, END), with the moving-range chart below when
    asked. On pages the two-sigma lines are always drawn and CSS shows or hides them; a
    download (STANDALONE) holds only the layers asked for, on white, with the reading."""
    end = len(description["points"]) if end is None else end
    points = description["points"][start:end]
    name = description["measure"]["name"]
    show_mr = moving_range and description["has_moving_range"]
    height = MAIN_HEIGHT + (MR_HEIGHT if show_mr else 0)
    caption = height + (28 if standalone else 0)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {caption}" '
        f'width="{WIDTH}" height="{caption}" role="img" aria-labelledby="chart-title" '
        f'class="app-chart__svg">'
        f'<title id="chart-title">{_attr(name)}: {_attr(description["reading"])}</title>'
    )
    body = [head]
    if standalone:
        body.append(f'<rect width="{WIDTH}" height="{caption}" fill="#ffffff"/>')
    if not points:
        body.append(
            f'<text x="{WIDTH / 2}" y="{MAIN_HEIGHT / 2}" text-anchor="middle" font-size="14" '
            f'{FONT} fill="#4c6272">No data yet</text></svg>'
        )
        return "".join(body)
    main = _main_panel(description, points, start, end)
    if standalone and not two_sigma:
        main = [part for part in main if "app-chart__sigma" not in part]
    body.extend(main)
    if show_mr:
        body.extend(_mr_panel(points, start, end))
    if standalone:
        body.append(
            f'<text x="{LEFT}" y="{caption - 10}" font-size="12" {FONT} fill="#212b32">'
            f"{_attr(description['reading'])}</text>"
        )
    body.append("</svg>")
    return "".join(body)
