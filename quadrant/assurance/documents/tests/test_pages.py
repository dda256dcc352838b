"""The document pages as their readers use them: the approval with the password prompt (a
wrong password signs nothing and says so), a review, the signature checked on every view (a
version altered in the database shows the red warning), superseded versions bannered, two
versions side by side, the library's search and the overdue list, read-and-acknowledge with
its compliance per unit and "My quality", and the form refusals in the NHS style."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from quadrant.assurance.documents import services
from quadrant.assurance.documents.models import DocumentVersion
from quadrant.core.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db

MISMATCH = "The signature does not match the content"


def in_review(make_document: Any, people: Any, **fields: Any) -> DocumentVersion:
    draft = make_document(**fields)
    return services.submit_for_review(
        draft, reviewers=[people["director"]], approver=people["board"], actor=people["quality"]
    )


def test_the_approver_signs_with_their_password(
    make_document: Any, people: Any, client_for: Any
) -> None:
    version = in_review(make_document, people)
    board, director = client_for("board"), client_for("director")
    page = board.get(version.get_absolute_url()).content.decode()
    assert "Approve and sign" in page and "Waiting" in page
    review = director.post(
        reverse("assurance:document_review", args=[version.pk]), {"comment": "Clear and complete"}
    )
    assert review.status_code == 302
    url = reverse("assurance:document_approve", args=[version.pk])
    prompt = board.get(url).content.decode()
    assert 'type="password"' in prompt and "You are signing as Board Tester" in prompt
    wrong = board.post(url, {"password": "guess"})
    assert wrong.status_code == 400
    assert "The password is not correct: nothing has been signed" in wrong.content.decode()
    version.refresh_from_db()
    assert version.status == "in_review" and not version.signature_hash
    empty = board.post(url, {"password": ""})
    assert "Enter your password to sign the document" in empty.content.decode()
    signed = board.post(url, {"password": PASSWORD}, follow=True)
    text = signed.content.decode()
    assert "It is now the current version" in text
    assert "Signed as <strong>approved</strong> by Board Tester" in text and " UTC" in text
    version.refresh_from_db()
    assert version.hash_groups in text and MISMATCH not in text


def test_approval_before_the_reviews_are_in_is_refused_on_the_page(
    make_document: Any, people: Any, client_for: Any
) -> None:
    version = in_review(make_document, people)
    page = client_for("board").post(
        reverse("assurance:document_approve", args=[version.pk]), {"password": PASSWORD}
    )
    assert page.status_code == 400
    assert "cannot be approved before every reviewer has reviewed it" in page.content.decode()


def test_altered_content_shows_the_signature_does_not_match(
    approved: DocumentVersion, client_for: Any
) -> None:
    assert MISMATCH not in client_for("staff").get(approved.get_absolute_url()).content.decode()
    DocumentVersion.objects.filter(pk=approved.pk).update(
        body="<p>Check patients daily</p><script>alert('x')</script>"
    )
    for url in (approved.get_absolute_url(), approved.document.get_absolute_url()):
        page = client_for("staff").get(url).content.decode()
        assert MISMATCH in page and 'class="nhsuk-error-summary app-signature-broken"' in page
        assert 'role="alert"' in page
        assert "Check patients daily" in page and "alert('x')" not in page  # cleaned as shown
    api = client_for("staff").get(f"/api/v1/documents/{approved.document_id}/").json()
    assert api["signature_matches"] is False


def test_an_altered_title_or_number_breaks_the_signature_too(approved: DocumentVersion) -> None:
    DocumentVersion.objects.filter(pk=approved.pk).update(title="Falls prevention by day")
    assert not DocumentVersion.objects.get(pk=approved.pk).signature_matches()
    DocumentVersion.objects.filter(pk=approved.pk).update(title=approved.title, number=7)
    assert not DocumentVersion.objects.get(pk=approved.pk).signature_matches()
    DocumentVersion.objects.filter(pk=approved.pk).update(number=1)
    assert DocumentVersion.objects.get(pk=approved.pk).signature_matches()


def test_superseded_versions_are_bannered_and_compared(
    approved: DocumentVersion, approve: Any, people: Any, client_for: Any
) -> None:
    draft = services.new_draft(approved.document, actor=people["manager"])
    services.update_draft(
        draft,
        {
            "body": approved.body.replace("hourly", "every two hours")
            + "<p>Use the falls sensor</p>"
        },
        actor=people["manager"],
    )
    second = approve(draft)
    staff = client_for("staff")
    old = staff.get(approved.get_absolute_url()).content.decode()
    assert "Superseded version" in old and f'href="{second.get_absolute_url()}"' in old
    current = staff.get(approved.document.get_absolute_url()).content.decode()
    assert "Superseded version" not in current and "every two hours" in current
    compare = staff.get(reverse("assurance:document_compare", args=[approved.document_id]))
    text = compare.content.decode()
    assert "1 line changed, 0 removed and 1 added" in text
    assert (
        '<del><span class="nhsuk-u-visually-hidden">Changed from: </span>'
        "Check every patient hourly</del>" in text
    )
    assert (
        '<ins><span class="nhsuk-u-visually-hidden">Added: </span>Use the falls sensor</ins>'
        in text
    )
    assert (
        staff.get(
            reverse("assurance:document_compare", args=[approved.document_id]), {"old": 1, "new": 9}
        ).status_code
        == 404
    )


def test_a_signed_version_has_no_edit_page(approved: DocumentVersion, client_for: Any) -> None:
    quality = client_for("quality")
    page = quality.get(reverse("assurance:document_draft_edit", args=[approved.pk]), follow=True)
    assert "is not a draft: it cannot be changed" in page.content.decode()
    new = quality.post(reverse("assurance:document_draft_new", args=[approved.document_id]))
    assert new.status_code == 302
    approved.refresh_from_db()
    assert approved.status == "approved" and approved.document.versions.count() == 2


def test_search_by_title_identifier_and_text_on_the_database(
    make_document: Any, approve: Any, client_for: Any
) -> None:
    approve(
        make_document(
            identifier="SOP-ED-004",
            title="Sepsis screening in the emergency department",
            body="<p>Screen every adult with a NEWS2 of 5.</p>",
        )
    )
    approve(
        make_document(
            identifier="POL-IPC-001",
            title="Hand hygiene",
            body="<p>Wash hands before touching a patient.</p>",
        )
    )
    make_document(identifier="SOP-DRAFT", title="Secret sepsis draft", body="<p>sepsis</p>")
    staff = client_for("staff")

    def found(words: str) -> list[str]:
        page = staff.get(reverse("assurance:documents"), {"q": words}).content.decode()
        return [ident for ident in ("SOP-ED-004", "POL-IPC-001", "SOP-DRAFT") if ident in page]

    assert found("sepsis") == ["SOP-ED-004"]  # the draft is never found by staff
    assert found("NEWS2") == ["SOP-ED-004"]  # the text
    assert found("washing") == ["POL-IPC-001"]  # stemmed
    assert found("POL-IPC-001") == ["POL-IPC-001"]  # the identifier
    assert found("hyg") == ["POL-IPC-001"]  # a word begun
    assert found('"; DROP TABLE') == []  # read as words, never as query syntax
    site = staff.get(reverse("search"), {"q": "sepsis"}).content.decode()
    assert "SOP-ED-004" in site and "SOP-DRAFT" not in site


def test_the_overdue_list(make_document: Any, approve: Any, client_for: Any) -> None:
    overdue = approve(make_document(identifier="POL-OLD"))
    approve(make_document(identifier="POL-NEW"))
    DocumentVersion.objects.filter(pk=overdue.pk).update(
        review_date=timezone.localdate() - dt.timedelta(days=10)
    )
    page = client_for("staff").get(reverse("assurance:documents_overdue")).content.decode()
    assert "POL-OLD" in page and "POL-NEW" not in page and "Overdue" in page


def test_staff_acknowledge_and_compliance_counts_by_unit(
    make_document: Any, approve: Any, people: Any, org: Any, client_for: Any
) -> None:
    version = approve(make_document(), units=[org.ward_a])
    staff = client_for("staff")
    home = staff.get(reverse("home")).content.decode()
    assert "Documents to read" in home and f"Read {version.document.identifier}" in home
    page = staff.get(version.get_absolute_url()).content.decode()
    assert "I have read this document" in page
    compliance_url = reverse("assurance:document_compliance", args=[version.pk])
    before = client_for("quality").get(compliance_url).content.decode()
    assert "0%" in before
    done = staff.post(reverse("assurance:document_acknowledge", args=[version.pk]), follow=True)
    assert "You have confirmed you have read" in done.content.decode()
    assert "Documents to read" not in staff.get(reverse("home")).content.decode()
    after = client_for("quality").get(compliance_url).content.decode()
    assert "Ward A" in after and "50%" in after  # staff and manager are asked; one has read
    twice = staff.post(reverse("assurance:document_acknowledge", args=[version.pk]), follow=True)
    assert "You confirmed you had read version 1" in twice.content.decode()
    other = client_for("manager2").post(
        reverse("assurance:document_acknowledge", args=[version.pk])
    )
    assert other.status_code == 404


def test_the_new_document_form_says_what_is_wrong(client_for: Any, org: Any, people: Any) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    page = client_for("quality").post(
        reverse("assurance:document_new"),
        {
            "identifier": "",
            "title": "Falls",
            "doc_type": "procedure",
            "org_unit": org.ward_a.pk,
            "owner": people["manager"].pk,
            "author": people["manager"].pk,
            "review_date-day": yesterday.day,
            "review_date-month": yesterday.month,
            "review_date-year": yesterday.year,
        },
    )
    text = page.content.decode()
    assert page.status_code == 400 and "There is a problem" in text
    assert "Enter the document&#x27;s identifier, like POL-012" in text
    assert "Next review date must be today or in the future" in text


def test_a_document_is_added_through_its_page(client_for: Any, org: Any, people: Any) -> None:
    when = timezone.localdate() + dt.timedelta(days=200)
    page = client_for("quality").post(
        reverse("assurance:document_new"),
        {
            "identifier": "pol-010",
            "title": "Visiting",
            "doc_type": "policy",
            "org_unit": org.trust.pk,
            "owner": people["quality"].pk,
            "author": people["quality"].pk,
            "review_date-day": when.day,
            "review_date-month": when.month,
            "review_date-year": when.year,
            "body": "<p>Visiting is open <script>x</script>all day</p>",
        },
        follow=True,
    )
    assert "POL-010 has been added as a draft." in page.content.decode()
    version = DocumentVersion.objects.get(document__identifier="POL-010")
    assert version.status == "draft" and "script" not in version.body


def test_the_send_for_review_form_refuses_an_author_as_approver(
    make_document: Any, people: Any, client_for: Any
) -> None:
    draft = make_document(author=people["board"])
    page = client_for("quality").post(
        reverse("assurance:document_submit", args=[draft.pk]),
        {
            "version": draft.version,
            "reviewers": [people["director"].pk],
            "approver": people["board"].pk,
        },
    )
    assert page.status_code == 400
    assert "The approver must not be the document&#x27;s author" in page.content.decode()


def test_a_unit_s_page_counts_its_documents_in_use(
    make_document: Any, approve: Any, org: Any, client_for: Any
) -> None:
    overdue = approve(make_document(identifier="SOP-A1"))
    approve(make_document(identifier="SOP-A2"))
    make_document(identifier="SOP-A3")  # a draft: not in use
    DocumentVersion.objects.filter(pk=overdue.pk).update(
        review_date=timezone.localdate() - dt.timedelta(days=1)
    )
    page = client_for("staff").get(org.ward_a.get_absolute_url()).content.decode()
    assert "2 documents in use, <strong>1 overdue for review</strong>" in page
    listing = (
        client_for("staff")
        .get(reverse("assurance:documents"), {"unit": "WARDA", "overdue": "true"})
        .content.decode()
    )
    assert "SOP-A1" in listing and "SOP-A2" not in listing


def test_the_library_and_a_document_read_in_few_queries(
    make_document: Any, approve: Any, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    versions = [approve(make_document()) for _ in range(3)]
    staff = client_for("staff")
    staff.get(reverse("assurance:documents"))  # the session and the roles are read once
    with django_assert_max_num_queries(12) as few:
        staff.get(reverse("assurance:documents"), {"q": "falls"})
    for _ in range(12):
        approve(make_document())
    with django_assert_max_num_queries(len(few.captured_queries)):  # the same for 15 as for 3
        staff.get(reverse("assurance:documents"), {"q": "falls"})
    with django_assert_max_num_queries(25):
        staff.get(versions[0].document.get_absolute_url())


def test_a_stale_draft_is_never_saved_over_a_newer_one(make_document: Any, client_for: Any) -> None:
    draft = make_document()
    url = reverse("assurance:document_draft_edit", args=[draft.pk])
    when = draft.review_date
    form = {
        "version": draft.version,
        "title": "Falls at night",
        "body": "<p>Mine</p>",
        "review_date-day": when.day,
        "review_date-month": when.month,
        "review_date-year": when.year,
    }
    assert client_for("quality").post(url, form).status_code == 302
    stale = client_for("manager").post(url, {**form, "body": "<p>Theirs</p>"})
    assert stale.status_code == 409
    draft.refresh_from_db()
    assert draft.body == "<p>Mine</p>"


def test_the_approver_returns_a_version_to_draft(
    make_document: Any, people: Any, client_for: Any
) -> None:
    version = in_review(make_document, people)
    url = reverse("assurance:document_return", args=[version.pk])
    assert client_for("staff").post(url, {"reason": "x"}).status_code == 404
    assert client_for("director").post(url, {"reason": "x"}).status_code == 403  # a reviewer
    empty = client_for("board").post(url, {"reason": ""})
    assert "Enter what needs to change" in empty.content.decode()
    done = client_for("board").post(url, {"reason": "Name the falls lead"}, follow=True)
    assert "Version 1 is a draft again." in done.content.decode()
    version.refresh_from_db()
    assert version.status == "draft" and "Name the falls lead" in version.change_summary
