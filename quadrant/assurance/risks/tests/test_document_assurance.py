"""A controlled document gives assurance on a risk (issue 19: "assurances — measures, audits,
documents"): named by its identifier, shown on the risk's page with its line and level, and
refused like a missing one to someone who may not read it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from quadrant.assurance.documents.tests.conftest import (  # noqa: F401  (fixtures)
    approve,
    make_document,
)

pytestmark = pytest.mark.django_db


def add(client: Any, risk: Any, identifier: str) -> Any:
    return client.post(
        reverse("assurance:risk_assurance_new", args=[risk.pk]),
        {"record_type": "assurance.document", "record": identifier, "line": "2",
         "level": "reasonable", "note": "Procedure audited yearly"},
    )  # fmt: skip


def test_an_approved_procedure_gives_assurance_on_a_risk(
    client_for: Any,
    make_risk: Any,
    make_document: Any,  # noqa: F811
    approve: Any,  # noqa: F811
) -> None:
    approve(make_document(identifier="PROC-FALLS-01"))
    risk = make_risk()
    client = client_for("manager")
    assert add(client, risk, "proc-falls-01").status_code == 302
    page = client.get(risk.get_absolute_url()).content.decode()
    assert "Falls prevention at night" in page and "line 2, reasonable assurance" in page


def test_a_document_one_may_not_read_is_refused_like_one_that_is_not_there(
    client_for: Any,
    make_risk: Any,
    make_document: Any,  # noqa: F811
    org: Any,
    people: Any,
) -> None:
    ward_b = people["manager2"]
    make_document(org.ward_b, identifier="PROC-WB-01", owner=ward_b, author=ward_b)  # a draft
    risk = make_risk()
    response = add(client_for("manager"), risk, "PROC-WB-01")
    assert response.status_code == 400
    assert (
        "No controlled document has the code or id “PROC-WB-01”, or you may not see it"
        in response.content.decode()
    )
    assert not risk.assurances.exists()
