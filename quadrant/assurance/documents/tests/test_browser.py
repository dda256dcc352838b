"""In Chromium: `quality` takes a procedure through review and approval — asks the staff of
Ward A to read it, sends it for review, records the review, then signs it with the password
prompt (a wrong password first, which signs nothing) — and `staff`, on a phone, finds it on
"My quality" and confirms they have read it. Every page fits the screen and axe finds no
serious WCAG 2.2 AA fault."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from quadrant.assurance.documents.models import DocumentVersion
from quadrant.core.testing.browser import (
    SMALL_PHONE,
    assert_accessible,
    assert_fits,
    axe_violations,
    log_in,
    screenshot,
)
from quadrant.core.testing.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page: Any) -> None:
    assert_fits(page)
    assert_accessible(page)
    assert not axe_violations(page), page.url


def test_quality_approves_a_procedure_and_staff_acknowledge_it(
    make_document: Any, people: Any, live_server: Any, page: Any, browser: Any
) -> None:
    draft = make_document(identifier="PROC-FALLS", title="Falls prevention at night")
    log_in(page, live_server.url, "quality", PASSWORD)
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    check(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Edit the draft").click()
    check(page)
    page.get_by_label("Ward A", exact=True).check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Version 1 has been saved.").wait_for()
    with page.expect_navigation():
        page.get_by_role("link", name="Send it for review").click()
    check(page)
    page.get_by_label("Quality Tester", exact=True).check()
    page.get_by_label("Approver").select_option(label="Quality Tester")
    page.get_by_role("button", name="Send for review").click()
    page.get_by_text("Version 1 has been sent for review.").wait_for()
    page.get_by_role("link", name="Record your review").click()
    page.get_by_label("Your comments").fill("Clear steps; matches the NICE guidance.")
    page.get_by_role("button", name="Record my review").click()
    page.get_by_text("Your review has been recorded.").wait_for()
    # A wrong password first (in a page of its own: the refusal answers 400, which the
    # `page` fixture counts as a fault of the page)
    other = browser.new_page()
    log_in(other, live_server.url, "quality", PASSWORD)
    other.goto(f"{live_server.url}{reverse('assurance:document_approve', args=[draft.pk])}")
    other.get_by_label("Your password").fill("not my password")
    other.get_by_role("button", name="Sign and approve").click()
    other.get_by_text("The password is not correct: nothing has been signed").first.wait_for()
    other.close()
    assert DocumentVersion.objects.get(pk=draft.pk).status == "in_review"
    with page.expect_navigation():
        page.get_by_role("link", name="Approve and sign").click()
    check(page)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Sign and approve").click()
    page.get_by_text("It is now the current version.").wait_for()
    page.get_by_text("Signed as approved by Quality Tester").wait_for()
    check(page)
    screenshot(page, "document-signed")
    signed = DocumentVersion.objects.get(pk=draft.pk)
    assert signed.status == "approved" and signed.signature_matches()

    phone = browser.new_page(viewport=SMALL_PHONE)
    log_in(phone, live_server.url, "staff", PASSWORD)
    phone.goto(f"{live_server.url}{reverse('home')}")
    with phone.expect_navigation():
        phone.get_by_role("link", name="Read PROC-FALLS Falls prevention at night").click()
    check(phone)
    screenshot(phone, "document-to-read-phone")
    phone.get_by_role("button", name="I have read this document").click()
    phone.get_by_text("You have confirmed you have read PROC-FALLS version 1.").wait_for()
    check(phone)
    assert signed.acknowledgements.filter(person=people["staff"]).exists()
    phone.close()


def test_the_library_and_a_comparison_on_a_phone(
    approved: DocumentVersion, approve: Any, people: Any, live_server: Any, page: Any
) -> None:
    from quadrant.assurance.documents import services

    draft = services.new_draft(approved.document, actor=people["manager"])
    services.update_draft(
        draft, {"body": approved.body.replace("hourly", "every two hours")}, actor=people["manager"]
    )
    approve(draft)
    page.set_viewport_size(SMALL_PHONE)
    log_in(page, live_server.url, "staff", PASSWORD)
    page.goto(f"{live_server.url}{reverse('assurance:documents')}")
    page.get_by_label("Search by title, identifier or text").fill("falls")
    page.get_by_role("button", name="Search documents").click()
    with page.expect_navigation():
        page.get_by_role(
            "link", name=f"{approved.document.identifier} Falls prevention at night"
        ).click()
    check(page)
    page.get_by_role("link", name="Compare two versions side by side").click()
    page.get_by_text("1 line changed, 0 removed and 0 added").wait_for()
    check(page)
    screenshot(page, "document-compare-phone")
