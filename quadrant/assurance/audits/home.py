"""The "My audits" section of "My quality": the audits a person has begun and not signed off,
and the programme's audits assigned to them that are due or overdue this period, each with the
way to carry it on or start it. Nothing is shown to someone with neither."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from quadrant.assurance.audits.choices import RunStatus
from quadrant.assurance.audits.models import AuditRun, AuditTemplate
from quadrant.assurance.audits.programme import DONE, items_of, narrowed, scheduled

SHOWN = 5


def my_audits(user: Any) -> dict[str, Any] | None:
    """Four queries: the runs begun, the schedules assigned, their last runs, the titles."""
    begun = list(
        AuditRun.objects.filter(
            auditor=user.pk, status=RunStatus.IN_PROGRESS, archived_at__isnull=True
        )
        .select_related("template", "org_unit")
        .order_by("run_date", "pk")[:SHOWN]
    )
    assigned = narrowed(scheduled(user), assignee=user)
    waiting = [item for item in items_of(assigned, timezone.localdate()) if item.status != DONE]
    if not begun and not waiting:
        return None
    titles = dict(
        AuditTemplate.objects.filter(
            superseded_at__isnull=True, code__in={item.schedule.template_code for item in waiting}
        ).values_list("code", "title")
    )
    rows = [{"item": item, "title": titles.get(item.schedule.template_code,
                                               item.schedule.template_code)}
            for item in waiting[:SHOWN]]  # fmt: skip
    return {"begun": begun, "rows": rows, "more": max(len(waiting) - SHOWN, 0)}
