"""A failing audit opens an improvement project: from a finding's page, improvement's create
page prefilled (title, unit, problem and score, the audit's measure), and on saving the two
linked both ways, the measure watched by the project; refused to those who may not."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from quadrant.assurance.audits import services
from quadrant.assurance.audits.models import AuditFinding, AuditMeasure
from quadrant.assurance.audits.tests.conftest import answer_all
from quadrant.core.logs import HistoryEvent
from quadrant.improvement.models import ProjectMeasure
from quadrant.improvement.public import Project


@pytest.fixture
def finding(hygiene: SimpleNamespace, run_a: Any, people: dict[str, Any]) -> AuditFinding:
    answer_all(run_a, hygiene, people["auditor"], yes_no="no")
    services.sign_off_run(run_a, actor=people["auditor"])
    return AuditFinding.objects.select_related("run").get(run=run_a)


def _start_url(finding: AuditFinding) -> str:
    return f"{reverse('improvement:project_create')}?from=audit-finding:{finding.pk}"


def test_a_finding_starts_a_project_linked_both_ways(
    finding: AuditFinding, org: Any, client_for: Any
) -> None:
    manager = client_for("manager")
    finding_page = manager.get(finding.get_absolute_url()).content.decode()
    assert f'href="{_start_url(finding)}">Start an improvement project</a>' in finding_page
    measure = AuditMeasure.objects.get(template_code="hand-hygiene", org_unit=org.ward_a).measure

    form = manager.get(_start_url(finding)).content.decode()
    assert 'value="Hands cleaned before patient contact?"' in form
    assert f"At Ward A, from the audit finding “{finding.summary}”." in form
    assert f"scored {finding.run.score}% against a pass threshold of 85.0%" in form
    assert f'value="{measure.pk}" checked' in form
    assert 'name="org_unit"' not in form  # the finding's unit

    response = manager.post(
        _start_url(finding),
        {"title": "Hand hygiene before patient contact", "method": "mfi",
         "aim_what": "Every contact starts with clean hands.", "measures": [measure.pk]},
    )  # fmt: skip
    project = Project.objects.get()
    assert response.status_code == 302 and response.url == project.get_absolute_url()
    assert project.org_unit == org.ward_a
    assert list(finding.projects.all()) == [project]
    assert list(project.measures.all()) == [measure]
    assert ProjectMeasure.objects.get(project=project).role == "outcome"

    finding_page = manager.get(finding.get_absolute_url()).content.decode()
    assert f'<a href="{project.get_absolute_url()}">Hand hygiene before patient contact</a>' in (
        finding_page
    )
    project_page = manager.get(project.get_absolute_url()).content.decode()
    assert "Started from the audit finding" in project_page
    assert f'href="{finding.get_absolute_url()}"' in project_page


def test_without_the_measure_ticked_none_is_linked(finding: AuditFinding, client_for: Any) -> None:
    client_for("manager").post(
        _start_url(finding),
        {"title": "Clean hands", "method": "mfi", "aim_what": "Clean hands."},
    )
    project = Project.objects.get()
    assert not project.measures.exists() and list(finding.projects.all()) == [project]


@pytest.mark.parametrize(
    ("username", "status"),
    [("auditor", 403), ("staff", 403), ("manager2", 404), ("coach", 200)],
)
def test_only_those_who_run_projects_on_the_unit_start_one(
    finding: AuditFinding, client_for: Any, username: str, status: int
) -> None:
    client = client_for(username)
    assert client.get(_start_url(finding)).status_code == status
    response = client.post(
        _start_url(finding),
        {"title": "Clean hands", "method": "mfi", "aim_what": "Clean hands."},
    )
    assert response.status_code == (302 if status == 200 else status)
    assert Project.objects.exists() == (status == 200)
    if status != 404:
        page = client.get(finding.get_absolute_url()).content.decode()
        assert ("Start an improvement project" in page) == (status == 200)


@pytest.mark.parametrize("named", ["audit-finding:999999", "nothing:1", "audit-finding:x"])
def test_a_source_that_is_not_there_is_not_found(
    finding: AuditFinding, client_for: Any, named: str
) -> None:
    response = client_for("manager").get(reverse("improvement:project_create"), {"from": named})
    assert response.status_code == 404


def test_the_history_records_the_project_and_its_link_by_the_person(
    finding: AuditFinding, people: dict[str, Any], client_for: Any
) -> None:
    before = HistoryEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    client_for("manager").post(
        _start_url(finding),
        {"title": "Clean hands", "method": "mfi", "aim_what": "Clean hands."},
    )
    events = list(HistoryEvent.objects.filter(id__gt=before).select_related("content_type"))
    assert {"project", "auditfinding"} <= {event.content_type.model for event in events}
    assert {event.actor_id for event in events} == {people["manager"].pk}
