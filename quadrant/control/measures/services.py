"""Writes of the control component: measures, targets, annotations and one period's value.

Bulk loads of observations go through
quadrant.control.intake.importers.upsert.upsert_observations; an uploaded file's record and
the saved column mappings through quadrant.control.intake.importers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from quadrant.control.choices import DataRoute
from quadrant.control.events import observations_changed
from quadrant.control.intake.importers.upsert import measure_lookup
from quadrant.control.intake.importers.validation import check_rows
from quadrant.control.measures.models import (
    Annotation,
    Measure,
    MeasureTarget,
    Observation,
    ObservationCorrection,
)
from quadrant.core.actors import PERSON_OR_SYSTEM
from quadrant.core.context import acting_as
from quadrant.core.permissions import Capability, check_actor, require
from quadrant.core.references import check_references
from quadrant.core.services import archive_object, create_object, restore_object, update_object


def create_measure(fields: Mapping[str, Any], *, actor: Any) -> Measure:
    """Define a new measure in a unit where ACTOR may define measures (or as the system: the
    measure of an audit's results)."""
    unit = Measure(**{"org_unit": fields.get("org_unit")})
    check_actor(actor, Capability.DEFINE_MEASURES, unit, allow=PERSON_OR_SYSTEM)
    check_references(actor, {"owner": fields.get("owner")})
    return create_object(Measure, fields, actor=actor)


def update_measure(
    measure: Measure, changes: Mapping[str, Any], *, actor: Any, expected_version: int | None = None
) -> Measure:
    """Change a measure's definition (and, when it moves, check the new unit too)."""
    require(actor, Capability.DEFINE_MEASURES, measure)
    new_unit = changes.get("org_unit")
    if new_unit is not None and new_unit != measure.org_unit:
        require(actor, Capability.DEFINE_MEASURES, new_unit)
    owner = changes.get("owner")
    if owner is not None and owner.pk != measure.owner_id:
        check_references(actor, {"owner": owner})
    return update_object(measure, changes, actor=actor, expected_version=expected_version)


def archive_measure(
    measure: Measure, *, actor: Any, expected_version: int | None = None
) -> Measure:
    """Archive a measure: it and its data stay, hidden from working lists."""
    require(actor, Capability.DEFINE_MEASURES, measure)
    return archive_object(measure, actor=actor, expected_version=expected_version)


def restore_measure(measure: Measure, *, actor: Any) -> Measure:
    require(actor, Capability.DEFINE_MEASURES, measure)
    return restore_object(measure, actor=actor)


def set_target(measure: Measure, value: float, effective_from: dt.date, *, actor: Any) -> Any:
    """Set the measure's target from a date on (replacing a target set for the same date)."""
    check_actor(actor, Capability.DEFINE_MEASURES, measure, allow=PERSON_OR_SYSTEM)
    with acting_as(actor), transaction.atomic():
        target = MeasureTarget.objects.filter(
            measure=measure, effective_from=effective_from
        ).first()
        if target is None:
            return create_object(
                MeasureTarget,
                {"measure": measure, "value": value, "effective_from": effective_from},
                actor=actor,
            )
        return update_object(target, {"value": value}, actor=actor)


def add_annotation(
    measure: Measure, date: dt.date, kind: str, text: str, *, actor: Any
) -> Annotation:
    """Mark a rebase, an event or a note on the measure's chart."""
    require(actor, Capability.ENTER_DATA, measure)
    return create_object(
        Annotation, {"measure": measure, "date": date, "kind": kind, "text": text}, actor=actor
    )


def update_annotation(
    annotation: Annotation,
    changes: Mapping[str, Any],
    *,
    actor: Any,
    expected_version: int | None = None,
) -> Annotation:
    """Change an annotation (moving it to another measure needs the right to enter its data)."""
    require(actor, Capability.ENTER_DATA, annotation.measure)
    measure = changes.get("measure")
    if measure is not None and measure != annotation.measure:
        require(actor, Capability.ENTER_DATA, measure)
    return update_object(annotation, changes, actor=actor, expected_version=expected_version)


def archive_annotation(annotation: Annotation, *, actor: Any) -> Annotation:
    """Take an annotation off the chart (it stays in the history)."""
    require(actor, Capability.ENTER_DATA, annotation.measure)
    return archive_object(annotation, actor=actor)


def record_observation(
    measure: Measure,
    period: Any,
    *,
    value: Any = None,
    numerator: Any = None,
    denominator: Any = None,
    reason: str = "",
    actor: Any,
    route: str = DataRoute.HAND,
) -> Observation:
    """Add one period's value, or correct it (a reason is then required; the old value is kept
    in the corrections history)."""
    check_actor(actor, Capability.ENTER_DATA, measure, allow=PERSON_OR_SYSTEM)
    checked = check_rows(
        [(1, measure.code, period, value, numerator, denominator)],
        measure_lookup(actor, preload=False),
    )
    if checked.error_count:
        raise ValidationError({error.field or "value": error.message for error in checked.errors})
    ((period_date, (new_value, new_num, new_den, _)),) = checked.by_measure[measure.pk].items()
    with acting_as(actor), transaction.atomic():
        existing = Observation.objects.filter(measure=measure, period=period_date).first()
        if existing is None:
            observation = create_object(
                Observation,
                {
                    "measure": measure,
                    "period": period_date,
                    "value": new_value,
                    "numerator": new_num,
                    "denominator": new_den,
                },
                actor=actor,
            )
        else:
            observation = _correct(existing, (new_value, new_num, new_den), reason, actor, route)
        transaction.on_commit(
            lambda: observations_changed.send(
                Observation, measure_ids=[measure.pk], actor=actor, route=route
            )
        )
    return observation


def _correct(
    observation: Observation, new: tuple[Any, ...], reason: str, actor: Any, route: str
) -> Observation:
    old = (observation.value, observation.numerator, observation.denominator)
    if old == new:
        return observation
    if not reason.strip():
        raise ValidationError(
            {
                "reason": f"{observation.period:%d %B %Y} already has a value: give a reason for "
                "the correction"
            }
        )
    ObservationCorrection.between(observation, old, new, reason.strip(), route).save(
        force_insert=True
    )
    return update_object(
        observation,
        {"value": new[0], "numerator": new[1], "denominator": new[2]},
        actor=actor,
    )
