"""The static SVG of a chart description: for the page (enhanced by spc-chart.js), print,
reports and downloads. Presentation attributes only (no inline style), so it passes the CSP
and renders the same in a PNG converter.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
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
# The average length of a period in days, to place dates after the last point on the axis.
PERIOD_DAYS = {"day": 1.0, "week": 7.0, "month": 30.44, "quarter": 91.31}
CHAR_WIDTH = 0.6  # an Arial character's width as a share of the font size (generous)
LABEL_GAP = 6  # units between two annotation labels in one row


@dataclass(frozen=True)
class Size:
    """How wide a chart is drawn and what that allows: its font size, how many axis labels
    and ticks fit, its margins. WIDE is the page on a screen and every download; NARROW is
    drawn for a phone, where it is shown at about its own width so its text stays 14 px."""

    width: int = WIDTH
    font: int = 12
    main_height: int = MAIN_HEIGHT
    left: int = LEFT
    right: int = RIGHT
    x_labels: int = 7
    y_ticks: int = 5
    label_chars: int = 22
    css: str = "app-chart__svg"
    suffix: str = ""  # of the ids and the classes of its parts, unique on a page showing both


WIDE = Size()
NARROW = Size(width=320, font=14, main_height=280, left=52, right=14, x_labels=3, y_ticks=4,
              label_chars=16, css="app-chart__narrow", suffix="-narrow")  # fmt: skip


@dataclass(frozen=True)
class LabelBox:
    """Where one annotation's label is drawn: its left edge X, the top Y of its row, its
    estimated WIDTH and HEIGHT, and the row (0 is the top)."""

    x: float
    y: float
    width: float
    height: float
    row: int
    text: str


def label_width(text: str, font: int) -> float:
    """An estimate of TEXT's width at FONT (from its characters; no font metrics server-side)."""
    return len(text) * font * CHAR_WIDTH


def _fits(
    row: int,
    left: float,
    width: float,
    x: float,
    boxes: list[LabelBox],
    lines: list[tuple[float, int]],
) -> bool:
    """Whether a label [LEFT, LEFT + WIDTH] for a line at X may go in ROW: it clears the labels
    of that row, its line crosses no label below it, no line from above crosses it."""
    right = left + width
    clear = all(
        b.row != row or b.x + b.width + LABEL_GAP <= left or right + LABEL_GAP <= b.x for b in boxes
    )
    uncrossed = all(b.row <= row or not b.x - 2 <= x <= b.x + b.width + 2 for b in boxes)
    unstruck = all(r >= row or not left - 2 <= lx <= right + 2 for lx, r in lines)
    return clear and uncrossed and unstruck


def layout_labels(
    marks: list[tuple[float, str]], *, font: int, low: float, high: float, top: float = 0.0
) -> list[LabelBox]:
    """Boxes for the labels of MARKS ((x of the mark, text), in any order) that never overlap.
    Each label starts just right of its mark's line (or ends just left of it, where it would
    pass HIGH; never left of LOW), in the first row from the top where it clears the labels
    already there by a gap and where the mark's line, which runs down from its label to the
    plot, crosses no label in a row below; a new row is opened below when none has room.
    Greedy by left edge, so close labels take few rows. The boxes keep the order of MARKS."""
    row_height = font + 4
    placed: dict[int, LabelBox] = {}
    lines: list[tuple[float, int]] = []  # (x, row) of each mark placed so far
    spans = []
    for order, (x, text) in enumerate(marks):
        width = label_width(text, font)
        left = x + 3 if x + 3 + width <= high else max(low, x - 3 - width)
        spans.append((left, order, x, width, text))
    for left, order, x, width, text in sorted(spans):
        boxes = list(placed.values())
        rows = 1 + max((b.row for b in boxes), default=-1)
        row = next((r for r in range(rows + 1) if _fits(r, left, width, x, boxes, lines)), rows)
        lines.append((x, row))
        placed[order] = LabelBox(left, top + row * row_height, width, row_height, row, text)
    return [placed[order] for order in range(len(marks))]


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
    """Maps point indexes and values to pixels for one panel. The axis runs from the first
    point drawn (START) to LAST, an index that may lie past the last point (today's date)."""

    def __init__(
        self,
        start: int,
        end: int,
        low: float,
        high: float,
        top: float,
        height: float,
        *,
        size: Size = WIDE,
        last: float | None = None,
    ):
        self.start, self.end, self.size = start, end, size
        self.ticks = nice_ticks(low, high, size.y_ticks)
        self.low, self.high = min(self.ticks[0], low), max(self.ticks[-1], high)
        self.top, self.height = top, height
        self.left, self.right = size.left, size.width - size.right
        self.width = self.right - self.left
        self.last = max(float(end - 1), last if last is not None else float(end - 1))
        self.step = self.width / max(self.last - start, 1)

    def x(self, index: float) -> float:
        return self.left + (index - self.start) * self.step

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
        left = max(x - half, frame.left)
        right = min(x + half, frame.right)
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
    out, font = [], frame.size.font
    for tick in frame.ticks:
        y = frame.y(tick)
        out.append(
            f'<line x1="{frame.left}" x2="{frame.right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#e8edee"/><text x="{frame.left - 6}" y="{y + font / 3:.1f}" '
            f'text-anchor="end" font-size="{font}" {FONT} fill="#4c6272">'
            f"{_attr(_format(tick))}</text>"
        )
    bottom = frame.top + frame.height
    out.append(
        f'<line x1="{frame.left}" x2="{frame.right}" y1="{bottom:.1f}" y2="{bottom:.1f}" '
        f'stroke="#aeb7bd"/>'
    )
    if labels and points:
        every = max(1, math.ceil(len(points) / frame.size.x_labels))
        for point in points[::every]:
            half = label_width(point["label"], font) / 2  # kept inside the picture
            x = min(max(frame.x(point["i"]), half + 2), frame.size.width - half - 2)
            out.append(
                f'<text x="{x:.1f}" y="{bottom + font + 6:.1f}" text-anchor="middle" '
                f'font-size="{font}" {FONT} fill="#4c6272">{_attr(point["label"])}</text>'
            )
    if unit:
        out.append(
            f'<text x="{frame.left}" y="{frame.top - 8:.1f}" font-size="{font}" {FONT} '
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


def axis_position(description: dict[str, Any], date: str) -> float | None:
    """Where DATE (ISO) falls on the time axis, as a point index: at the start of the first
    period on or after it (half a step before that point), or, after the last period, that
    far on at the measure's period length. None when there are no points."""
    points = description["points"]
    if not points:
        return None
    index = next((p["i"] for p in points if p["period"] >= date), None)
    if index is not None:
        return float(index) - 0.5
    last = dt.date.fromisoformat(points[-1]["period"])
    days = PERIOD_DAYS.get(description["measure"].get("frequency", "month"), 30.44)
    return float(points[-1]["i"]) - 0.5 + (dt.date.fromisoformat(date) - last).days / days


def axis_last(description: dict[str, Any], end: int) -> float:
    """The last index the time axis shows: the last point drawn, or, when the window ends at
    the last point, today or the last annotation, whichever is later (description's
    "axis_end"), so a PDSA cycle started since the last data is drawn."""
    last = float(end - 1)
    if end != len(description["points"]) or not description.get("axis_end"):
        return last
    position = axis_position(description, description["axis_end"])
    return last if position is None else max(last, position + 0.5)


def _annotation_layout(
    frame: _Frame, description: dict[str, Any]
) -> list[tuple[dict[str, Any], float, LabelBox]]:
    """Each annotation drawn in FRAME's window: the note, the x of its line, its label box
    (rows from y 0, to be moved down to the band above the plot)."""
    drawn = []
    for note in description["annotations"]:
        position = axis_position(description, note["date"])
        if position is None or position < frame.start - 0.5 or position > frame.last + 0.5:
            continue
        drawn.append((note, frame.x(max(position, frame.start))))
    chars = frame.size.label_chars
    marks = [
        (x, note["text"] if len(note["text"]) <= chars else note["text"][: chars - 1] + "…")
        for note, x in drawn
    ]
    boxes = layout_labels(marks, font=frame.size.font, low=2, high=frame.size.width - 2)
    return [(note, x, box) for (note, x), box in zip(drawn, boxes, strict=True)]


def _annotation_marks(
    frame: _Frame, laid_out: list[tuple[dict[str, Any], float, LabelBox]], band_top: float
) -> list[str]:
    out = []
    for note, x, box in laid_out:
        colour = "#005eb8" if note["kind"] == "rebase" else "#330072"
        date = dt.date.fromisoformat(note["date"])
        text = f"{note['text']} ({date:%d %b %Y})"
        out.append(
            f'<g class="app-chart__annotation"><title>{_attr(text)}</title>'
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{band_top + box.y + 2:.1f}" '
            f'y2="{frame.top + frame.height:.1f}" stroke="{colour}" stroke-dasharray="2 3"/>'
            f'<text x="{box.x:.1f}" y="{band_top + box.y + frame.size.font:.1f}" '
            f'font-size="{frame.size.font}" {FONT} fill="{colour}">{_attr(box.text)}</text></g>'
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


def _main_frame(
    description: dict[str, Any], points: list[Any], start: int, end: int, size: Size, top: float
) -> _Frame:
    keys = ("value", "lower", "upper", "target", "lower_2sigma", "upper_2sigma")
    values = _finite(p[key] for p in points for key in keys)
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = (high - low) * 0.05 or 1.0
    return _Frame(start, end, low - pad, high + pad, top + TOP, size.main_height - TOP - BOTTOM,
                  size=size, last=axis_last(description, end))  # fmt: skip


def _label_band(laid_out: list[tuple[dict[str, Any], float, LabelBox]]) -> float:
    """The height of the band of annotation labels above the plot (nothing without any)."""
    return max((box.y + box.height for _, _, box in laid_out), default=0.0) + (4 if laid_out else 0)


def _main_panel(
    description: dict[str, Any], points: list[Any], frame: _Frame, laid_out: Any, band_top: float
) -> list[str]:
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
    out.extend(_annotation_marks(frame, laid_out, band_top + 4))
    out.append(_path(_line(frame, points, "value"), GREY, width=1.5))
    out.extend(_dots(frame, points, unit))
    return out


def _mr_panel(points: list[Any], start: int, main: _Frame, offset: float) -> list[str]:
    values = _finite(p[k] for p in points for k in ("moving_range", "moving_range_upper"))
    if not values:
        return []
    size, top = main.size, offset + main.size.main_height + 24
    frame = _Frame(start, main.end, 0.0, max(values) * 1.05 or 1.0, top, MR_HEIGHT - 48,
                   size=size, last=main.last)  # fmt: skip
    out = [f'<g class="app-chart__mr{size.suffix}"><text x="{frame.left}" y="{top - 8}" '
           f'font-size="{size.font}" {FONT} fill="#4c6272">Moving range</text>']  # fmt: skip
    out.extend(_axes(frame, points, "", labels=False))
    out.append(_path(_step_path(frame, points, "moving_range_upper"), LIMIT_COLOUR, dash="6 4"))
    out.append(_path(_line(frame, points, "moving_range"), GREY, width=1.2))
    out.append("</g>")
    return out


def wrap(text: str, font: int, width: float) -> list[str]:
    """TEXT broken at spaces into lines no wider than WIDTH at FONT (by the estimate of
    `label_width`); a single word longer than that keeps a line of its own."""
    lines: list[str] = []
    for word in text.split():
        if lines and label_width(f"{lines[-1]} {word}", font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def subtitle(description: dict[str, Any], points: list[dict[str, Any]]) -> str:
    """What a downloaded chart shows under its title: unit, dates drawn and rules."""
    measure = description["measure"]
    parts = [f"Unit: {measure['unit']}"] if measure["unit"] else []
    if points:
        first, last = points[0]["label"], points[-1]["label"]
        parts.append(first if first == last else f"{first} to {last}")
    if measure.get("rules"):
        parts.append(f"Rules: {measure['rules']}")
    return " · ".join(parts)


def _heading(
    description: dict[str, Any], points: list[dict[str, Any]], size: Size
) -> tuple[list[str], float]:
    """A download's title (the measure's name) and subtitle, wrapped to the chart's width,
    and the height they take above the chart."""
    room = size.width - size.left - size.right
    title_font, out, y = size.font + 4, [], 0.0
    for line in wrap(description["measure"]["name"], title_font, room):
        y += title_font + 4
        out.append(
            f'<text x="{size.left}" y="{y:g}" font-size="{title_font}" font-weight="bold" '
            f'{FONT} fill="#212b32" class="app-chart__title">{_attr(line)}</text>'
        )
    for line in wrap(subtitle(description, points), size.font, room):
        y += size.font + 4
        out.append(
            f'<text x="{size.left}" y="{y:g}" font-size="{size.font}" {FONT} fill="#4c6272" '
            f'class="app-chart__subtitle">{_attr(line)}</text>'
        )
    return out, y + 8


def render_svg(
    description: dict[str, Any],
    *,
    start: int = 0,
    end: int | None = None,
    two_sigma: bool = True,
    moving_range: bool = False,
    standalone: bool = False,
    size: Size = WIDE,
) -> str:
    """The chart as SVG text, points [START, END), with the moving-range chart below when
    asked, drawn at SIZE (WIDE, or NARROW for a phone). On pages the two-sigma lines are
    always drawn and CSS shows or hides them; a download (STANDALONE) holds only the layers
    asked for, on white, under a title and a subtitle (unit, dates drawn, rules) and over
    the reading. Annotation labels are stacked in rows above the
    plot so that none overlaps another; the chart grows by the rows it needs."""
    end = len(description["points"]) if end is None else end
    points = description["points"][start:end]
    name = description["measure"]["name"]
    show_mr = moving_range and description["has_moving_range"]
    width, title_id = size.width, f"chart-title{size.suffix}"
    frame = _main_frame(description, points, start, end, size, 0) if points else None
    laid_out = _annotation_layout(frame, description) if frame else []
    heading, top = _heading(description, points, size) if standalone else ([], 0.0)
    band = top + _label_band(laid_out)
    if frame:
        frame.top += band
    height = band + size.main_height + (MR_HEIGHT if show_mr else 0)
    caption = height + (28 if standalone else 0)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {caption:g}" '
        f'width="{width}" height="{caption:g}" role="img" aria-labelledby="{title_id}" '
        f'class="{size.css}">'
        f'<title id="{title_id}">{_attr(name)}: {_attr(description["reading"])}</title>'
    )
    body = [head]
    if standalone:
        body.append(f'<rect width="{width}" height="{caption:g}" fill="#ffffff"/>')
    body.extend(heading)
    if frame is None:
        body.append(
            f'<text x="{width / 2}" y="{top + size.main_height / 2:g}" text-anchor="middle" '
            f'font-size="{max(14, size.font)}" {FONT} fill="#4c6272">No data yet</text></svg>'
        )
        return "".join(body)
    main = _main_panel(description, points, frame, laid_out, top)
    if standalone and not two_sigma:
        main = [part for part in main if "app-chart__sigma" not in part]
    body.extend(main)
    if show_mr:
        body.extend(_mr_panel(points, start, frame, band))
    if standalone:
        body.append(
            f'<text x="{size.left}" y="{caption - 10:g}" font-size="{size.font}" {FONT} '
            f'fill="#212b32">{_attr(description["reading"])}</text>'
        )
    body.append("</svg>")
    return "".join(body)
