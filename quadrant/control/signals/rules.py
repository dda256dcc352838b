"""Signals: raised when new or corrected data turns a measure's latest point into a special
cause of concern, or its assurance into consistently failing; closed automatically when a
correction removes the condition; acknowledged with a note or turned into an action.

Rules work on transitions of the cached status (quadrant.control.summary.icon_cache), so one episode
raises one signal, and a re-import of the same data (which changes nothing) raises none.
A measure's first analysis (its first import of history) raises signals marked as history:
shown in the app, never emailed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from quadrant.actions.public import raise_action
from quadrant.control.measures.models import Observation
from quadrant.control.signals.models import Signal, SignalKind, SignalStatus
from quadrant.control.summary.icon_cache import Change, StatusRow, refresh_statuses
from quadrant.control.summary.models import MeasureStatus
from quadrant.core.context import acting_as
from quadrant.core.jobs import JobContext, job_handler
from quadrant.core.permissions import Capability, require
from quadrant.core.services import update_object

logger = logging.getLogger(__name__)


def _failing_detail(status: StatusRow) -> str:
    return status.reading.split("; ", 1)[-1].capitalize() if status.reading else "Target failed"


def _detail(kind: str, status: StatusRow, *, with_failing: bool = False) -> str:
    if kind == SignalKind.CONCERN:
        if with_failing:  # one signal says both: "Special cause of concern: ...; the target..."
            return status.reading[:300]
        return status.reading.split("; ", 1)[0][:300]
    return _failing_detail(status)[:300]


def _close_note(kind: str, status: StatusRow, today: dt.date) -> str:
    what = (
        "the latest point is no longer a special cause of concern"
        if kind == SignalKind.CONCERN
        else "the target is no longer consistently failed"
    )
    period = f" ({status.latest_period:%d %B %Y})" if status.latest_period else ""
    return f"Closed automatically on {today:%d %B %Y}: after the data changed, {what}{period}."


def apply_rules(changes: Iterable[Change], *, actor: Any = None) -> dict[str, int]:
    """Raise and close signals for the status transitions in CHANGES."""
    counts = {"raised": 0, "closed": 0}
    today = dt.date.today()
    wanted: list[tuple[SignalKind, Change]] = []
    ending: list[tuple[SignalKind, Change]] = []
    for change in changes:
        before = change.before or (False, False)
        after = (change.after.concern, change.after.failing)
        for index, kind in enumerate((SignalKind.CONCERN, SignalKind.FAILING)):
            if after[index] and not before[index]:
                wanted.append((kind, change))
            elif before[index] and not after[index]:
                ending.append((kind, change))
    if not wanted and not ending:
        return counts
    with acting_as(actor), transaction.atomic():
        open_now = set(
            Signal.objects.filter(
                measure_id__in={c.measure_id for _, c in wanted + ending},
                status=SignalStatus.OPEN,
            ).values_list("measure_id", "kind")
        )
        # A measure whose latest point turns into a special cause of concern as its target
        # becomes consistently failed gets one signal saying both, not one of each.
        concern_now = {c.measure_id for kind, c in wanted if kind == SignalKind.CONCERN}
        concern_now -= {measure_id for measure_id, kind in open_now if kind == SignalKind.CONCERN}
        raised = [
            Signal(
                measure_id=change.measure_id,
                kind=kind,
                period=change.after.latest_period,
                detail=_detail(kind, change.after, with_failing=change.after.failing),
                history=change.before is None,
            )
            for kind, change in wanted
            if (change.measure_id, kind) not in open_now
            and not (kind == SignalKind.FAILING and change.measure_id in concern_now)
        ]
        # When the concern ends but the target is still failed, that now needs its own signal.
        raised += [
            Signal(
                measure_id=change.measure_id,
                kind=SignalKind.FAILING,
                period=change.after.latest_period,
                detail=_detail(SignalKind.FAILING, change.after),
                history=False,
            )
            for kind, change in ending
            if kind == SignalKind.CONCERN
            and change.after.failing
            and (change.measure_id, SignalKind.FAILING) not in open_now
            and _signalled_together(change.measure_id)
        ]
        Signal.objects.bulk_create(raised, batch_size=500)  # audited as one event
        counts["raised"] = len(raised)
        for kind, change in ending:
            for signal in Signal.objects.filter(
                measure_id=change.measure_id, kind=kind, status=SignalStatus.OPEN
            ):
                update_object(
                    signal,
                    {
                        "status": SignalStatus.CLOSED,
                        "closed_at": timezone.now(),
                        "note": _close_note(kind, change.after, today),
                    },
                    actor=actor,
                )
                counts["closed"] += 1
    return counts


def _signalled_together(measure_id: int) -> bool:
    """True when the measure's open signal of concern also told of its failed target (so the
    target has no signal of its own while it is still failed)."""
    return not Signal.objects.filter(
        measure_id=measure_id,
        kind=SignalKind.FAILING,
        status__in=[SignalStatus.OPEN, SignalStatus.ACKNOWLEDGED, SignalStatus.ACTIONED],
    ).exists()


def recalculate(measure_ids: list[int] | None = None, *, actor: Any = None) -> dict[str, int]:
    """Refresh the cached status of the measures, then raise and close their signals."""
    changes = refresh_statuses(measure_ids)
    counts = apply_rules(changes, actor=actor)
    counts["measures"] = len(changes)
    return counts


def measure_statuses(measure_ids: Iterable[int]) -> dict[int, MeasureStatus]:
    """The stored SPC status of each of MEASURE_IDS, by measure id, from the cache the summary
    reads. A measure with observations but no stored status yet (its data was written without
    the after-commit recalculation) is recalculated first, as a change of its data would be;
    a measure without data, or whose data the engine refuses, has no status."""
    ids = set(measure_ids)
    found = {status.measure_id: status for status in MeasureStatus.objects.filter(pk__in=ids)}
    missing = sorted(ids - found.keys())
    if missing and Observation.objects.filter(measure_id__in=missing).exists():
        recalculate(missing)
        found.update(
            (status.measure_id, status) for status in MeasureStatus.objects.filter(pk__in=missing)
        )
    return found


def attach_statuses(measures: Iterable[Any]) -> None:
    """Give each of MEASURES its stored status (`measure_statuses`) as `stored_status` (None
    when it has none), with one query for all of them."""
    measures = list(measures)
    statuses = measure_statuses(measure.pk for measure in measures)
    for measure in measures:
        measure.stored_status = statuses.get(measure.pk)


def acknowledge_signal(signal: Signal, *, note: str, actor: Any) -> Signal:
    """Record that the signal was seen and why no action is needed (a note is required)."""
    require(actor, Capability.ACT_ON_SIGNALS, signal)
    if not note.strip():
        raise ValidationError({"note": "Say what you found, or why no action is needed."})
    if signal.status != SignalStatus.OPEN:
        raise ValidationError(
            {"note": f"This signal is already {signal.get_status_display().lower()}."}
        )
    return update_object(
        signal,
        {
            "status": SignalStatus.ACKNOWLEDGED,
            "note": note.strip(),
            "handled_by": actor,
            "handled_at": timezone.now(),
        },
        actor=actor,
    )


def turn_signal_into_action(
    signal: Signal,
    *,
    title: str,
    owner: Any,
    due_date: dt.date,
    description: str = "",
    actor: Any,
) -> Any:
    """Raise an action from the signal (at the measure's unit) and mark the signal actioned."""
    require(actor, Capability.ACT_ON_SIGNALS, signal)
    if signal.status not in (SignalStatus.OPEN, SignalStatus.ACKNOWLEDGED):
        raise ValidationError(
            {"title": f"This signal is already {signal.get_status_display().lower()}."}
        )
    with acting_as(actor), transaction.atomic():
        action = raise_action(
            title=title,
            description=description or f"{signal.measure.name}: {signal.detail}",
            owner=owner,
            org_unit=signal.measure.org_unit,
            due_date=due_date,
            source=signal,
            actor=actor,
        )
        update_object(
            signal,
            {
                "status": SignalStatus.ACTIONED,
                "handled_by": actor,
                "handled_at": timezone.now(),
                "note": signal.note or f"Turned into the action “{action.title}”.",
            },
            actor=actor,
        )
    return action


# Above this many measures, recalculation after an import runs as a background job.
INLINE_LIMIT = 200


def on_observations_changed(
    sender: Any, *, measure_ids: list[int], actor: Any = None, **kwargs: Any
) -> None:
    """After data came in (and was committed): refresh the icons and apply the rules, at
    once for a few measures, as a background job (with progress) for a large import."""
    ids = sorted(set(measure_ids))
    if len(ids) > INLINE_LIMIT:
        from quadrant.core.jobs import start_job

        start_job(
            "recalculate_icons",
            title=f"Recalculate the icons and signals of {len(ids):,} measures",
            actor=actor,
            params={"measure_ids": ids},
        )
        return
    try:
        recalculate(ids, actor=actor)
    except Exception:  # the data is committed; the next change or the nightly run catches up
        logger.exception("Recalculating %s measures after new data failed", len(ids))


@job_handler("recalculate_icons")
def recalculate_job(context: JobContext) -> dict[str, Any]:
    """The background job: one analyse_many over the measures whose data changed."""
    context.progress(5, "Analysing the measures")
    counts = recalculate(context.params.get("measure_ids"), actor=context.job.created_by)
    context.log(
        f"{counts['measures']:,} measures recalculated; {counts['raised']:,} signals raised, "
        f"{counts['closed']:,} closed"
    )
    return counts
