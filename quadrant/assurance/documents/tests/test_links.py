"""Documents in the quality thread: evidence for a standard (and so in a CQC self-assessment's
statements), and a revision of a procedure opened from a change adopted in improvement."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from quadrant.assurance.documents import services
from quadrant.assurance.standards.records import find_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def adopted_change(org: Any, people: Any) -> Any:
    from quadrant.improvement import services as improvement
    from quadrant.improvement.choices import ActDecision

    manager = people["manager"]
    project = improvement.create_project(
        title="Fewer falls on Ward A",
        org_unit=org.ward_a,
        actor=manager,
        aim_what="Reduce falls",
        aim_how_much="by 30%",
        aim_by_when=dt.date(2027, 3, 31),
    )
    idea = improvement.add_change_idea(project, title="Intentional rounding", actor=manager)
    cycle = improvement.plan_cycle(
        project,
        actor=manager,
        change_idea=idea,
        objective="Try rounding at night",
        prediction="Fewer falls at night",
        start_date=dt.date(2025, 3, 3),
    )
    cycle = improvement.record_do(
        cycle, what_happened="Done", actor=manager, end_date=cycle.start_date
    )
    cycle = improvement.record_study(cycle, results="As predicted", actor=manager)
    improvement.record_act(cycle, decision=ActDecision.ADOPT, actor=manager)
    idea.refresh_from_db()
    return idea


def test_a_document_is_evidence_for_a_standard(approved: Any, people: Any) -> None:
    found = find_record(people["staff"], "assurance.document", approved.document.identifier)
    assert found == approved.document
    with pytest.raises(ValidationError, match="or you may not see it"):
        find_record(people["manager2"], "assurance.document", approved.document.identifier)


def test_an_adopted_change_opens_a_revision_of_the_procedure(
    approved: Any, adopted_change: Any, people: Any, client_for: Any
) -> None:
    project_page = (
        client_for("manager")
        .get(reverse("improvement:project", args=[adopted_change.project_id]))
        .content.decode()
    )
    url = reverse("assurance:document_revise_from_change", args=[adopted_change.pk])
    assert url in project_page
    page = client_for("manager").post(
        url, {"identifier": approved.document.identifier.lower()}, follow=True
    )
    text = page.content.decode()
    assert "opened as a draft from the change “Intentional rounding”" in text
    draft = approved.document.versions.get(number=2)
    assert draft.status == "draft" and draft.from_change == adopted_change
    assert "Intentional rounding" in draft.change_summary and "Opened from" in text
    thread = client_for("manager").get(approved.document.get_absolute_url()).content.decode()
    assert "Revised after the adopted change" in thread


def test_only_an_adopted_change_opens_a_revision(
    approved: Any, adopted_change: Any, people: Any, client_for: Any
) -> None:
    from quadrant.improvement import services as improvement

    fresh = improvement.add_change_idea(
        adopted_change.project, title="Bed alarms", actor=people["manager"]
    )
    with pytest.raises(ValidationError, match="Only an adopted change can revise a procedure"):
        services.open_revision_from_change(approved.document, fresh, actor=people["manager"])
    policy = approved.document
    policy.doc_type = "policy"
    policy.save()
    with pytest.raises(ValidationError, match="is a policy"):
        services.open_revision_from_change(policy, adopted_change, actor=people["manager"])
    url = reverse("assurance:document_revise_from_change", args=[adopted_change.pk])
    assert client_for("manager2").get(url).status_code == 404  # a project on another ward
    refused = client_for("coach").post(url, {"identifier": approved.document.identifier})
    assert "No document you may change has the identifier" in refused.content.decode()


def test_evidence_for_a_standard_shows_on_both_pages(
    approved: Any, people: Any, client_for: Any
) -> None:
    from quadrant.assurance.standards.coverage import evidence_for
    from quadrant.assurance.standards.models import Standard
    from quadrant.assurance.standards.services.evidence import record_evidence
    from quadrant.assurance.standards.tests.conftest import framework_from_csv

    framework_from_csv(
        "code,title,group\nFALLS-1,Falls are prevented,Safe care\n",
        code="our-standards",
        kind="internal",
        title="Our standards",
    )
    standard = Standard.objects.get(code="FALLS-1")
    record_evidence(standard, record=approved.document, actor=people["quality"])
    [item] = evidence_for(standard, people["staff"])
    assert item.link is not None and item.link.obj == approved.document
    assert evidence_for(standard, people["manager2"]) == []  # a document they may not read
    page = client_for("staff").get(approved.document.get_absolute_url()).content.decode()
    assert "Evidence for standards" in page
