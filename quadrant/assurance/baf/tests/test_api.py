"""/api/v1/baf/: the live BAF for scripts, scoped like the pages; read-only."""

from __future__ import annotations

from typing import Any

from quadrant.assurance.baf.tests.conftest import add_run, today


def test_the_board_reads_the_baf_with_its_evidence(
    principal: Any, api_for: Any, template: Any, org: Any, people: dict[str, Any]
) -> None:
    add_run(template, org.ward_a, people["auditor"], "86", today())
    response = api_for("board").get("/api/v1/baf/")
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["reference"] == principal.risk.reference
    assert row["current"]["score"] == 12 and row["current"]["band"] == "high"
    assert row["above_appetite"] is True and row["appetite"] == 8
    assert row["committee"] == "Quality committee" and row["aim"] == "Safe care, every time"
    audit = row["lines"][1]["sources"][0]
    assert audit["compliance"] == 86.0 and audit["meets_threshold"] is True
    one = api_for("board").get(f"/api/v1/baf/{principal.pk}/")
    assert one.status_code == 200 and one.json()["id"] == principal.pk


def test_others_see_nothing_and_cannot_write(principal: Any, api_for: Any) -> None:
    for who in ("manager", "staff", "partner"):
        client = api_for(who)
        assert client.get("/api/v1/baf/").json()["results"] == []
        assert client.get(f"/api/v1/baf/{principal.pk}/").status_code == 404
    board = api_for("board")
    assert board.post("/api/v1/baf/", {}, format="json").status_code == 405
    assert board.delete(f"/api/v1/baf/{principal.pk}/").status_code == 405


def test_the_baf_is_in_the_openapi_schema(api_for: Any) -> None:
    schema = api_for("board").get("/api/schema/")
    assert schema.status_code == 200
    assert "/api/v1/baf/" in schema.content.decode()
