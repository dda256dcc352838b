"""{% measure_chart measure %}: the reading, icons, interactive chart and downloads of a
measure, for the measure page (one line in its template)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from quadrant.control.charts.views import chart_context
from quadrant.control.summary.reading import format_value, period_text

register = template.Library()


@register.inclusion_tag("control/includes/measure_chart.html", takes_context=True)
def measure_chart(context: Any, measure: Any) -> dict[str, Any]:
    """The chart block; on a signal's own page, the other open signals only (a page never
    links to itself)."""
    request = context["request"]
    data = chart_context(request, measure)
    data["request"] = request
    description = data["description"]
    if description["latest_period"]:
        latest = dt.date.fromisoformat(description["latest_period"])
        data["latest_text"] = format_value(description["latest_value"], measure.unit_label)
        data["latest_when"] = period_text(latest, measure.frequency)
    shown = context.get("signal")
    signals = measure.signals.filter(status__in=["open", "acknowledged", "actioned"])
    if shown is not None:
        signals = signals.exclude(pk=shown.pk)
    data["signals"] = list(signals.order_by("-created_at")[:5])
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
