"""The documents API is scoped exactly as the pages: staff get documents in use of their
units and above, never one with only a draft; partners only public ones; outsiders nothing; a
document they may not see answers 404; filters as the library's, unknown ones refused; it is
read-only (documents are signed on their pages, with the password)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def identifiers(api: Any, **query: Any) -> list[str]:
    response = api.get("/api/v1/documents/", query)
    assert response.status_code == 200, response.json()
    return [row["identifier"] for row in response.json()["results"]]


def test_the_list_is_scoped_as_the_pages(
    make_document: Any, approve: Any, people: Any, org: Any, api_for: Any
) -> None:
    public = approve(make_document(identifier="PUB-1", public=True))
    approve(
        make_document(
            org.ward_b, identifier="WB-1", owner=people["manager2"], author=people["manager2"]
        ),
        reviewer="manager2",
    )
    draft = make_document(identifier="DRAFT-1")
    assert identifiers(api_for("staff")) == ["PUB-1"]
    assert identifiers(api_for("manager2")) == ["PUB-1", "WB-1"]  # public: read by all
    assert identifiers(api_for("partner")) == ["PUB-1"]
    assert identifiers(api_for("outsider")) == []
    assert identifiers(api_for("quality")) == ["DRAFT-1", "PUB-1", "WB-1"]
    assert api_for("staff").get(f"/api/v1/documents/{draft.document_id}/").status_code == 404
    body = api_for("partner").get(f"/api/v1/documents/{public.document_id}/").json()
    assert body["current_version"]["number"] == 1 and body["signature_matches"] is True
    assert body["current_version"]["signed_name"] == "Board Tester"
    assert body["unit"] == "WARDA" and body["owner"] == "manager"


def test_filters_and_refusals(make_document: Any, approve: Any, api_for: Any) -> None:
    approve(make_document(identifier="SOP-1", doc_type="sop", title="Sepsis screening"))
    approve(make_document(identifier="POL-1", doc_type="policy", title="Visiting"))
    api = api_for("staff")
    assert identifiers(api, q="sepsis") == ["SOP-1"]
    assert identifiers(api, doc_type="policy") == ["POL-1"]
    assert identifiers(api, overdue="true") == []
    assert api.get("/api/v1/documents/", {"colour": "red"}).status_code == 400
    assert api.get("/api/v1/documents/", {"doc_type": "poem"}).status_code == 400
    document = api.get("/api/v1/documents/").json()["results"][0]
    assert api.patch(f"/api/v1/documents/{document['id']}/", {"title": "x"}).status_code == 405
    assert api.post("/api/v1/documents/", {"identifier": "X"}).status_code == 405


def test_the_schema_describes_documents(api_for: Any) -> None:
    schema = api_for("staff").get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "/api/v1/documents/" in text and "signature_matches" in text
