"""{% measure_chart measure %}: the reading, icons, interactive chart and downloads of a
measure, for the measure page (one line in its template)."""

from __future__ import annotations

from typing import Any

from django import template

from quadrant.control.charts.views import chart_context

register = template.Library()


@register.inclusion_tag("control/includes/measure_chart.html", takes_context=True)
def measure_chart(context: Any, measure: Any) -> dict[str, Any]:
    request = context["request"]
    data = chart_context(request, measure)
    data["request"] = request
    data["signals"] = list(
        measure.signals.filter(status__in=["open", "acknowledged", "actioned"]).order_by(
            "-created_at"
        )[:5]
    )
    return data


@register.filter
def chart_query(options: dict[str, Any]) -> str:
    """`range=1y&sigma=1` from chart options (defaults left out)."""
    from urllib.parse import urlencode

    query = {}
    if options.get("range", "all") != "all":
        query["range"] = options["range"]
    if options.get("sigma"):
        query["sigma"] = "1"
    if options.get("mr"):
        query["mr"] = "1"
    return urlencode(query)
