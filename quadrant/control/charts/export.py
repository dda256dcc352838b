"""Downloads of a chart: the points as CSV, the static SVG, and a PNG drawn from that SVG."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

CSV_HEADER = [
    "period", "value", "numerator", "denominator", "centre", "lower_limit", "upper_limit",
    "lower_2sigma", "upper_2sigma", "target", "point_type", "rule", "moving_range",
    "moving_range_upper",
]  # fmt: skip
KEYS = [
    "period", "value", "numerator", "denominator", "centre", "lower", "upper", "lower_2sigma",
    "upper_2sigma", "target", "type", "rule", "moving_range", "moving_range_upper",
]  # fmt: skip


def csv_rows(description: dict[str, Any]) -> Iterable[list[Any]]:
    """One row per period, blanks where a value is undefined."""
    for point in description["points"]:
        yield ["" if point[key] is None else point[key] for key in KEYS]


def svg_to_png(svg: str, scale: float = 2.0) -> bytes:
    """Rasterise SVG text with CairoSVG (a maintained SVG renderer)."""
    import cairosvg

    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale)  # type: ignore[no-any-return]
