"""Helpers shared by the improvement pages: scoped look-ups, breadcrumbs and the charts."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse_lazy

from quadrant.control.public import chart_pair

IMPROVEMENT_CRUMB = {"label": "Improvement", "url": reverse_lazy("improvement:home")}


def project_crumb(project: Any) -> dict[str, Any]:
    return {"label": project.title, "url": project.get_absolute_url()}


def measure_url(measure: Any) -> str | None:
    """The measure's page, where control provides one (None until its route exists)."""
    try:
        url: str = measure.get_absolute_url()
    except NoReverseMatch:
        return None
    return url


def measure_charts(links: list[Any]) -> list[dict[str, Any]]:
    """Each linked measure's chart from the engine, PDSA cycles annotated (control's one chart
    description, drawn wide and for a phone; the measure page has the interactive chart)."""
    return [{"link": link, **chart_pair(link.measure)} for link in links]
