"""The MDC summary matrix (integrated performance report): every measure of a unit's subtree
with its cached icons, grouped by domain, "needs attention" first, and the 3 × 3 grid of
variation × assurance counts. Reads MeasureStatus rows only: two queries for the page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from django.urls import reverse

from quadrant.control.summary.icons import (
    ASSURANCE_GROUPS,
    VARIATION_GROUP,
    VARIATION_GROUP_LABELS,
)
from quadrant.control.summary.models import is_stale, stale_text
from quadrant.core.permissions import Capability, restrict

VARIATION_FILTERS = {  # the filter names and the icons behind them
    "concern": ("concern_high", "concern_low"),
    "common": ("common_cause",),
    "improvement": ("improvement_high", "improvement_low"),
    "neutral": ("neutral_high", "neutral_low"),
    "none": ("",),
}
ASSURANCE_FILTERS = {key: (code,) for key, (_, code) in ASSURANCE_GROUPS.items()}
VARIATION_COLUMNS = [
    (key, VARIATION_GROUP_LABELS[key], VARIATION_FILTERS[key])
    for key in ("concern", "common", "improvement")
]
ASSURANCE_ROWS = [
    (key, ASSURANCE_GROUPS[key][0], ASSURANCE_GROUPS[key][1])
    for key in ("fail", "hit_or_miss", "pass")
]
FILTER_LABELS = {
    "variation": VARIATION_GROUP_LABELS,
    "assurance": {key: text for key, (text, _) in ASSURANCE_GROUPS.items()},
}
STATUS_COLUMNS = (
    "computed_at", "latest_period", "latest_value", "target", "variation_icon",
    "assurance_icon", "sparkline", "attention", "reading",
)  # fmt: skip
ROW_FIELDS = (
    "id", "code", "name", "domain__name", "unit_label", "frequency", "org_unit__name",
    "org_unit__path",
    *(f"status__{name}" for name in STATUS_COLUMNS),
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
    rows: list[dict[str, Any]] = field(default_factory=list)  # every row shown, in order
    units: list[dict[str, Any]] = field(default_factory=list)  # counts by unit below


def base_queryset(user: Any, unit: Any) -> Any:
    """Live measures of UNIT's subtree that USER may see."""
    from quadrant.control.measures.models import Measure

    return restrict(Measure.objects.all(), user, Capability.VIEW).filter(
        archived_at__isnull=True, org_unit__path__startswith=unit.path
    )


def variation_key(code: str | None) -> str:
    return VARIATION_GROUP.get(code or "", "none")


ASSURANCE_KEY = {code: key for key, _, code in ASSURANCE_ROWS}


def assurance_key(code: str | None) -> str:
    return ASSURANCE_KEY.get(code or "", "none")


def _matches(row: dict[str, Any], filters: Filters) -> bool:
    if filters.variation and variation_key(row["status__variation_icon"]) != filters.variation:
        return False
    return not (
        filters.assurance and assurance_key(row["status__assurance_icon"]) != filters.assurance
    )


def measure_url_pattern() -> str:
    """The measure page's URL with a placeholder (one reverse() for thousands of rows)."""
    return reverse("control:measure", args=["__code__"])


def all_rows(user: Any, unit: Any, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Every visible live measure of UNIT's subtree with its stored status (one query; the
    statuses of measures whose data was written without one are calculated first, as
    `measure_statuses` does for every reader) and whether its data is stale by TODAY."""
    from quadrant.control.signals.rules import measure_statuses

    found = list(base_queryset(user, unit).values(*ROW_FIELDS))
    missing = [row["id"] for row in found if row["status__computed_at"] is None]
    healed = measure_statuses(missing) if missing else {}
    pattern = measure_url_pattern()
    today = today or dt.date.today()
    for row in found:
        status = healed.get(row["id"])
        if status is not None:
            row.update({f"status__{name}": getattr(status, name) for name in STATUS_COLUMNS})
        row["url"] = pattern.replace("__code__", quote(row["code"]))
        row["domain"] = row.pop("domain__name") or ""
        latest = row["status__latest_period"]
        row["stale"] = is_stale(row["frequency"], latest, today)
        row["stale_text"] = stale_text(latest) if row["stale"] else ""
    return found


def _sorted(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """ "Needs attention" first, then by domain and name."""
    return sorted(
        found, key=lambda row: (-(row["status__attention"] or 0), row["domain"], row["name"])
    )


def rows(user: Any, filters: Filters) -> list[dict[str, Any]]:
    """The matrix rows the filters ask for, "needs attention" first."""
    found = all_rows(user, filters.unit)
    if filters.domain:
        found = [row for row in found if row["domain"] == filters.domain]
    return _sorted([row for row in found if _matches(row, filters)])


def grid(found: list[dict[str, Any]], filters: Filters) -> tuple[list[dict[str, Any]], int]:
    """The 3 × 3 counts (assurance rows × variation columns) of FOUND and how many measures
    fall outside the grid (neutral, no target, too few points)."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for row in found:
        counts[(variation_key(row["status__variation_icon"]),
                assurance_key(row["status__assurance_icon"]))] += 1  # fmt: skip
    table, inside = [], 0
    for key, label, _ in ASSURANCE_ROWS:
        cells = []
        for column, column_label, _ in VARIATION_COLUMNS:
            count = counts[(column, key)]
            inside += count
            query = {**filters.as_query(), "variation": column, "assurance": key}
            cells.append(
                {"count": count, "variation": column, "assurance": key, "query": query,
                 "label": f"{column_label}, {label.lower()}"}
            )  # fmt: skip
        table.append({"key": key, "label": label, "cells": cells})
    return table, len(found) - inside


def build(user: Any, filters: Filters) -> Summary:
    """Everything the summary page shows, from one query."""
    summary = Summary(filters)
    everything = all_rows(user, filters.unit)
    summary.domains = sorted({row["domain"] for row in everything if row["domain"]})
    in_domain = [r for r in everything if not filters.domain or r["domain"] == filters.domain]
    summary.grid, summary.outside_grid = grid(in_domain, filters)
    summary.total = len(in_domain)
    shown = _sorted([row for row in in_domain if _matches(row, filters)])
    summary.shown = len(shown)
    summary.rows = shown
    summary.groups = by_domain(shown)
    summary.units = by_unit(user, in_domain, filters)
    return summary


def by_domain(shown: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """SHOWN rows grouped by domain, the domains in order of their most urgent measure."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in shown:
        groups[row["domain"] or "Other"].append(row)
    return list(groups.items())


UNIT_COUNTS = ("concern", "improvement", "common")  # variation columns of the by-unit table


def by_unit(user: Any, found: list[dict[str, Any]], filters: Filters) -> list[dict[str, Any]]:
    """For the unit itself and each unit directly below it that USER may see: how many of
    FOUND's measures lie there (or below), how many show each kind of variation, how many
    consistently fail their target and how many have no new data; units without measures
    are left out. Each line carries the filters that open its measures."""
    from quadrant.core.permissions import visible_units

    unit = filters.unit
    children = list(
        visible_units(user).filter(parent=unit, archived_at__isnull=True).order_by("name")
    )
    width = len(unit.path) + 8  # a child's path: the parent's and one more step
    lines: dict[str, dict[str, Any]] = {}
    for place in [unit, *children]:
        lines[place.path] = {
            "unit": place, "itself": place.pk == unit.pk, "total": 0, "failing": 0, "stale": 0,
            **{key: 0 for key in UNIT_COUNTS},
            "query": {**filters.as_query(), "unit": place.code},
        }  # fmt: skip
    for row in found:
        path = row["org_unit__path"]
        line = lines.get(path if path == unit.path else path[:width])
        if line is None:  # below a unit the reader may not open by name
            continue
        line["total"] += 1
        kind = variation_key(row["status__variation_icon"])
        if kind in UNIT_COUNTS:
            line[kind] += 1
        line["failing"] += assurance_key(row["status__assurance_icon"]) == "fail"
        line["stale"] += bool(row["stale"])
    return [line for line in lines.values() if line["total"]]
