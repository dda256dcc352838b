"""Demo signals and actions (a seed step registered by quadrant/control/demo_seed.py): every
measure's cached icons and signals computed from the control step's data, and on `manager`'s
ward an action raised from an earlier signal (now in progress) beside the open signal of
concern.

Runs after the control step (order 150; control seeds its measures at 50). Signals found in
the demo's history are marked as history, so seeding never emails anyone.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import F, Max, OuterRef, Q, Subquery
from django.utils import timezone

from quadrant.actions.public import Action, ActionStatus
from quadrant.control.measures.models import Measure
from quadrant.control.signals.models import Signal, SignalKind, SignalStatus
from quadrant.control.signals.rules import recalculate
from quadrant.control.summary.models import MeasureStatus
from quadrant.demo import SeedContext, register_seed_step

EVERY_VARIATION = {
    "common_cause", "improvement_high", "improvement_low", "concern_high", "concern_low",
    "neutral_high", "neutral_low",
}  # fmt: skip
EVERY_ASSURANCE = {"consistent_pass", "consistent_fail", "inconsistent"}


def _earlier_signal(measure: Any, reference: dt.date) -> Any:
    """A concern signal of an earlier episode on MEASURE, already turned into an action."""
    period = reference - dt.timedelta(days=120)
    return Signal.objects.create(
        measure=measure,
        kind=SignalKind.CONCERN,
        status=SignalStatus.ACTIONED,
        period=period,
        detail=(
            f"Special cause of concern: the point of {period:%B %Y} was beyond the process limit"
        ),
        history=True,
        note="Reviewed at the ward safety huddle; turned into an action.",
    )


def seed_actions(context: SeedContext, manager: Any, ward: Any, measure: Any) -> Action:
    from django.contrib.contenttypes.models import ContentType

    signal = _earlier_signal(measure, context.reference_date)
    staff = context.people.get("staff") or manager
    return Action.objects.create(
        title=f"Review the causes behind “{measure.name}”",
        description="Look at the incidents of the period with the team and agree changes.",
        source_type=ContentType.objects.get_for_model(type(signal)),
        source_id=signal.pk,
        owner=staff,
        org_unit=ward,
        due_date=context.reference_date + dt.timedelta(days=45),
        status=ActionStatus.IN_PROGRESS,
    )


def icon_coverage() -> tuple[set[str], set[str]]:
    """The variation and assurance icons that no measure shows."""
    variation = Counter(MeasureStatus.objects.values_list("variation_icon", flat=True))
    assurance = Counter(MeasureStatus.objects.values_list("assurance_icon", flat=True))
    return EVERY_VARIATION - set(variation), EVERY_ASSURANCE - set(assurance)


STILL_OPEN = 0.3  # the share of signals of concern nobody has answered yet


def acknowledge_most_signals(context: SeedContext) -> int:
    """A trust that has used Quadrant for a while has looked at most of its signals: a target
    consistently missed is long known, and most special causes of concern have been seen by
    their measure's owner. All of those are marked acknowledged by the owner; about
    STILL_OPEN of the concerns (on `manager`'s ward, at least one) stay open for someone to
    answer on the board's and the units' pages."""
    rng = context.rng_for("signals")
    ward = context.manager_ward
    open_signals = Signal.objects.filter(status=SignalStatus.OPEN).select_related("measure")
    seen = [
        signal.pk
        for signal in open_signals.order_by("pk")
        if signal.kind == SignalKind.FAILING
        or (rng.random() >= STILL_OPEN and not (ward and signal.measure.org_unit_id == ward.pk))
    ]
    owner = Measure.objects.filter(pk=OuterRef("measure_id")).values("owner_id")[:1]
    return Signal.objects.filter(pk__in=seen).update(
        status=SignalStatus.ACKNOWLEDGED,
        handled_by_id=Subquery(owner),
        handled_at=timezone.now(),
        note="Seen by the measure's owner and discussed at the monthly quality meeting.",
    )


def seed_signals_and_actions(context: SeedContext) -> None:
    counts = recalculate(None)
    reviewed = acknowledge_most_signals(context)
    context.log(
        f"Icons of {counts['measures']:,} measures; {counts['raised']:,} signals from history "
        f"({reviewed:,} of them acknowledged already)"
    )
    manager = context.people.get("manager")
    ward = context.manager_ward if manager is not None else None
    if ward is None:
        return
    measures = Measure.objects.filter(org_unit=ward, archived_at__isnull=True).order_by("code")
    if not measures.exists():
        context.log("No measures on the manager's ward: no demo action raised")
        return
    open_concern = Signal.objects.filter(measure__in=measures, kind="concern", status="open")
    if not open_concern.exists():
        context.log("Warning: the manager's ward has no open signal of concern")
    source = measures.exclude(pk__in=open_concern.values("measure")).first() or measures.first()
    seed_actions(context, manager, ward, source)
    missing_variation, missing_assurance = icon_coverage()
    if missing_variation or missing_assurance:
        context.log(
            "Warning: icons missing from the demo: "
            + ", ".join(sorted(missing_variation | missing_assurance))
        )


register_seed_step("signals_and_actions", seed_signals_and_actions, order=150)


def out_of_date_measures() -> list[int]:
    """Measures whose stored status is missing or older than their latest observation (data
    written in bulk without the recalculation that follows a change, as demo steps do)."""
    latest = Measure.objects.filter(archived_at__isnull=True, observations__isnull=False)
    latest = latest.annotate(changed=Max("observations__updated_at"))
    return sorted(
        latest.filter(Q(status__isnull=True) | Q(status__computed_at__lt=F("changed")))
        .values_list("pk", flat=True)
        .distinct()
    )


def seed_statuses(context: SeedContext) -> None:
    """After every other step: the stored status (icons, latest point, reading) and signals of
    the measures whose data a later step wrote, so every page gives the same answer."""
    ids = out_of_date_measures()
    if ids:
        counts = recalculate(ids)
        context.log(f"Icons of {counts['measures']:,} more measures (data of later steps)")


register_seed_step("statuses", seed_statuses, order=1000)
