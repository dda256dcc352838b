"""Charts of measures: one JSON-able description (description.py) drawn by the static SVG
renderer (svg.py) for pages, print and reports, enhanced in the browser by spc-chart.js, and
downloaded as CSV, SVG or PNG (export.py)."""

from quadrant.control.charts.description import describe
from quadrant.control.charts.svg import render_svg

__all__ = ["describe", "render_svg"]
