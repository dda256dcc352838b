"""Review and approval as an electronic signature: the order (every review before the
approval), the password entered again (a wrong one signs nothing), what the signature holds,
supersession, the author who may not approve, and no change after signing."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from quadrant.assurance.documents import services
from quadrant.assurance.documents.content import signature_hash
from quadrant.assurance.documents.models import DocumentVersion
from quadrant.core.logs import SecurityEvent
from quadrant.core.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db


def _in_review(draft: DocumentVersion, people: dict[str, Any], **kwargs: Any) -> DocumentVersion:
    return services.submit_for_review(
        draft,
        reviewers=kwargs.get("reviewers", [people["director"]]),
        approver=kwargs.get("approver", people["board"]),
        actor=people["quality"],
    )


def test_no_approval_before_every_review_is_in(make_document: Any, people: Any) -> None:
    version = services.submit_for_review(
        make_document(),
        reviewers=[people["director"], people["quality"]],
        approver=people["board"],
        actor=people["quality"],
    )
    with pytest.raises(ValidationError, match="waiting for Director Tester, Quality Tester"):
        services.approve_version(version, password=PASSWORD, actor=people["board"])
    services.record_review(version, actor=people["director"], comment="Fine")
    with pytest.raises(ValidationError, match="waiting for Quality Tester"):
        services.approve_version(version, password=PASSWORD, actor=people["board"])
    services.record_review(version, actor=people["quality"])
    signed = services.approve_version(version, password=PASSWORD, actor=people["board"])
    assert signed.status == "approved"


def test_a_draft_is_not_approved_without_going_for_review(make_document: Any, people: Any) -> None:
    draft = make_document()
    draft.approver = people["board"]
    with pytest.raises(ValidationError, match="is not in review"):
        services.approve_version(draft, password=PASSWORD, actor=people["board"])


def test_only_named_reviewers_review_and_only_once(make_document: Any, people: Any) -> None:
    version = _in_review(make_document(), people)
    with pytest.raises(PermissionDenied, match="not a reviewer"):
        services.record_review(version, actor=people["staff"])
    services.record_review(version, actor=people["director"])
    with pytest.raises(ValidationError, match="You reviewed version 1"):
        services.record_review(version, actor=people["director"])


def test_the_signature_records_name_time_meaning_and_hash(make_document: Any, people: Any) -> None:
    version = _in_review(make_document(identifier="POL-001"), people)
    services.record_review(version, actor=people["director"])
    when = dt.datetime(2026, 12, 4, 9, 30, tzinfo=dt.UTC)
    signed = services.approve_version(version, password=PASSWORD, actor=people["board"], now=when)
    signed.refresh_from_db()
    assert signed.signed_name == "Board Tester" and signed.signed_by == people["board"]
    assert signed.signed_at == when and signed.signature_meaning == "approved"
    expected = signature_hash(
        identifier="POL-001", number=1, title=signed.title, content=signed.body.encode()
    )
    assert signed.signature_hash == expected and len(expected) == 64
    assert signed.signature_matches()
    assert signed.document.search_text.startswith("POL-001")


def test_the_hash_covers_identifier_version_title_and_content() -> None:
    base = {"identifier": "POL-1", "number": 1, "title": "Falls", "content": b"text"}
    seen = {signature_hash(**base)}
    for name, other in (
        ("identifier", "POL-2"),
        ("number", 2),
        ("title", "Fall"),
        ("content", b"text."),
    ):
        seen.add(signature_hash(**{**base, name: other}))
    assert len(seen) == 5
    assert signature_hash(**base) != hashlib.sha256(b"text").hexdigest()


def test_a_wrong_password_signs_nothing(make_document: Any, people: Any) -> None:
    version = _in_review(make_document(), people)
    services.record_review(version, actor=people["director"])
    for wrong in ("", "not-my-password"):
        with pytest.raises(ValidationError) as refused:
            services.approve_version(version, password=wrong, actor=people["board"])
        assert refused.value.message_dict["password"] == [
            "The password is not correct: nothing has been signed. Enter your password"
        ]
    version.refresh_from_db()
    assert version.status == "in_review" and not version.signature_hash and not version.signed_at
    assert SecurityEvent.objects.filter(kind="password", person=people["board"]).count() == 2


def test_only_the_named_approver_holding_the_capability_approves(
    make_document: Any, people: Any, org: Any
) -> None:
    version = _in_review(make_document(), people)
    services.record_review(version, actor=people["director"])
    for other in ("quality", "director", "staff", "manager"):
        with pytest.raises(PermissionDenied):
            services.approve_version(version, password=PASSWORD, actor=people[other])
    with pytest.raises(ValidationError, match="may approve documents at Ward A: Staff Tester"):
        _in_review(make_document(), people, approver=people["staff"])
    # the director approves in Medicine only
    with pytest.raises(ValidationError, match="may approve documents at Ward B"):
        _in_review(
            make_document(org.ward_b, owner=people["manager2"], author=people["manager2"]),
            people,
            approver=people["director"],
            reviewers=[people["manager2"]],
        )


def test_the_author_may_not_approve_unless_the_organisation_allows(
    make_document: Any, people: Any
) -> None:
    draft = make_document(author=people["board"])
    with pytest.raises(ValidationError, match="must not be the document's author"):
        _in_review(draft, people)
    with override_settings(QUADRANT_DOCUMENTS_AUTHOR_MAY_APPROVE=True):
        version = _in_review(draft, people)
        services.record_review(version, actor=people["director"])
    with pytest.raises(PermissionDenied, match="must not be the document's author"):
        services.approve_version(version, password=PASSWORD, actor=people["board"])
    with override_settings(QUADRANT_DOCUMENTS_AUTHOR_MAY_APPROVE=True):
        signed = services.approve_version(version, password=PASSWORD, actor=people["board"])
    assert signed.status == "approved"


def test_approving_supersedes_the_version_before(
    approved: DocumentVersion, approve: Any, people: Any
) -> None:
    draft = services.new_draft(approved.document, actor=people["manager"], change_summary="Bells")
    assert draft.number == 2 and draft.body == approved.body and draft.status == "draft"
    services.update_draft(draft, {"title": "Preventing falls at night"}, actor=people["manager"])
    second = approve(draft)
    approved.refresh_from_db()
    assert approved.status == "superseded" and approved.superseded_at is not None
    assert second.status == "approved" and second.document.title == "Preventing falls at night"
    assert approved.signature_matches() and second.signature_matches()


def test_a_signed_version_cannot_be_edited(approved: DocumentVersion, people: Any) -> None:
    with pytest.raises(ValidationError, match="approved and signed: it cannot be changed"):
        services.update_draft(approved, {"body": "<p>Changed</p>"}, actor=people["quality"])
    approved.refresh_from_db()
    assert "Changed" not in approved.body and approved.signature_matches()


def test_a_version_in_review_is_changed_only_back_in_draft(make_document: Any, people: Any) -> None:
    version = _in_review(make_document(), people)
    with pytest.raises(ValidationError, match="in review: return it to draft"):
        services.update_draft(version, {"body": "<p>New</p>"}, actor=people["quality"])
    draft = services.return_to_draft(version, actor=people["board"], reason="Add night checks")
    assert draft.status == "draft" and "Add night checks" in draft.change_summary
    services.update_draft(draft, {"body": "<p>New</p>"}, actor=people["quality"])
    again = _in_review(draft, people)
    assert [r.reviewed_at for r in again.reviews.filter(archived_at__isnull=True)] == [None]


def test_one_draft_at_a_time(approved: DocumentVersion, people: Any) -> None:
    services.new_draft(approved.document, actor=people["quality"])
    with pytest.raises(ValidationError, match="Version 2 is already draft"):
        services.new_draft(approved.document, actor=people["quality"])


def test_a_review_date_in_the_past_is_refused(make_document: Any, people: Any) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        make_document(review_date=yesterday)
    assert refused.value.message_dict["review_date"] == [
        "Next review date must be today or in the future"
    ]
    draft = make_document()
    with pytest.raises(ValidationError, match="today or in the future"):
        services.update_draft(draft, {"review_date": yesterday}, actor=people["quality"])


def test_the_review_date_is_a_year_away_by_default(make_document: Any) -> None:
    version = make_document(review_date=None)
    assert (version.review_date - timezone.localdate()).days in (365, 366)


def test_the_body_is_sanitised_on_save(make_document: Any) -> None:
    version = make_document(
        body='<p onclick="steal()">Hi <script>alert(1)</script><a href="javascript:x()">me</a>'
        '<a href="https://www.nhs.uk">NHS</a></p><style>p{}</style>'
    )
    assert "script" not in version.body and "onclick" not in version.body
    assert "javascript" not in version.body and "<style" not in version.body
    assert 'href="https://www.nhs.uk"' in version.body
    assert version.text == "Hi meNHS"


def test_the_identifier_is_unique(make_document: Any) -> None:
    make_document(identifier="POL-001")
    with pytest.raises(ValidationError, match="POL-001 is already a document"):
        make_document(identifier="pol-001")


def test_every_step_is_in_the_change_history(approved: DocumentVersion, people: Any) -> None:
    from django.contrib.contenttypes.models import ContentType

    from quadrant.core.logs import HistoryEvent

    kind = ContentType.objects.get_for_model(DocumentVersion)
    events = HistoryEvent.objects.filter(content_type_id=kind.pk, object_id=str(approved.pk))
    events = events.order_by("at", "pk")
    signing = [event for event in events if "signature_hash" in event.changes]
    [signed] = signing
    assert signed.actor_id == people["board"].pk and signed.actor_name == "board"
    assert signed.changes["status"] == ["in_review", "approved"]
    assert signed.changes["signature_hash"][1] == approved.signature_hash
    submitted = next(
        event for event in events if event.changes.get("status") == ["draft", "in_review"]
    )
    assert submitted.actor_name == "quality"
