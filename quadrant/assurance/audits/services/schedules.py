"""The programme's schedules: which template is done on which unit, and how often."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from quadrant.assurance.audits.models import AuditSchedule, AuditTemplate
from quadrant.core.actors import PERSON_OR_SYSTEM
from quadrant.core.permissions import Capability, check_actor
from quadrant.core.services import archive_object, create_object


def schedule_audit(
    template: AuditTemplate, org_unit: Any, frequency: str, *, actor: Any
) -> AuditSchedule:
    """Put TEMPLATE on ORG_UNIT's programme (people who manage audits there, or the system)."""
    check_actor(actor, Capability.MANAGE_AUDITS, AuditSchedule(org_unit=org_unit),
                allow=PERSON_OR_SYSTEM)  # fmt: skip
    taken = AuditSchedule.objects.filter(
        template_code=template.code, org_unit=org_unit, archived_at__isnull=True
    )
    if taken.exists():
        raise ValidationError({"template": f"{org_unit} already has “{template}” on its programme"})
    fields = {"template_code": template.code, "org_unit": org_unit, "frequency": frequency}
    return create_object(AuditSchedule, fields, actor=actor)


def unschedule_audit(schedule: AuditSchedule, *, actor: Any) -> AuditSchedule:
    check_actor(actor, Capability.MANAGE_AUDITS, schedule)
    return archive_object(schedule, actor=actor)
