"""Findings: raised at sign-off for each failed question; a finding opens an action in the
tracker (linked both ways) for those who manage actions on the unit."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from quadrant.actions.public import Action, actions_for_source
from quadrant.assurance.audits import services
from quadrant.assurance.audits.models import AuditFinding
from quadrant.assurance.audits.services.findings import close_finding, open_finding_action
from quadrant.assurance.audits.tests.conftest import answer_all


@pytest.fixture
def failed_run(hygiene: SimpleNamespace, run_a: Any, people: dict[str, Any]) -> Any:
    answer_all(run_a, hygiene, people["auditor"], yes_no="no", score="2")
    services.sign_off_run(run_a, actor=people["auditor"])
    return run_a


def test_each_failed_question_raises_one_finding(failed_run: Any, hygiene: SimpleNamespace) -> None:
    findings = list(AuditFinding.objects.filter(run=failed_run).order_by("question__order"))
    assert [f.question for f in findings] == [hygiene.yes_no, hygiene.score]
    assert findings[1].summary == "Bare below the elbows (0–4) — 2 of 4"
    assert all(f.status == "open" for f in findings)


def test_a_finding_opens_an_action_linked_both_ways(
    failed_run: Any, people: dict[str, Any], client_for: Any
) -> None:
    finding = AuditFinding.objects.filter(run=failed_run).first()
    assert finding is not None
    due = dt.date.today() + dt.timedelta(days=14)
    response = client_for("manager").post(
        finding.get_absolute_url(),
        {"title": "Hand hygiene teaching at handover", "owner": people["manager"].pk,
         "due_date-day": due.day, "due_date-month": due.month, "due_date-year": due.year},
    )  # fmt: skip
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.source == finding and action.org_unit == failed_run.org_unit
    assert list(actions_for_source(finding)) == [action]
    finding.refresh_from_db()
    assert finding.status == "actioned"
    page = client_for("manager").get(finding.get_absolute_url()).content.decode()
    assert "Hand hygiene teaching at handover" in page
    result = client_for("staff").get(failed_run.get_absolute_url()).content.decode()
    assert finding.get_absolute_url() in result


@pytest.mark.parametrize("username", ["auditor", "staff"])
def test_those_who_do_not_manage_actions_cannot_open_one(
    failed_run: Any, people: dict[str, Any], client_for: Any, username: str
) -> None:
    finding = AuditFinding.objects.filter(run=failed_run).first()
    due = dt.date.today() + dt.timedelta(days=14)
    with pytest.raises(PermissionDenied):
        open_finding_action(finding, title="X", owner=people["manager"], due_date=due,
                            actor=people[username])  # fmt: skip
    response = client_for(username).post(finding.get_absolute_url(), {"title": "X"})
    assert response.status_code == 403
    assert not Action.objects.exists()


def test_manager2_cannot_see_ward_as_findings(failed_run: Any, client_for: Any) -> None:
    finding = AuditFinding.objects.filter(run=failed_run).first()
    assert client_for("manager2").get(finding.get_absolute_url()).status_code == 404


def test_a_finding_can_be_closed_without_action(failed_run: Any, people: dict[str, Any]) -> None:
    finding = AuditFinding.objects.filter(run=failed_run).first()
    close_finding(finding, actor=people["manager"])
    assert finding.status == "closed"
