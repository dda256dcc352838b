"""`GET /api/v1/compliance/`: the matrix as data, scoped like the page; bad parameters are a
400 naming them (a unit one may not read answers exactly like one that does not exist)."""

from __future__ import annotations

from typing import Any

URL = "/api/v1/compliance/"


def cells_of(body: dict[str, Any], code: str) -> dict[str, Any]:
    (row,) = [row for row in body["standards"] if row["code"] == code]
    return {cell["unit"]: cell for cell in row["cells"]}


def test_the_board_reads_the_trust_and_its_divisions(api_for: Any, world: Any, audited: Any):
    response = api_for("board").get(URL)
    assert response.status_code == 200
    body = response.json()
    assert (body["framework"], body["unit"]) == ("our-standards", "TRUST")
    assert [unit["code"] for unit in body["units"]] == ["TRUST", "MED", "SURG"]
    ipc = cells_of(body, "IPC-1")
    assert (ipc["TRUST"]["percent"], ipc["TRUST"]["answers"]) == (92.9, 5)
    assert ipc["MED"]["percent"] == 87.5
    assert ipc["TRUST"]["variation_label"].startswith("No variation icon")  # two months only
    lead = cells_of(body, "LEAD-1")["TRUST"]
    assert (lead["percent"], lead["reading"]) == (None, "No audit evidence")
    assert "pooled" in body["rule"]


def test_an_external_framework_and_a_unit_by_name(api_for: Any, world: Any, audited: Any):
    body = api_for("quality").get(URL, {"framework": "NAT-STD", "unit": "Acute medicine"}).json()
    assert [unit["code"] for unit in body["units"]] == ["ACUTE", "WARDA", "WARDA2"]
    assert cells_of(body, "N1.1")["WARDA"]["percent"] == 83.3


def test_manager2_reads_nothing_of_managers_ward(api_for: Any, world: Any, audited: Any):
    client = api_for("manager2")
    body = client.get(URL).json()
    assert [unit["code"] for unit in body["units"]] == ["WARDB"]
    refused = client.get(URL, {"unit": "WARDA"})
    missing = client.get(URL, {"unit": "NOWHERE"})
    assert refused.status_code == missing.status_code == 400
    assert refused.json()["errors"] == [
        {"field": "unit", "message": "No unit has the code or name “WARDA”"}
    ]
    assert missing.json()["errors"][0]["message"] == "No unit has the code or name “NOWHERE”"
    assert client.get(URL, {"unit": "TRUST"}).status_code == 400  # above: named, not read


def test_bad_parameters_are_named(api_for: Any, world: Any) -> None:
    client = api_for("board")
    response = client.get(URL, {"framework": "nope"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["errors"] == [
        {"field": "framework", "message": "No framework has the code “nope”"}
    ]
    unknown = client.get(URL, {"colour": "red"})
    assert unknown.status_code == 400
    assert "framework, unit" in unknown.json()["errors"][0]["message"]


def test_signed_out_callers_are_refused(client: Any, world: Any) -> None:
    assert client.get(URL).status_code in (401, 403)
