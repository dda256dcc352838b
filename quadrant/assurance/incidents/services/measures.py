"""Safety events as control measures, so that a rise is a special-cause signal, not an
anecdote: for each unit, "patient safety events reported" (a monthly count, XmR chart) and
"patient safety events per 1,000 occupied bed days" (a u chart of the count over the unit's
bed days). Both are written through control's public services, all of one refresh in one
all-or-nothing, audited upsert (one history event), by the system actor EVENT_MEASURES.

Occupied bed days are an ordinary measure of the unit, imported like any other, found by its
code: BED-DAYS-<unit code>, monthly. A month without bed days has a count but no rate, and
the refresh says which months those are. Only complete months are written (the month in
progress would look like a fall); months without events count 0 from the unit's first month
with data, at most HISTORY_MONTHS back. A re-run with nothing new writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth

from quadrant.assurance.incidents.models import SafetyEvent
from quadrant.control.public import (
    ChartType,
    DataRoute,
    Direction,
    Frequency,
    Measure,
    Observation,
    create_measure,
    upsert_observations,
)
from quadrant.core.actors import PERSON, PERSON_OR_SYSTEM, SystemActor, actor_kind
from quadrant.core.permissions import Capability, check_actor, units_where
from quadrant.organisation.models import OrgUnit

EVENT_MEASURES = SystemActor("safety event measures")
SOURCE = "Safety events"
HISTORY_MONTHS = 36
RATE_MULTIPLIER = 1000.0
MONTHS = (
    "", "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip


def count_code(unit: Any) -> str:
    return f"PSE-{unit.code}"


def rate_code(unit: Any) -> str:
    return f"PSE-RATE-{unit.code}"


def bed_days_code(unit: Any) -> str:
    return f"BED-DAYS-{unit.code}"


def month_text(month: dt.date) -> str:
    return f"{MONTHS[month.month]} {month.year}"


def _months_text(months: list[dt.date]) -> str:
    names = [month_text(month) for month in months]
    if len(names) > 4:
        return f"{', '.join(names[:3])} and {len(names) - 3} more months"
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _month_range(first: dt.date, end: dt.date) -> list[dt.date]:
    months, month = [], first
    while month < end:
        months.append(month)
        month = _next_month(month)
    return months


@dataclass
class UnitMeasures:
    """What a refresh did for one unit, in words for the person who asked."""

    unit: Any
    months: int = 0
    rate_months: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class RefreshResult:
    units: list[UnitMeasures]
    summary: str
    measure_ids: list[int]

    def as_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary,
            "units": [
                {
                    "unit": outcome.unit.code,
                    "months": outcome.months,
                    "rate_months": outcome.rate_months,
                    "notes": outcome.notes,
                }
                for outcome in self.units
            ],
        }


def units_to_refresh(actor: Any, units: Iterable[OrgUnit] | None = None) -> list[OrgUnit]:
    """UNITS (default: every unit with events or an occupied bed days measure), limited for a
    person to the units where they handle safety events."""
    with_events = SafetyEvent.objects.order_by().values("org_unit_id").distinct()
    bed_days = Measure.objects.filter(
        code__startswith="BED-DAYS-", archived_at__isnull=True
    ).values("org_unit_id")
    found = OrgUnit.objects.filter(pk__in=with_events) | OrgUnit.objects.filter(pk__in=bed_days)
    if units is not None:
        found = found.filter(pk__in=[unit.pk for unit in units])
    if actor_kind(actor) == PERSON:
        found = found.filter(pk__in=units_where(actor, Capability.HANDLE_SAFETY_EVENTS))
    return list(found.filter(archived_at__isnull=True).order_by("path"))


def refresh_event_measures(
    units: Iterable[OrgUnit] | None = None,
    *,
    actor: Any,
    today: dt.date | None = None,
    route: str = DataRoute.PULL,
) -> RefreshResult:
    """(Re)compute the monthly event count and rate per 1,000 bed days of UNITS (see
    units_to_refresh) up to the last complete month before TODAY, in one transaction. ACTOR
    is the person who asked (the safety team, at those units) or a system actor (the
    command, the job, the demo seed); the data is written by EVENT_MEASURES either way."""
    check_actor(actor, Capability.HANDLE_SAFETY_EVENTS, allow=PERSON_OR_SYSTEM)
    today = today or dt.date.today()
    end = today.replace(day=1)
    earliest = end
    for _ in range(HISTORY_MONTHS):
        earliest = (earliest - dt.timedelta(days=1)).replace(day=1)
    chosen = units_to_refresh(actor, units)
    counts = _monthly_counts(chosen, earliest, end)
    bed_days = _bed_days(chosen, earliest, end)
    outcomes: list[UnitMeasures] = []
    rows: list[tuple[Any, ...]] = []
    with transaction.atomic():
        existing = {
            m.code: m
            for m in Measure.objects.filter(
                code__in=[
                    code(u) for u in chosen for code in (count_code, rate_code, bed_days_code)
                ]
            )
        }
        for unit in chosen:
            outcome = UnitMeasures(unit)
            outcomes.append(outcome)
            rows.extend(_unit_rows(unit, counts.get(unit.pk, {}), bed_days, existing, end, outcome))
        if not rows:
            return RefreshResult(outcomes, _summary(outcomes, "nothing to write"), [])
        numbered = [(number, *row) for number, row in enumerate(rows, start=1)]
        who = f", asked by {actor}" if actor_kind(actor) == PERSON else ""
        result = upsert_observations(
            numbered, actor=EVENT_MEASURES, source=f"{SOURCE}{who}", route=route
        )
        if not result.ok:  # our own figures: a refusal is a fault to see, never half-written
            problems = "; ".join(str(error) for error in result.errors[:3])
            raise ValueError(f"The event measures were not written: {problems}")
    return RefreshResult(outcomes, _summary(outcomes, result.summary()), result.measure_ids)


def _summary(outcomes: list[UnitMeasures], written: str) -> str:
    units = len(outcomes)
    return f"Event measures of {units:,} unit{'s' if units != 1 else ''} refreshed: {written}"


def _monthly_counts(
    units: list[OrgUnit], earliest: dt.date, end: dt.date
) -> dict[int, dict[dt.date, int]]:
    """{unit id: {month: events that occurred in it}}, in one grouped query."""
    rows = (
        SafetyEvent.objects.filter(
            org_unit__in=units,
            archived_at__isnull=True,
            occurred_on__gte=earliest,
            occurred_on__lt=end,
        )
        .annotate(month=TruncMonth("occurred_on"))
        .order_by()
        .values("org_unit_id", "month")
        .annotate(events=Count("pk"))
    )
    counts: dict[int, dict[dt.date, int]] = defaultdict(dict)
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        counts[row["org_unit_id"]][month] = row["events"]
    return counts


def _bed_days(
    units: list[OrgUnit], earliest: dt.date, end: dt.date
) -> dict[str, dict[dt.date, float]]:
    """{bed days measure code: {month: occupied bed days}} of the units' live measures."""
    values = Observation.objects.filter(
        measure__code__in=[bed_days_code(unit) for unit in units],
        measure__archived_at__isnull=True,
        measure__frequency=Frequency.MONTH,
        period__gte=earliest,
        period__lt=end,
    ).values_list("measure__code", "period", "value")
    found: dict[str, dict[dt.date, float]] = defaultdict(dict)
    for code, period, value in values:
        if value is not None:
            found[code][period] = value
    return found


def _unit_rows(
    unit: OrgUnit,
    counts: dict[dt.date, int],
    bed_days: dict[str, dict[dt.date, float]],
    existing: dict[str, Measure],
    end: dt.date,
    outcome: UnitMeasures,
) -> list[tuple[Any, ...]]:
    beds = bed_days.get(bed_days_code(unit), {})
    bed_measure = existing.get(bed_days_code(unit))
    starts = [month for month in counts] + [month for month, days in beds.items() if days > 0]
    if not starts:
        outcome.notes.append(f"{unit.name}: no events and no bed days yet, nothing to chart")
        return []
    count_measure = _measure(unit, count_code(unit), existing, outcome, rate=False)
    if count_measure is None:
        return []
    months = _month_range(min(starts), end)
    rows: list[tuple[Any, ...]] = [
        (count_measure.code, month, float(counts.get(month, 0)), None, None) for month in months
    ]
    outcome.months = len(months)
    if bed_measure is None or bed_measure.archived_at is not None:
        outcome.notes.append(
            f"{unit.name}: no rate per 1,000 bed days, because there is no occupied bed days "
            f"measure {bed_days_code(unit)}; import the unit's monthly bed days as that measure"
        )
        return rows
    if bed_measure.frequency != Frequency.MONTH:
        outcome.notes.append(
            f"{unit.name}: no rate per 1,000 bed days, because {bed_days_code(unit)} is not monthly"
        )
        return rows
    rate_measure = _measure(unit, rate_code(unit), existing, outcome, rate=True)
    if rate_measure is None:
        return rows
    missing = []
    for month in months:
        days = beds.get(month)
        if days is None or days <= 0:
            missing.append(month)
            continue
        rows.append((rate_measure.code, month, None, float(counts.get(month, 0)), days))
        outcome.rate_months += 1
    if missing:
        outcome.notes.append(
            f"{unit.name}: no occupied bed days for {_months_text(missing)} "
            f"({bed_days_code(unit)}), so no rate for "
            f"{'that month' if len(missing) == 1 else 'those months'}"
        )
    return rows


def _measure(
    unit: OrgUnit, code: str, existing: dict[str, Measure], outcome: UnitMeasures, *, rate: bool
) -> Measure | None:
    """The unit's event measure CODE, made the first time; None (with a note) when a measure
    of that code exists that safety events do not feed."""
    measure = existing.get(code)
    if measure is not None:
        if measure.data_source != SOURCE or measure.org_unit_id != unit.pk:
            outcome.notes.append(
                f"{unit.name}: the measure {code} already exists and is not fed by safety "
                "events, so it was left alone"
            )
            return None
        return measure
    measure = create_measure(_definition(unit, code, rate=rate), actor=EVENT_MEASURES)
    existing[code] = measure
    return measure


def _definition(unit: OrgUnit, code: str, *, rate: bool) -> dict[str, Any]:
    common = {
        "code": code,
        "org_unit": unit,
        "frequency": Frequency.MONTH,
        "direction": Direction.DECREASE,
        "data_source": SOURCE,
        "valid_min": 0.0,
    }
    if rate:
        return {
            **common,
            "name": f"Patient safety events per 1,000 occupied bed days, {unit.name}"[:200],
            "definition": "Patient safety events that occurred on the unit in the month, per "
            "1,000 occupied bed days (computed from the reported events and the unit's "
            f"occupied bed days measure {bed_days_code(unit)}).",
            "numerator_definition": "Patient safety events that occurred in the month",
            "denominator_definition": "Occupied bed days in the month",
            "unit_label": "per 1,000 bed days",
            "multiplier": RATE_MULTIPLIER,
            "chart_type": ChartType.U,
        }
    return {
        **common,
        "name": f"Patient safety events reported, {unit.name}"[:200],
        "definition": "Patient safety events (of every type) that occurred on the unit in the "
        "month, as reported; computed from the reports, so a late report changes the month.",
        "unit_label": "events",
        "chart_type": ChartType.XMR,
    }


def event_measures_of(units: Iterable[Any]) -> dict[int, list[Measure]]:
    """{unit id: [its event count and rate measures]} of UNITS, for pages that show them."""
    codes = [code(unit) for unit in units for code in (count_code, rate_code)]
    found: dict[int, list[Measure]] = defaultdict(list)
    for measure in Measure.objects.filter(
        code__in=codes, data_source=SOURCE, archived_at__isnull=True
    ).order_by("code"):
        found[measure.org_unit_id].append(measure)
    return found
