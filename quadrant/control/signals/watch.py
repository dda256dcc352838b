"""What signals plug in: recalculation when data changes, signals on the home and unit pages,
the summary in the navigation, and new signals in the daily digest.

Imported from quadrant/control/registrations.py (AppConfig.ready).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone

from quadrant.actions.public import (
    DigestLines,
    absolute_link,
    register_digest_section,
    unit_managers,
)
from quadrant.control.events import observations_changed
from quadrant.control.measures.models import Annotation, Measure, MeasureTarget
from quadrant.control.signals.models import Signal, SignalStatus
from quadrant.control.signals.rules import on_observations_changed, recalculate
from quadrant.core.permissions import Capability, has_role_anywhere
from quadrant.core.registry import (
    HomeSection,
    NavItem,
    UnitSection,
    register_home_section,
    register_nav,
    register_unit_section,
)

observations_changed.connect(on_observations_changed, dispatch_uid="control-recalculate")


# Targets, rebases and definitions change the icons too: recalculate once per transaction.
def _later(measure_id: int) -> None:
    connection = transaction.get_connection()
    pending: set[int] | None = getattr(connection, "_quadrant_icons_pending", None)
    queued = pending is not None and any(
        getattr(entry[1], "_quadrant_icons", False) for entry in connection.run_on_commit
    )
    if not queued:  # none yet in this transaction (or a rolled-back one left its set behind)
        pending = connection._quadrant_icons_pending = set()

        def flush() -> None:
            ids = connection.__dict__.pop("_quadrant_icons_pending", set())
            if ids:
                on_observations_changed(Measure, measure_ids=sorted(ids))

        flush._quadrant_icons = True  # type: ignore[attr-defined]
        pending.add(measure_id)
        transaction.on_commit(flush)  # outside a transaction this runs at once
        return
    assert pending is not None
    pending.add(measure_id)


def _on_definition_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if sender is Measure:
        if not created:
            _later(instance.pk)
    elif sender is MeasureTarget or instance.kind == "rebase":
        _later(instance.measure_id)


for model in (Measure, MeasureTarget, Annotation):
    post_save.connect(_on_definition_saved, sender=model, dispatch_uid=f"control-icons-{model}")


register_nav(
    NavItem(
        "Summary",
        "control:summary",
        order=35,
        # the summary is of the units one holds a role at: nothing to show to anyone else
        visible=lambda user: has_role_anywhere(user, Capability.VIEW),
    )
)


def signals_for_me(user: Any) -> dict[str, Any] | None:
    """Open signals on measures I own, or in units where I am a manager."""
    from quadrant.core.permissions import Capability, restrict
    from quadrant.organisation.choices import Role

    managed = [held.path for held in _held(user) if held.role == Role.MANAGER]
    mine = Q(measure__owner=user)
    for path in managed:
        mine |= Q(measure__org_unit__path__startswith=path)
    signals = list(
        restrict(Signal.objects.all(), user, Capability.VIEW)
        .filter(mine, status=SignalStatus.OPEN)
        .select_related("measure", "measure__org_unit")
        .order_by("-created_at")[:10]
    )
    return {"signals": signals} if signals else None


def _held(user: Any) -> list[Any]:
    from quadrant.core.permissions import held_roles

    return held_roles(user)


def unit_signals(unit: Any, user: Any) -> dict[str, Any] | None:
    from quadrant.control.summary.matrix import base_queryset
    from quadrant.core.permissions import Capability, restrict

    measures = base_queryset(user, unit)
    total = measures.count()
    if not total:
        return None
    signals = list(
        restrict(Signal.objects.all(), user, Capability.VIEW)
        .filter(measure__org_unit__path__startswith=unit.path, status=SignalStatus.OPEN)
        .select_related("measure", "measure__org_unit")
        .order_by("-created_at")[:5]
    )
    concern = measures.filter(status__concern=True).count()
    return {
        "signals": signals,
        "unit": unit,
        "counts": {"total": total, "concern": concern},
        "stale": stale_measures(measures),
    }


def stale_measures(measures: Any, today: dt.date | None = None) -> list[dict[str, Any]]:
    """The measures of MEASURES whose data is stale, oldest data first, each with its name,
    link and "No new data since ..." text."""
    from quadrant.control.summary.models import is_stale, stale_text

    found = []
    rows = measures.filter(status__latest_period__isnull=False).values(
        "code", "name", "frequency", "status__latest_period"
    )
    for row in rows.order_by("status__latest_period", "name"):
        latest = row["status__latest_period"]
        if is_stale(row["frequency"], latest, today):
            url = reverse("control:measure", args=[row["code"]])
            found.append({"name": row["name"], "url": url, "text": stale_text(latest)})
    return found


register_home_section(
    HomeSection("Signals on my measures", "control/includes/home_signals.html", 20, signals_for_me)
)
register_unit_section(
    UnitSection("Signals and measures", "control/includes/unit_signals.html", 20, unit_signals)
)


def new_signals(today: dt.date) -> list[DigestLines]:
    """Signals not yet emailed (history from a first import never is): to the measure's
    owner, or to the unit's managers when the measure has no owner."""
    section = DigestLines("New signals on your measures")
    queryset = Signal.objects.filter(
        status=SignalStatus.OPEN, history=False, emailed_at__isnull=True
    ).select_related("measure", "measure__org_unit")
    for signal in queryset:
        people = [signal.measure.owner] if signal.measure.owner_id else []
        people = people or unit_managers(signal.measure.org_unit)
        for person in people:
            section.lines[person.pk].append(
                f"{signal.measure.name} ({signal.measure.org_unit}): {signal.detail}. "
                f"{absolute_link(signal.get_absolute_url())}"
            )
            section.marks[person.pk].append(signal.pk)

    def mark(ids: list[Any]) -> None:
        Signal.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=timezone.now())

    section.sent = mark
    return [section]


register_digest_section(new_signals)

__all__ = ["recalculate"]
