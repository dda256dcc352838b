"""The API of frameworks, standards, mappings and evidence: the shape of each answer, scoping,
the import's row errors, and the refused writes."""

from __future__ import annotations

import pytest

from quadrant.assurance.standards.cqc import load_cqc
from quadrant.assurance.standards.models import Framework, Standard, StandardMapping
from quadrant.assurance.standards.tests.conftest import GOOD_CSV, LOADER
from quadrant.control.public import Measure

pytestmark = pytest.mark.django_db


def test_frameworks_list_and_detail_by_code(api_for):
    load_cqc(actor=LOADER)
    client = api_for("staff")
    listed = client.get("/api/v1/frameworks/").json()
    [cqc] = listed["results"]
    assert {"code", "title", "kind", "version"} <= cqc.keys()
    assert (cqc["code"], cqc["kind"], cqc["version"]) == ("cqc-saf", "external", "2024")
    detail = client.get("/api/v1/frameworks/cqc-saf/").json()
    assert [g["title"] for g in detail["groups"]] == [
        "Safe", "Effective", "Caring", "Responsive", "Well-led",
    ]  # fmt: skip
    assert len(detail["evidence_categories"]) == 6
    assert client.get("/api/v1/frameworks/no-such/").status_code == 404


def test_standards_of_a_framework_carry_code_title_group_text_framework(api_for):
    framework = load_cqc(actor=LOADER).framework
    client = api_for("staff")
    page = client.get(f"/api/v1/standards/?framework={framework.pk}&page_size=50").json()
    assert page["count"] == 34
    first = page["results"][0]
    assert first["code"] == "S1" and first["title"] == "Learning culture"
    assert first["group"] == "Safe" and first["framework"] == framework.pk
    assert first["text"].startswith("We have a proactive")
    by_code = client.get("/api/v1/standards/?framework=cqc-saf&group=well-led").json()
    assert by_code["count"] == 8
    bad = client.get("/api/v1/standards/?framework=nothing")
    assert bad.status_code == 400 and "framework" in bad.content.decode()


def test_signing_in_is_needed(client):
    assert client.get("/api/v1/frameworks/").status_code in (401, 403)


def test_a_framework_is_imported_from_csv_text_and_again_changes_nothing(api_for):
    client = api_for("quality")
    body = {"code": "nat-std", "title": "National standards", "kind": "external", "csv": GOOD_CSV}
    first = client.post("/api/v1/frameworks/import/", body, format="json")
    assert first.status_code == 201, first.content
    assert (first.json()["created"], first.json()["code"]) == (1 + 2 + 3, "nat-std")
    again = client.post("/api/v1/frameworks/import/", body, format="json")
    assert again.status_code == 200 and again.json()["created"] == again.json()["updated"] == 0


def test_an_import_with_bad_rows_names_them_and_loads_nothing(api_for):
    client = api_for("quality")
    csv = "code,title,group\nA1,First,G\nA1,Second,G\nA3,,G\n"
    body = {"code": "nat-std", "title": "National", "kind": "external", "csv": csv}
    response = client.post("/api/v1/frameworks/import/", body, format="json")
    assert response.status_code == 400
    text = response.content.decode()
    assert "Row 3, column “code”: Code “A1” is already used on row 2" in text
    assert "Row 4, column “title”: Enter a title" in text
    assert not Framework.objects.exists() and not Standard.objects.exists()


@pytest.mark.parametrize("username", ["staff", "manager2", "board", "divadmin"])
def test_writes_are_refused_to_those_who_do_not_manage_standards(
    api_for, username, external, internal
):
    client = api_for(username)
    body = {"code": "x", "title": "X", "kind": "external", "csv": GOOD_CSV}
    assert client.post("/api/v1/frameworks/import/", body, format="json").status_code == 403
    external_std = Standard.objects.get(code="N1.1")
    internal_std = Standard.objects.get(code="IPC-1")
    mapping = {"external": external_std.pk, "internal": internal_std.pk}
    assert client.post("/api/v1/standard-mappings/", mapping, format="json").status_code == 403
    evidence = {"standard": internal_std.pk, "title": "Audit"}
    assert client.post("/api/v1/standard-evidence/", evidence, format="json").status_code == 403
    assert not StandardMapping.objects.exists()


def test_mapping_and_evidence_through_the_api(api_for, external, internal, org):
    client = api_for("quality")
    external_std = Standard.objects.get(code="N1.1")
    internal_std = Standard.objects.get(code="IPC-1")
    made = client.post(
        "/api/v1/standard-mappings/",
        {"external": external_std.pk, "internal": internal_std.pk}, format="json",
    )  # fmt: skip
    assert made.status_code == 201 and made.json()["internal"] == internal_std.pk
    wrong = client.post(
        "/api/v1/standard-mappings/",
        {"external": internal_std.pk, "internal": external_std.pk}, format="json",
    )  # fmt: skip
    assert wrong.status_code == 400
    measure = Measure.objects.create(
        code="HH-B", name="Hand hygiene, Ward B", org_unit=org.ward_b,
        frequency="month", chart_type="p",
    )  # fmt: skip
    evidence = client.post(
        "/api/v1/standard-evidence/",
        {"standard": internal_std.pk, "record_type": "control.measure", "record_id": measure.pk},
        format="json",
    )
    assert evidence.status_code == 201, evidence.content
    assert evidence.json()["record_type"] == "control.measure"
    # manager (Ward A) does not see the Ward B measure, nor the evidence pointing at it
    assert api_for("manager").get("/api/v1/standard-evidence/").json()["count"] == 0
    assert api_for("manager2").get("/api/v1/standard-evidence/").json()["count"] == 1
    gone = client.delete(f"/api/v1/standard-mappings/{made.json()['id']}/")
    assert gone.status_code == 204
    assert StandardMapping.objects.get().archived_at is not None


def test_only_the_kinds_of_record_that_evidence_a_standard_are_taken(api_for, internal, org):
    measure = Measure.objects.create(
        code="HH-B", name="Hand hygiene, Ward B", org_unit=org.ward_b,
        frequency="month", chart_type="p",
    )  # fmt: skip
    response = api_for("quality").post(
        "/api/v1/standard-evidence/",
        {"standard": Standard.objects.get(code="IPC-1").pk, "record_type": "control.signal",
         "record_id": measure.pk}, format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "Record type must be one of control.measure" in response.content.decode()


def test_a_record_that_is_not_there_is_named_in_the_answer(api_for, internal):
    body = {"standard": Standard.objects.get(code="IPC-1").pk, "record_type": "control.measure"}
    missing = api_for("quality").post(
        "/api/v1/standard-evidence/", {**body, "record_id": 999999}, format="json"
    )
    assert missing.status_code == 400
    assert (
        "No measure has the code or id “999999”, or you may not see it" in missing.content.decode()
    )
