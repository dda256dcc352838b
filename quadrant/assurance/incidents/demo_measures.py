"""Demo event measures: synthetic occupied bed days for every ward (about 90% of its beds
filled, a little lower in summer), then each ward's event count and rate per 1,000 bed days
computed by the real refresh (services.measures), so the demo shows exactly what a trust
would see. The demo manager's ward has the rise seeded by demo_seed.py, a special cause of
concern on its charts. One ward has a month of bed days missing, as happens, and so no rate
for that month. The bed days measures are bulk-created in one history event, as the control
demo makes its measures."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from quadrant.assurance.incidents.services.measures import (
    bed_days_code,
    refresh_event_measures,
)
from quadrant.control.public import DataRoute, Frequency, Measure, upsert_observations
from quadrant.core import history
from quadrant.core.actors import DEMO_SEEDER

MONTHS = 25
BEDS = (20, 24, 28, 32)
OCCUPANCY = 0.9


def _months(today: dt.date) -> list[dt.date]:
    month, months = today.replace(day=1), []
    for _ in range(MONTHS):
        month = (month - dt.timedelta(days=1)).replace(day=1)
        months.append(month)
    return sorted(months)


def _days_in(month: dt.date) -> int:
    return ((month + dt.timedelta(days=32)).replace(day=1) - month).days


def seed_event_measures(context: Any) -> None:
    rng = context.rng_for("safety-event-measures")
    wards = sorted((u for u in context.units.values() if u.kind == "ward"), key=lambda u: u.code)
    today = context.reference_date
    months = _months(today)
    gap_ward = wards[-1] if len(wards) > 1 else None
    with history.grouped("Demo occupied bed days measures", model=Measure, route="demo"):
        Measure.objects.bulk_create(
            Measure(
                code=bed_days_code(ward), name=f"Occupied bed days, {ward.name}", org_unit=ward,
                definition="Beds occupied at midnight, summed over the month.",
                unit_label="bed days", frequency=Frequency.MONTH, data_source="Bed management",
                valid_min=0.0,
            )
            for ward in wards
        )  # fmt: skip
    rows: list[tuple[Any, ...]] = []
    for ward in wards:
        beds = rng.choice(BEDS)
        for month in months:
            if ward is gap_ward and month == months[-4]:
                continue  # the month whose bed days never came in
            season = 1 - 0.04 * math.cos(2 * math.pi * (month.month - 1) / 12)
            filled = OCCUPANCY * season * rng.uniform(0.96, 1.03)
            rows.append((bed_days_code(ward), month, round(beds * _days_in(month) * filled)))
    numbered = [
        (n, code, month, value, None, None) for n, (code, month, value) in enumerate(rows, 1)
    ]
    upsert_observations(numbered, actor=DEMO_SEEDER, source="Demo bed days", route=DataRoute.DEMO)
    result = refresh_event_measures(wards, actor=DEMO_SEEDER, today=today, route=DataRoute.DEMO)
    context.log(f"safety event measures: {len(wards)} wards' bed days; {result.summary}")
