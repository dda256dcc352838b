"""Audit results as control measures: each template (by code) on each unit is a Measure of
the percentage compliant, made on its first signed-off run and fed one observation a month
through control's public services, so that its SPC chart and icons appear in the summary.
Its period is the programme's frequency for the unit (monthly or quarterly), monthly when the
template is not on the unit's programme.

Several runs in one period: the observation is their mean score (every signed-off run counts
the same); a run that scored nothing (all "not applicable") adds no observation.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg

from quadrant.assurance.audits.choices import RunStatus
from quadrant.assurance.audits.models import AuditMeasure, AuditRun, AuditSchedule
from quadrant.assurance.audits.programme import next_period, period_start
from quadrant.control.public import (
    ChartType,
    Direction,
    Frequency,
    create_measure,
    record_observation,
    set_target,
)
from quadrant.core.actors import SystemActor
from quadrant.core.services import create_object

AUDIT_RESULTS = SystemActor("audit results")  # writes the measure, whoever signed the run off
MEASURE_CODE_MAX = 40


def schedule_frequency(template_code: str, unit: Any) -> str:
    """The measure's period: the programme's frequency for the unit, or monthly."""
    schedule = AuditSchedule.objects.filter(
        template_code=template_code, org_unit=unit, archived_at__isnull=True
    ).first()
    return Frequency.QUARTER if schedule and schedule.frequency == "quarter" else Frequency.MONTH


def measure_code(template_code: str, unit: Any) -> str:
    """AUDIT-<unit>-<template>, or by ids when that would be too long for a measure code."""
    code = f"AUDIT-{unit.code}-{template_code}"
    return code if len(code) <= MEASURE_CODE_MAX else f"AUDIT-{unit.pk}-{template_code}"[:40]


def measure_name(template: Any, unit: Any) -> str:
    """ "Hand hygiene: % compliant, Ward 7": one name for each template on each unit."""
    return f"{template.title}: % compliant, {unit.name}"[:200]


def series_for(run: AuditRun) -> AuditMeasure:
    """The measure of RUN's template and unit, made (with its target) if it does not exist."""
    found: AuditMeasure | None = (
        AuditMeasure.objects.select_related("measure")
        .filter(template_code=run.template.code, org_unit_id=run.org_unit_id)
        .first()
    )
    if found is not None:
        return found
    template, unit = run.template, run.org_unit
    frequency = schedule_frequency(template.code, unit)
    measure = create_measure(
        {
            "code": measure_code(template.code, unit),
            "name": measure_name(template, unit),
            "definition": f"The score of each signed-off “{template.title}” audit on {unit}, "
            "as a percentage compliant (weighted; not-applicable answers left out); the "
            "mean of the period's audits when there are several.",
            "unit_label": "%",
            "chart_type": ChartType.XMR,
            "direction": Direction.INCREASE,
            "frequency": frequency,
            "org_unit": unit,
            "data_source": "Audits",
            "valid_min": 0.0,
            "valid_max": 100.0,
        },
        actor=AUDIT_RESULTS,
    )
    start = period_start(run.run_date, frequency)
    set_target(measure, float(template.pass_threshold), start, actor=AUDIT_RESULTS)
    fields = {"template_code": template.code, "org_unit": unit, "measure": measure}
    return create_object(AuditMeasure, fields, actor=AUDIT_RESULTS)


def feed_measure(run: AuditRun) -> Any:
    """Record the month of RUN (signed off, with a score) on its measure: the month's mean."""
    if run.score is None:
        return None
    series = series_for(run)
    frequency = series.measure.frequency
    month = period_start(run.run_date, frequency)
    next_month = next_period(month, frequency)
    in_month = AuditRun.objects.filter(
        template__code=series.template_code,
        org_unit_id=series.org_unit_id,
        status=RunStatus.SIGNED_OFF,
        score__isnull=False,
        archived_at__isnull=True,
        run_date__gte=month,
        run_date__lt=next_month,
    )
    mean = in_month.aggregate(mean=Avg("score"))["mean"]
    value = Decimal(mean).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return record_observation(
        series.measure,
        month,
        value=float(value),
        reason=f"Audit of {run.run_date:%d %B %Y} signed off: the mean of the period's audits",
        actor=AUDIT_RESULTS,
    )
