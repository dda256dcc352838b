"""The MDC summary matrix (integrated performance report): every measure of a unit's subtree
with its cached icons, grouped by domain, "needs attention" first, and the 3 × 3 grid of
variation × assurance counts. Reads MeasureStatus rows only: two queries for the page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from urllib.parse import quote

from django.db.models import Count, Q
from django.urls import reverse

from quadrant.control.icons import VARIATION_GROUP
from quadrant.core.permissions import Action, restrict

VARIATION_COLUMNS = [
    ("concern", "Special cause of concern", ("concern_high", "concern_low")),
    ("common", "Common cause", ("common_cause",)),
    ("improvement", "Special cause of improvement", ("improvement_high", "improvement_low")),
]
ASSURANCE_ROWS = [
    ("fail", "Consistently failing", "consistent_fail"),
    ("hit_or_miss", "Hit and miss", "inconsistent"),
    ("pass", "Consistently passing", "consistent_pass"),
]
VARIATION_FILTERS = {
    "concern": ("concern_high", "concern_low"),
    "common": ("common_cause",),
    "improvement": ("improvement_high", "improvement_low"),
    "neutral": ("neutral_high", "neutral_low"),
    "none": ("",),
}
ASSURANCE_FILTERS = {
    "fail": ("consistent_fail",),
    "hit_or_miss": ("inconsistent",),
    "pass": ("consistent_pass",),
    "none": ("",),
}
FILTER_LABELS = {
    "variation": {
        "concern": "Special cause of concern", "common": "Common cause",
        "improvement": "Special cause of improvement", "neutral": "Special cause, neutral",
        "none": "Too few points",
    },
    "assurance": {
        "fail": "Consistently failing", "hit_or_miss": "Hit and miss",
        "pass": "Consistently passing", "none": "No target or too few points",
    },
}  # fmt: skip
ROW_FIELDS = (
    "id", "code", "name", "domain", "unit_label", "frequency", "org_unit__name",
    "status__latest_period", "status__latest_value", "status__target",
    "status__variation_icon", "status__assurance_icon", "status__sparkline",
    "status__attention", "status__reading",
)  # fmt: skip


@dataclass
class Filters:
    unit: Any
    domain: str = ""
    variation: str = ""
    assurance: str = ""

    def as_query(self) -> dict[str, str]:
        query = {"unit": self.unit.code}
        for name in ("domain", "variation", "assurance"):
            if getattr(self, name):
                query[name] = getattr(self, name)
        return query


@dataclass
class Summary:
    filters: Filters
    groups: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)
    grid: list[dict[str, Any]] = field(default_factory=list)
    outside_grid: int = 0
    total: int = 0
    shown: int = 0
    domains: list[str] = field(default_factory=list)


def base_queryset(user: Any, unit: Any) -> Any:
    """Live measures of UNIT's subtree that USER may see."""
    from quadrant.control.models import Measure

    return restrict(Measure.objects.all(), user, Action.VIEW).filter(
        archived_at__isnull=True, org_unit__path__startswith=unit.path
    )


def _icon_q(name: str, codes: tuple[str, ...]) -> Q:
    condition = Q(**{f"status__{name}__in": [c for c in codes if c]})
    if "" in codes:
        condition |= Q(**{f"status__{name}": ""}) | Q(status__isnull=True)
    return condition


def filtered(queryset: Any, filters: Filters) -> Any:
    if filters.domain:
        queryset = queryset.filter(domain=filters.domain)
    if filters.variation in VARIATION_FILTERS:
        queryset = queryset.filter(_icon_q("variation_icon", VARIATION_FILTERS[filters.variation]))
    if filters.assurance in ASSURANCE_FILTERS:
        queryset = queryset.filter(_icon_q("assurance_icon", ASSURANCE_FILTERS[filters.assurance]))
    return queryset


def measure_url_pattern() -> str:
    """The measure page's URL with a placeholder (one reverse() for thousands of rows)."""
    return reverse("control:measure", args=["__code__"])


def rows(user: Any, filters: Filters) -> list[dict[str, Any]]:
    """The matrix rows, "needs attention" first, then by domain and name."""
    queryset = filtered(base_queryset(user, filters.unit), filters)
    found = list(queryset.values(*ROW_FIELDS))
    pattern = measure_url_pattern()
    for row in found:
        row["url"] = pattern.replace("__code__", quote(row["code"]))
    found.sort(key=lambda row: (-(row["status__attention"] or 0), row["domain"], row["name"]))
    return found


def grid(user: Any, filters: Filters) -> tuple[list[dict[str, Any]], int, int]:
    """The 3 × 3 counts (assurance rows × variation columns) for the unit and domain, the
    number of measures outside the grid (neutral, no target, too few points) and the total."""
    queryset = base_queryset(user, filters.unit)
    if filters.domain:
        queryset = queryset.filter(domain=filters.domain)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    total = 0
    for variation, assurance, count in queryset.values_list(
        "status__variation_icon", "status__assurance_icon"
    ).annotate(count=Count("id")):
        counts[(VARIATION_GROUP.get(variation or "", "none"), assurance or "")] += count
        total += count
    table, inside = [], 0
    for key, label, code in ASSURANCE_ROWS:
        cells = []
        for column, column_label, _ in VARIATION_COLUMNS:
            count = counts[(column, code)]
            inside += count
            query = {**filters.as_query(), "variation": column, "assurance": key}
            cells.append(
                {"count": count, "variation": column, "assurance": key, "query": query,
                 "label": f"{column_label}, {label.lower()}"}
            )  # fmt: skip
        table.append({"key": key, "label": label, "cells": cells})
    return table, total - inside, total


def build(user: Any, filters: Filters) -> Summary:
    """Everything the summary page shows."""
    summary = Summary(filters)
    found = rows(user, filters)
    by_domain: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in found:
        by_domain[row["domain"] or "Other"].append(row)
    # Domains in order of their most urgent measure (rows are sorted already).
    summary.groups = list(by_domain.items())
    summary.grid, summary.outside_grid, summary.total = grid(user, filters)
    summary.shown = len(found)
    summary.domains = sorted(
        d
        for d in base_queryset(user, filters.unit).values_list("domain", flat=True).distinct()
        if d
    )
    return summary
