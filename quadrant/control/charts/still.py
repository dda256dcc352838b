"""A measure's chart drawn once, wide and for a phone, for pages of other components that
show it beside their own records (a project's measures, a safety action's measure); the
measure's own page has the interactive chart."""

from __future__ import annotations

from typing import Any

from quadrant.control.charts.description import describe
from quadrant.control.charts.svg import NARROW, render_svg


def chart_pair(measure: Any) -> dict[str, Any]:
    """MEASURE's chart description and its SVG wide and narrow, titled uniquely (several
    charts on one page)."""
    description = describe(measure)
    unique = f"chart-title-{measure.pk}"
    return {
        "measure": measure,
        "description": description,
        "svg": render_svg(description).replace("chart-title", unique),
        "svg_narrow": render_svg(description, size=NARROW).replace("chart-title", unique),
    }
