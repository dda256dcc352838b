"""The audits demo data: 20 templates citing internal standards, monthly runs (two years of six),
a measure per series fed each month, findings with actions in every status."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from quadrant.actions.public import Action, ActionStatus
from quadrant.assurance.audits.demo_seed import MONTHS, RECENT_MONTHS, seed_audits
from quadrant.assurance.audits.models import (
    AuditFinding,
    AuditMeasure,
    AuditRun,
    AuditSchedule,
    AuditTemplate,
)
from quadrant.assurance.standards.demo import seed_standards
from quadrant.control.public import Observation


def test_demo_seed(db: Any, client: Any) -> None:
    from quadrant.demo.generator import seed_demo

    seeded = seed_demo("demo", with_steps=False, log=lambda message: None)
    seed_standards(seeded)
    seed_audits(seeded)
    assert AuditTemplate.objects.count() == 20
    assert AuditTemplate.objects.filter(sections__questions__standards__isnull=False).distinct(
    ).count() >= 18  # fmt: skip
    signed = AuditRun.objects.filter(status="signed_off")
    on_ward = signed.filter(org_unit=seeded.manager_ward)
    assert on_ward.count() == 6 * MONTHS + 13 * RECENT_MONTHS  # not NEWS2, never done there
    assert signed.filter(score__isnull=True).count() == 0
    series = AuditMeasure.objects.select_related("measure")
    assert series.count() == 20 * 4 - 1  # NEWS2 never done on manager's ward
    points = {s.measure_id: 0 for s in series}
    for measure_id in Observation.objects.filter(measure_id__in=points).values_list(
        "measure_id", flat=True
    ):
        points[measure_id] += 1
    assert set(points.values()) == {MONTHS, RECENT_MONTHS}  # a point each month of the runs
    statuses = set(Action.objects.filter(source_id__in=AuditFinding.objects.values("pk"))
                   .values_list("status", flat=True))  # fmt: skip
    assert statuses == set(ActionStatus.values)
    assert set(AuditFinding.objects.values_list("status", flat=True)) == {
        "open",
        "actioned",
        "closed",
    }
    in_progress = AuditRun.objects.get(status="in_progress")
    assert in_progress.auditor == seeded.people["auditor"]
    client.force_login(seeded.people["auditor"])
    assert client.get(in_progress.get_absolute_url()).status_code == 200
    latest = signed.filter(org_unit=seeded.manager_ward).first()
    assert client.get(reverse("assurance:audit_run", args=[latest.pk])).status_code == 200
    schedules = AuditSchedule.objects.all()
    assert schedules.count() == 25
    assert schedules.filter(assignee=seeded.people["auditor"]).count() == 13
    assert set(AuditTemplate.objects.values_list("kind", flat=True)) == {
        "clinical_audit", "ward_inspection", "accreditation", "peer_review"
    }  # fmt: skip
    programme = client.get(reverse("assurance:audit_programme"), {"mine": "on"}).content.decode()
    overdue = programme[programme.index("<h2>Overdue</h2>") : programme.index("<h2>Due this")]
    assert "NEWS2 and escalation" in overdue
    (started,) = AuditFinding.objects.filter(projects__isnull=False)
    (project,) = started.projects.all()
    assert project.org_unit == seeded.manager_ward
    assert (
        project.measures.get().pk
        == AuditMeasure.objects.get(
            template_code=started.run.template.code, org_unit=started.run.org_unit
        ).measure_id
    )
