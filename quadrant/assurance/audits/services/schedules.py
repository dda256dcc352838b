"""The programme's schedules: which template is done on which unit, how often, and by whom."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from quadrant.assurance.audits.models import AuditSchedule, AuditTemplate
from quadrant.core.actors import PERSON_OR_SYSTEM
from quadrant.core.permissions import Capability, check_actor, may
from quadrant.core.services import archive_object, create_object, update_object


def check_assignee(assignee: Any, org_unit: Any) -> None:
    """The person assigned must be someone who may carry out audits on the unit (checked at
    assignment; the digest still reminds them if that later changes, so nothing goes quiet)."""
    if assignee is None:
        return
    if not may(assignee, Capability.DO_AUDITS, AuditSchedule(org_unit=org_unit)):
        raise ValidationError(
            {"assignee": f"Assigned to must be someone who may carry out audits on {org_unit}"}
        )


def schedule_audit(
    template: AuditTemplate,
    org_unit: Any,
    frequency: str,
    *,
    assignee: Any = None,
    actor: Any,
) -> AuditSchedule:
    """Put TEMPLATE on ORG_UNIT's programme (people who manage audits there, or the system),
    assigned to ASSIGNEE if given."""
    check_actor(actor, Capability.MANAGE_AUDITS, AuditSchedule(org_unit=org_unit),
                allow=PERSON_OR_SYSTEM)  # fmt: skip
    taken = AuditSchedule.objects.filter(
        template_code=template.code, org_unit=org_unit, archived_at__isnull=True
    )
    if taken.exists():
        raise ValidationError({"template": f"{org_unit} already has “{template}” on its programme"})
    check_assignee(assignee, org_unit)
    fields = {"template_code": template.code, "org_unit": org_unit, "frequency": frequency,
              "assignee": assignee}  # fmt: skip
    return create_object(AuditSchedule, fields, actor=actor)


def change_schedule(
    schedule: AuditSchedule,
    *,
    frequency: str,
    assignee: Any,
    actor: Any,
    expected_version: int | None = None,
) -> AuditSchedule:
    """Change how often the audit is done and who is assigned to it."""
    check_actor(actor, Capability.MANAGE_AUDITS, schedule)
    check_assignee(assignee, schedule.org_unit)
    changes = {"frequency": frequency, "assignee": assignee}
    return update_object(schedule, changes, actor=actor, expected_version=expected_version)


def unschedule_audit(schedule: AuditSchedule, *, actor: Any) -> AuditSchedule:
    check_actor(actor, Capability.MANAGE_AUDITS, schedule)
    return archive_object(schedule, actor=actor)
