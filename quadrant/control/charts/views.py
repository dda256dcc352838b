"""The measure chart: the block on the measure page and its downloads (SVG, PNG, CSV, JSON)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404

from quadrant.control.charts import describe, render_svg
from quadrant.control.charts.description import RANGE_LABELS, window
from quadrant.control.charts.export import CSV_HEADER, csv_rows, svg_to_png
from quadrant.control.charts.svg import NARROW
from quadrant.core.permissions import Capability, restrict
from quadrant.core.security import exported
from quadrant.core.views.generic import stream_csv


def visible_measure(request: HttpRequest, code: str) -> Any:
    from quadrant.control.measures.models import Measure

    queryset = restrict(Measure.objects.all(), request.user, Capability.VIEW).select_related(
        "org_unit", "owner"
    )
    return get_object_or_404(queryset, code=code)


def chart_options(request: HttpRequest) -> dict[str, Any]:
    """What the person asked to see: the range, the two-sigma lines, the moving range."""
    range_key = request.GET.get("range", "all")
    return {
        "range": range_key if range_key in RANGE_LABELS else "all",
        "sigma": request.GET.get("sigma") == "1",
        "mr": request.GET.get("mr") == "1",
    }


def chart_context(request: HttpRequest, measure: Any) -> dict[str, Any]:
    """Everything the chart block needs (the page's template tag and the HTMX partial): the
    chart drawn wide, and narrow for a phone (CSS shows one; the downloads are the wide)."""
    options = chart_options(request)
    description = describe(measure)
    start, end = window(description, options["range"])
    svg = render_svg(description, start=start, end=end, moving_range=options["mr"])
    svg_narrow = render_svg(
        description, start=start, end=end, moving_range=options["mr"], size=NARROW
    )
    return {
        "measure": measure,
        "description": description,
        "svg": svg,
        "svg_narrow": svg_narrow,
        "options": options,
        "ranges": [
            {
                "key": key,
                "label": label,
                "current": key == options["range"],
                "options": {**options, "range": key},
            }
            for key, label in RANGE_LABELS.items()
        ],
        "toggle_sigma": {**options, "sigma": not options["sigma"]},
        "toggle_mr": {**options, "mr": not options["mr"]},
    }


def _download_name(measure: Any, extension: str) -> str:
    return f"{measure.code}-chart.{extension}"


def standalone_chart(description: dict[str, Any], options: dict[str, Any]) -> str:
    """The chart as a self-contained SVG file: the range and layers OPTIONS ask for."""
    start, end = window(description, options["range"])
    return render_svg(
        description,
        start=start,
        end=end,
        two_sigma=options["sigma"],
        moving_range=options["mr"],
        standalone=True,
    )


def _standalone(request: HttpRequest, measure: Any) -> tuple[str, int]:
    """The chart's SVG file and the number of periods in it."""
    description = describe(measure)
    return standalone_chart(description, chart_options(request)), len(description["points"])


@login_required
def chart_svg(request: HttpRequest, code: str) -> HttpResponse:
    """The chart as an SVG file (the layers asked for, with the reading as caption)."""
    measure = visible_measure(request, code)
    svg, periods = _standalone(request, measure)
    response = HttpResponse(svg, content_type="image/svg+xml")
    if request.GET.get("download") == "1":
        response["Content-Disposition"] = f'attachment; filename="{_download_name(measure, "svg")}"'
    return exported(request, response, f"measure {measure.code} chart SVG", rows=periods)


@login_required
def chart_png(request: HttpRequest, code: str) -> HttpResponse:
    """The same chart as a PNG picture (for slides and documents)."""
    measure = visible_measure(request, code)
    svg, periods = _standalone(request, measure)
    response = HttpResponse(svg_to_png(svg), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="{_download_name(measure, "png")}"'
    return exported(request, response, f"measure {measure.code} chart PNG", rows=periods)


@login_required
def chart_csv(request: HttpRequest, code: str) -> Any:
    """The chart's points: value, centre, limits, two-sigma lines, target, type and rule."""
    measure = visible_measure(request, code)
    description = describe(measure)
    response = stream_csv(_download_name(measure, "csv"), CSV_HEADER, csv_rows(description))
    return exported(
        request, response, f"measure {measure.code} chart CSV", rows=len(description["points"])
    )


@login_required
def chart_json(request: HttpRequest, code: str) -> JsonResponse:
    """The chart description itself (what the browser chart and the SVG renderer draw)."""
    measure = visible_measure(request, code)
    description = describe(measure)
    return exported(
        request, JsonResponse(description), f"measure {measure.code} chart JSON",
        rows=len(description["points"]),
    )  # fmt: skip


@login_required
def chart_partial(request: HttpRequest, code: str) -> HttpResponse:
    """Only the chart's SVG for the range asked (the browser swaps it in when zooming)."""
    from django.shortcuts import render

    measure = visible_measure(request, code)
    return render(request, "control/includes/chart_figure.html", chart_context(request, measure))
