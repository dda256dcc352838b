"""The BAF for the board paper: the live BAF and a frozen quarter as PDF and Excel, read
back with pypdf and openpyxl."""

from __future__ import annotations

import io
from typing import Any

from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from quadrant.assurance.baf import services
from quadrant.assurance.baf.models import BafQuarter
from quadrant.assurance.baf.tests.conftest import add_run, today


def pdf_text(body: bytes) -> str:
    """The words of every page, each run of white space one space (cells wrap their lines)."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    return " ".join(text.split())


def test_the_live_baf_as_pdf(principal: Any, client_for: Any, template: Any, org: Any,
                             people: dict[str, Any]) -> None:  # fmt: skip
    add_run(template, org.ward_a, people["auditor"], "92", today())
    response = client_for("board").get(reverse("assurance:baf_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="board-assurance')
    text = pdf_text(response.content)
    for words in ("Board assurance framework", "Safe care, every time", "Falls at night",
                  "Quality committee", "Above appetite", "92", "Falls bundle",
                  "No sensor mats on two wards"):  # fmt: skip
        assert words in text, words


def test_the_live_baf_as_excel(principal: Any, client_for: Any) -> None:
    response = client_for("quality").get(reverse("assurance:baf_xlsx"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Principal risks", "Evidence", "Themes of events"]
    risks = list(workbook["Principal risks"].iter_rows(values_only=True))
    assert risks[0][:3] == ("Reference", "Principal risk", "Strategic aim")
    row = dict(zip(risks[0], risks[1], strict=True))
    assert row["Principal risk"] == "Falls at night"
    assert row["Current score"] == 12 and row["Current band"] == "High"
    assert row["Appetite"] == 8 and row["Above appetite"] == "Yes"
    assert row["Key controls"] == "Falls bundle\nNight checks"
    evidence = list(workbook["Evidence"].iter_rows(values_only=True))[1:]
    assert [(line[3], line[4]) for line in evidence] == [
        ("Measure", "Falls, Ward A"),
        ("Audit", "Falls prevention audit"),
    ]
    themes = list(workbook["Themes of events"].iter_rows(values_only=True))[1:]
    assert themes[0][1] == "Slips, trips and falls"


def test_a_frozen_quarter_exports_its_snapshot_not_the_live_baf(
    principal: Any, client_for: Any, people: dict[str, Any], template: Any, org: Any
) -> None:
    add_run(template, org.ward_a, people["auditor"], "77", today())
    quarter = services.sign_off_quarter(services.freeze_quarter(actor=people["board"]),
                                        actor=people["board"])  # fmt: skip
    add_run(template, org.ward_a, people["auditor"], "99", today())
    client = client_for("board")
    workbook = load_workbook(io.BytesIO(
        client.get(reverse("assurance:baf_quarter_xlsx", args=[quarter.pk])).content
    ))  # fmt: skip
    evidence = list(workbook["Evidence"].iter_rows(values_only=True))
    assert evidence[2][8] == 77  # compliance as frozen
    text = pdf_text(client.get(reverse("assurance:baf_quarter_pdf", args=[quarter.pk])).content)
    assert "(frozen)" in text and "signed off by Board Tester" in text and "77" in text
    BafQuarter.objects.filter(pk=quarter.pk).update(sha256="0" * 64)
    tampered = pdf_text(client.get(reverse("assurance:baf_quarter_pdf", args=[quarter.pk])).content)
    assert "WARNING: altered since sealed" in tampered
