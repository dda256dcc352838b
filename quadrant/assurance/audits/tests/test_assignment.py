"""Kinds of audit and assignment on the programme: who may be assigned, the programme's
filters, changing a schedule, and starting a run from a programme row."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from quadrant.assurance.audits import services
from quadrant.assurance.audits.models import AuditSchedule
from quadrant.assurance.audits.services.schedules import change_schedule, schedule_audit
from quadrant.assurance.audits.tests.conftest import build_template
from quadrant.core.services import StaleEdit
from quadrant.organisation.choices import Role
from quadrant.organisation.models import Membership, Person


@pytest.mark.parametrize("username", ["staff", "manager", "coach"])
def test_only_someone_who_may_do_audits_there_is_assigned(
    hygiene: SimpleNamespace, org: Any, people: dict[str, Any], username: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        schedule_audit(
            hygiene.template, org.ward_a, "month", assignee=people[username],
            actor=people["quality"],
        )  # fmt: skip
    assert refused.value.message_dict == {
        "assignee": ["Assigned to must be someone who may carry out audits on Ward A"]
    }
    assert not AuditSchedule.objects.exists()


def test_an_auditor_is_assigned_and_reassigned(
    hygiene: SimpleNamespace, org: Any, people: dict[str, Any]
) -> None:
    schedule = schedule_audit(
        hygiene.template, org.ward_a, "month", assignee=people["auditor"], actor=people["quality"]
    )
    assert schedule.assignee == people["auditor"]
    changed = change_schedule(
        schedule, frequency="quarter", assignee=None, actor=people["quality"],
        expected_version=schedule.version,
    )  # fmt: skip
    assert changed.frequency == "quarter" and changed.assignee is None
    with pytest.raises(StaleEdit):
        change_schedule(
            schedule, frequency="month", assignee=None, actor=people["quality"],
            expected_version=1,
        )  # fmt: skip


def test_the_page_refuses_an_assignee_naming_the_field(
    hygiene: SimpleNamespace, org: Any, people: dict[str, Any], client_for: Any
) -> None:
    response = client_for("quality").post(
        reverse("assurance:audit_schedule_new"),
        {"template": hygiene.template.pk, "org_unit": org.ward_a.pk, "frequency": "month",
         "assignee": people["quality"].pk},
    )  # fmt: skip
    # the quality lead holds no "carry out audits": not even offered
    assert response.status_code == 400
    assert "Assigned to: Choose a person who may carry out audits" in response.content.decode()
    assert not AuditSchedule.objects.exists()


def test_the_change_page_is_for_those_who_manage_audits(
    hygiene: SimpleNamespace, org: Any, people: dict[str, Any], client_for: Any
) -> None:
    schedule = schedule_audit(hygiene.template, org.ward_b, "month", actor=people["quality"])
    url = reverse("assurance:audit_schedule_change", args=[schedule.pk])
    assert client_for("manager").get(url).status_code == 404  # Ward B is not theirs to see
    assert client_for("manager2").get(url).status_code == 403
    response = client_for("quality").post(
        url, {"frequency": "quarter", "assignee": people["auditor"].pk, "version": 1}
    )
    assert response.status_code == 302
    schedule.refresh_from_db()
    assert (schedule.frequency, schedule.assignee) == ("quarter", people["auditor"])


@pytest.fixture
def programme(hygiene: SimpleNamespace, org: Any, people: dict[str, Any]) -> SimpleNamespace:
    quality = people["quality"]
    walkround = build_template(quality, code="walkround")
    services.update_template(walkround.template, {"kind": "ward_inspection"}, actor=quality)
    return SimpleNamespace(
        hygiene_a=schedule_audit(
            hygiene.template, org.ward_a, "month", assignee=people["auditor"], actor=quality
        ),
        hygiene_b=schedule_audit(hygiene.template, org.ward_b, "month", actor=quality),
        walkround_b=schedule_audit(walkround.template, org.ward_b, "quarter", actor=quality),
    )


def _rows(client: Any, **query: Any) -> str:
    response = client.get(reverse("assurance:audit_programme"), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_programme_filters_by_kind_unit_status_and_me(
    programme: SimpleNamespace, org: Any, client_for: Any
) -> None:
    auditor = client_for("auditor")
    page = _rows(auditor)
    assert page.count("Start<span") == 3
    kind = _rows(auditor, kind="ward_inspection")
    assert kind.count("Start<span") == 1 and "Quarterly" in kind
    unit = _rows(auditor, org_unit=org.ward_a.pk)
    assert unit.count("Start<span") == 1 and "on Ward A<" in unit
    surgery = _rows(auditor, org_unit=org.surgery.pk)  # a unit means it and the units below
    assert surgery.count("Start<span") == 2 and "on Ward A<" not in surgery
    mine = _rows(auditor, mine="on")
    assert mine.count("Start<span") == 1 and "on Ward A<" in mine
    assert "Nobody in particular" not in mine
    done = _rows(auditor, status="done")
    assert "None done yet this period." in done and "Overdue</h2>" not in done


def test_a_filter_left_unfinished_says_what_to_do(
    programme: SimpleNamespace, client_for: Any
) -> None:
    response = client_for("auditor").get(reverse("assurance:audit_programme"), {"kind": "nope"})
    assert response.status_code == 400
    assert "Kind of audit: Select a valid choice" in response.content.decode()


def test_a_programme_row_starts_a_run_with_its_template_and_unit(
    programme: SimpleNamespace, hygiene: SimpleNamespace, org: Any, client_for: Any
) -> None:
    url = reverse("assurance:audit_schedule_start", args=[programme.hygiene_a.pk])
    page = client_for("auditor").get(url).content.decode()
    assert f'<option value="{hygiene.template.pk}" selected>' in page
    assert f'<option value="{org.ward_a.pk}" selected>' in page
    assert f'action="{reverse("assurance:audit_run_new")}"' in page
    today = dt.date.today()
    response = client_for("auditor").post(
        reverse("assurance:audit_run_new"),
        {"template": hygiene.template.pk, "org_unit": org.ward_a.pk, "run_date-day": today.day,
         "run_date-month": today.month, "run_date-year": today.year},
    )  # fmt: skip
    assert response.status_code == 302


@pytest.mark.parametrize(("username", "status"), [("manager", 404), ("manager2", 403)])
def test_starting_from_a_row_is_for_those_who_audit_the_unit(
    programme: SimpleNamespace, client_for: Any, username: str, status: int
) -> None:
    url = reverse("assurance:audit_schedule_start", args=[programme.hygiene_b.pk])
    assert client_for(username).get(url).status_code == status


def test_a_template_keeps_its_kind_into_a_new_version(
    hygiene: SimpleNamespace, org: Any, people: dict[str, Any]
) -> None:
    quality = people["quality"]
    services.update_template(hygiene.template, {"kind": "peer_review"}, actor=quality)
    services.start_run(hygiene.template, org.ward_a, dt.date(2026, 11, 2), actor=people["auditor"])
    newer = services.update_template(hygiene.template, {"title": "Hand hygiene (2)"}, actor=quality)
    assert newer.version_number == 2 and newer.kind == "peer_review"


def test_the_page_refuses_an_auditor_of_another_unit(
    hygiene: SimpleNamespace, org: Any, client_for: Any
) -> None:
    ward_auditor = Person.objects.create(username="wardauditor", first_name="Wren")
    Membership.objects.create(person=ward_auditor, org_unit=org.ward_a, role=Role.AUDITOR)
    response = client_for("quality").post(
        reverse("assurance:audit_schedule_new"),
        {"template": hygiene.template.pk, "org_unit": org.ward_b.pk, "frequency": "month",
         "assignee": ward_auditor.pk},
    )  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert "Assigned to: Assigned to must be someone who may carry out audits on Ward B" in page
    assert not AuditSchedule.objects.exists()
