"""Who may read and change documents, tried on every path: staff read documents in use (and
superseded ones) of their units, the units below and the units above, never a draft; patient
partners read only public documents; other units, outsiders and people not named are refused
exactly as for a document that does not exist; changes only by the owner, the author and the
quality team; approval only by the named approver holding "approve documents"."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from quadrant.assurance.documents import services
from quadrant.assurance.documents.models import Document, DocumentVersion
from quadrant.core.permissions import Capability, may, restrict
from quadrant.core.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db


def visible(user: Any) -> set[str]:
    return set(
        restrict(Document.objects.all(), user, Capability.VIEW).values_list("identifier", flat=True)
    )


def test_staff_read_approved_documents_of_their_units_and_above(
    make_document: Any, approve: Any, people: Any, org: Any
) -> None:
    approve(make_document(identifier="WARD-A"))
    approve(
        make_document(
            org.trust, identifier="TRUST", owner=people["quality"], author=people["quality"]
        )
    )
    approve(
        make_document(
            org.ward_b, identifier="WARD-B", owner=people["manager2"], author=people["manager2"]
        ),
        reviewer="manager2",
    )
    make_document(identifier="DRAFT-A")
    assert visible(people["staff"]) == {"WARD-A", "TRUST"}
    assert visible(people["manager2"]) == {"WARD-B", "TRUST"}
    assert visible(people["quality"]) == {"WARD-A", "TRUST", "WARD-B", "DRAFT-A"}
    assert visible(people["outsider"]) == set()


def test_staff_never_read_a_draft(approved: DocumentVersion, people: Any, client_for: Any) -> None:
    draft = services.new_draft(approved.document, actor=people["manager"])
    staff = client_for("staff")
    page = staff.get(draft.get_absolute_url())
    assert page.status_code == 404
    assert staff.get(reverse("assurance:document_draft_edit", args=[draft.pk])).status_code == 404
    shown = staff.get(approved.document.get_absolute_url())
    assert shown.status_code == 200 and f"Version {draft.number}" not in shown.content.decode()
    assert not may(people["staff"], Capability.VIEW, draft)
    assert may(people["staff"], Capability.VIEW, approved)


def test_a_document_with_only_a_draft_is_hidden_from_staff(
    make_document: Any, client_for: Any
) -> None:
    draft = make_document()
    for persona in ("staff", "manager2", "partner", "outsider", "board"):
        page = client_for(persona).get(draft.document.get_absolute_url())
        assert page.status_code == 404, persona
    assert client_for("manager").get(draft.document.get_absolute_url()).status_code == 200


def test_partners_read_only_public_documents(
    make_document: Any, approve: Any, people: Any, client_for: Any
) -> None:
    approve(make_document(identifier="PUBLIC-1", public=True))
    private = approve(make_document(identifier="STAFF-1"))
    hidden_draft = make_document(identifier="PUBLIC-DRAFT", public=True)
    assert visible(people["partner"]) == {"PUBLIC-1"}
    partner = client_for("partner")
    assert partner.get(private.document.get_absolute_url()).status_code == 404
    assert partner.get(hidden_draft.get_absolute_url()).status_code == 404
    listing = partner.get(reverse("assurance:documents")).content.decode()
    assert "PUBLIC-1" in listing and "STAFF-1" not in listing


def test_reviewers_and_the_approver_read_the_version_they_are_named_on(
    make_document: Any, people: Any, org: Any, client_for: Any
) -> None:
    draft = make_document(org.ward_b, owner=people["manager2"], author=people["manager2"])
    url = draft.get_absolute_url()
    assert client_for("board").get(url).status_code == 404
    services.submit_for_review(
        draft, reviewers=[people["manager2"]], approver=people["board"], actor=people["quality"]
    )
    assert client_for("board").get(url).status_code == 200
    assert client_for("staff").get(url).status_code == 404


def test_only_owner_author_and_quality_team_change_a_document(
    make_document: Any, people: Any, client_for: Any
) -> None:
    draft = make_document(owner=people["manager"], author=people["analyst"])
    edit = reverse("assurance:document_draft_edit", args=[draft.pk])
    for persona in ("manager", "analyst", "quality"):
        assert client_for(persona).get(edit).status_code == 200, persona
    for persona in ("board", "director", "coach", "auditor"):
        assert client_for(persona).get(edit).status_code in (403, 404), persona
    with pytest.raises(PermissionDenied, match="only its owner, its author and the quality team"):
        services.update_draft(draft, {"body": "<p>Mine</p>"}, actor=people["coach"])
    with pytest.raises(PermissionDenied):
        services.new_draft(draft.document, actor=people["staff"])
    with pytest.raises(PermissionDenied):
        services.update_document(draft.document, {"public": True}, actor=people["board"])


def test_only_the_quality_team_adds_documents(people: Any, org: Any, client_for: Any) -> None:
    assert client_for("quality").get(reverse("assurance:document_new")).status_code == 200
    for persona in ("manager", "staff", "board", "partner"):
        assert client_for(persona).get(reverse("assurance:document_new")).status_code == 403
    fields = {
        "identifier": "X-1",
        "title": "X",
        "doc_type": "policy",
        "org_unit": org.ward_a,
        "owner": people["manager"],
        "author": people["manager"],
    }
    with pytest.raises(PermissionDenied, match="added by the quality team"):
        services.create_document(fields, actor=people["manager"])


def test_approval_pages_refuse_everyone_but_the_named_approver(
    make_document: Any, people: Any, client_for: Any
) -> None:
    version = services.submit_for_review(
        make_document(),
        reviewers=[people["director"]],
        approver=people["board"],
        actor=people["quality"],
    )
    approve_url = reverse("assurance:document_approve", args=[version.pk])
    for persona in ("quality", "director", "manager"):
        page = client_for(persona).post(approve_url, {"password": PASSWORD})
        assert page.status_code == 403, persona
    assert client_for("staff").get(approve_url).status_code == 404  # staff do not see it at all
    review_url = reverse("assurance:document_review", args=[version.pk])
    assert client_for("quality").post(review_url, {"comment": "x"}).status_code == 403
    version.refresh_from_db()
    assert (
        version.status == "in_review"
        and not version.reviews.filter(reviewed_at__isnull=False).exists()
    )


def test_compliance_is_for_editors_and_approvers(
    approved: DocumentVersion, client_for: Any
) -> None:
    url = reverse("assurance:document_compliance", args=[approved.pk])
    assert client_for("quality").get(url).status_code == 200
    assert client_for("board").get(url).status_code == 200
    assert client_for("staff").get(url).status_code == 403
    assert client_for("manager2").get(url).status_code == 404
