"""A controlled document given as assurance on a principal risk shows on the BAF with what it
says now: its approved version, review date and whether its signature still matches its
content — and it follows them, with nothing typed again."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from quadrant.assurance.baf.board import live_baf
from quadrant.assurance.baf.document_evidence import document_sources
from quadrant.assurance.baf.exports import evidence_rows
from quadrant.assurance.baf.snapshots import compare
from quadrant.assurance.baf.tests.conftest import today
from quadrant.assurance.documents.models import DocumentVersion
from quadrant.assurance.documents.tests.conftest import (  # noqa: F401  (fixtures)
    approve,
    make_document,
)
from quadrant.assurance.risks import services as risk_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure(
    principal: Any,
    people: dict[str, Any],
    org: Any,
    make_document: Any,  # noqa: F811
    approve: Any,  # noqa: F811
) -> DocumentVersion:
    version: DocumentVersion = approve(
        make_document(identifier="PROC-FALLS-01"), units=[org.ward_a]
    )
    risk_services.add_assurance(principal.risk, version.document, line=2, level="reasonable",
                                actor=people["quality"])  # fmt: skip
    return version


def document_of(user: Any) -> dict[str, Any]:
    (row,) = live_baf(user)["rows"]
    (source,) = row["documents"]
    return source


def test_an_approved_procedure_is_evidence_at_its_line(
    procedure: DocumentVersion, people: dict[str, Any]
) -> None:
    (row,) = live_baf(people["board"])["rows"]
    second = next(line for line in row["lines"] if line["line"] == 2)
    assert "PROC-FALLS-01 Falls prevention at night" in [s["title"] for s in second["sources"]]
    source = document_of(people["board"])
    assert source["approved"] and source["number"] == 1 and source["signature_intact"]
    assert source["concern"] is False
    assert source["status_text"].startswith("Version 1 approved on ")
    assert "next review" in source["status_text"]


def test_altered_content_or_an_overdue_review_is_cause_for_concern(
    procedure: DocumentVersion, people: dict[str, Any]
) -> None:
    concerns = live_baf(people["board"])["rows"][0]["concerns"]
    DocumentVersion.objects.filter(pk=procedure.pk).update(body="<p>Changed after signing</p>")
    source = document_of(people["board"])
    assert source["signature_intact"] is False and source["concern"] is True
    assert "its signature no longer matches the content" in source["status_text"]
    assert live_baf(people["board"])["rows"][0]["concerns"] == concerns + 1
    DocumentVersion.objects.filter(pk=procedure.pk).update(
        review_date=today() - dt.timedelta(days=3)
    )
    assert "review overdue since" in document_of(people["board"])["status_text"]


def test_a_document_with_no_approved_version_says_nothing_is_in_force(
    principal: Any,
    people: dict[str, Any],
    make_document: Any,  # noqa: F811
) -> None:
    draft = make_document(identifier="PROC-DRAFT-02")
    risk_services.add_assurance(principal.risk, draft.document, line=1, level="limited",
                                actor=people["quality"])  # fmt: skip
    source = document_of(people["quality"])  # the quality team reads drafts; the board not yet
    assert source["approved"] is False and source["concern"] is True
    assert source["status_text"] == "No approved version: nothing is in force."


def test_a_document_the_reader_may_not_see_is_left_out(
    procedure: DocumentVersion, people: dict[str, Any]
) -> None:
    assert document_sources([procedure.document_id], people["partner"], today()) == {}
    mine = document_sources([procedure.document_id], people["staff"], today())
    assert mine[procedure.document_id]["approved"]  # staff read approved documents


def test_exports_and_the_quarter_comparison_carry_the_document(
    procedure: DocumentVersion, people: dict[str, Any]
) -> None:
    before = live_baf(people["board"])
    (row,) = before["rows"]
    (line,) = [cells for cells in evidence_rows(row) if cells[3] == "Document"]
    assert line[4] == "PROC-FALLS-01 Falls prevention at night"
    assert line[-1].startswith("Version 1 approved on ")
    DocumentVersion.objects.filter(pk=procedure.pk).update(body="<p>Changed after signing</p>")
    changes = compare(before, live_baf(people["board"])).evidence
    assert any("signature no longer matches" in change for change in changes)


def test_the_principal_risk_page_shows_the_document(
    procedure: DocumentVersion, principal: Any, client_for: Any
) -> None:
    from django.urls import reverse

    page = client_for("board").get(reverse("assurance:baf_risk", args=[principal.pk]))
    text = page.content.decode()
    assert "PROC-FALLS-01 Falls prevention at night" in text and "Version 1 approved on" in text
    board = client_for("board").get(reverse("assurance:baf")).content.decode()
    assert "PROC-FALLS-01 Falls prevention at night" in board
