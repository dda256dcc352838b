"""Measure pages: list, define, hand entry with corrections, file import."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quadrant.control.intake.models import DataImport
from quadrant.control.measures.models import Measure, Observation, ObservationCorrection


def test_measure_list_filters_to_a_subtree_with_a_fixed_number_of_queries(
    client_for, measures, org
):
    client = client_for("board")
    response = client.get("/control/measures/?unit=MED")
    assert response.status_code == 200
    assert b"HH-A" in response.content and b"FALLS-B" not in response.content
    with CaptureQueriesContext(connection) as few:
        client.get("/control/measures/")
    for index in range(20):
        Measure.objects.create(code=f"X{index}", name=f"Extra {index}", org_unit=org.ward_b)
    with CaptureQueriesContext(connection) as many:
        client.get("/control/measures/")
    assert len(many) == len(few)


def test_hand_entry_then_correction_keeps_the_old_value(client_for, measures):
    client = client_for("manager")
    url = "/control/measures/HH-A/"
    assert client.post(url, {"period": "2024-01-01", "value": "97"}).status_code == 302
    refused = client.post(url, {"period": "2024-01-01", "value": "95"})
    assert "give a reason for the correction" in refused.content.decode()
    client.post(url, {"period": "2024-01-01", "value": "95", "reason": "Late audit forms"})
    assert Observation.objects.get().value == 95
    correction = ObservationCorrection.objects.get()
    assert (correction.old_value, correction.new_value, correction.reason) == (
        97,
        95,
        "Late audit forms",
    )
    assert "Late audit forms" in client.get(url).content.decode()


def test_hand_entry_names_the_problem(client_for, measures):
    response = client_for("manager").post(
        "/control/measures/HH-A/", {"period": "2024-01-03", "value": "97"}
    )
    assert "2024-01-03 is not a Monday" in response.content.decode()
    assert Observation.objects.count() == 0


def test_manager_cannot_enter_another_units_values(client_for, measures):
    client = client_for("manager")
    assert client.get("/control/measures/FALLS-B/").status_code == 404
    assert (
        client.post(
            "/control/measures/FALLS-B/", {"period": "2024-01-01", "value": "3"}
        ).status_code
        == 404
    )
    staff = client_for("staff").post(
        "/control/measures/HH-A/", {"period": "2024-01-01", "value": "3"}
    )
    assert staff.status_code == 403
    assert Observation.objects.count() == 0


def test_partner_cannot_see_unpublished_measures(client_for, measures):
    client = client_for("partner")
    assert client.get("/control/measures/HH-A/").status_code == 404
    assert b"HH-A" not in client.get("/control/measures/").content
    Measure.objects.filter(code="HH-A").update(published_to_partners=True)
    assert client.get("/control/measures/HH-A/").status_code == 200


def test_analyst_defines_a_measure_and_manager_may_not(client_for, org, measures):
    data = {
        "code": "SEPSIS-A", "name": "Sepsis screening, Ward A", "org_unit": org.ward_a.pk,
        "multiplier": 100, "chart_type": "p", "direction": "increase", "frequency": "month",
        "rule_profile": "mdc",
    }  # fmt: skip
    assert client_for("manager").get("/control/measures/new/").status_code == 403
    response = client_for("analyst").post("/control/measures/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Measure.objects.get(code="SEPSIS-A").created_by.username == "analyst"


def test_file_import_preview_check_and_commit(client_for, measures):
    client = client_for("manager")
    content = b"Measure code,Period start,Value\nHH-A,2024-01-01,97\nHH-A,2024-01-08,98\n"
    upload = SimpleUploadedFile("ward.csv", content, content_type="text/csv")
    response = client.post(
        "/control/measures/imports/new/", {"file": upload, "source": "Ward returns"}
    )
    assert response.status_code == 302
    record = DataImport.objects.get()
    assert record.columns == {"measure": "Measure code", "period": "Period start", "value": "Value"}
    page = client.get(response.url).content.decode()
    assert "2024-01-08" in page
    mapping = {"measure": "Measure code", "period": "Period start", "value": "Value"}
    checked = client.post(response.url, {**mapping, "check": "1"}).content.decode()
    assert "2 new, 0 changed, 0 unchanged" in checked and Observation.objects.count() == 0
    client.post(response.url, {**mapping, "import": "1"})
    assert Observation.objects.count() == 2


def test_file_import_shows_row_errors_in_the_error_summary(client_for, measures):
    client = client_for("manager")
    content = b"measure,period,value\nHH-A,2024-02-03,97\n"
    upload = SimpleUploadedFile("bad.csv", content, content_type="text/csv")
    url = client.post("/control/measures/imports/new/", {"file": upload}).url
    page = client.post(
        url, {"measure": "measure", "period": "period", "value": "value", "import": "1"}
    )
    assert "Row 2, column period: 2024-02-03 is not a Monday" in page.content.decode()
    assert Observation.objects.count() == 0


def test_large_file_is_imported_by_a_background_job(
    client_for, measures, django_capture_on_commit_callbacks
):
    client = client_for("analyst")
    lines = ["measure,period,value"]
    import datetime as dt

    for week in range(5_001):
        lines.append(f"HH-A,{dt.date(1930, 1, 6) + dt.timedelta(weeks=week)},90")
    upload = SimpleUploadedFile("big.csv", "\n".join(lines).encode(), content_type="text/csv")
    url = client.post("/control/measures/imports/new/", {"file": upload}).url
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"measure": "measure", "period": "period", "value": "value", "import": "1"}
        )
    assert response.status_code == 302
    record = DataImport.objects.get()
    assert record.job is not None
    assert Observation.objects.count() == 5_001


def test_a_measure_code_with_characters_an_address_cannot_carry_is_refused(
    client_for, org, measures
):
    data = {
        "code": "SEPSIS/A", "name": "Sepsis screening, Ward A", "org_unit": org.ward_a.pk,
        "multiplier": 100, "chart_type": "p", "direction": "increase", "frequency": "month",
        "rule_profile": "mdc",
    }  # fmt: skip
    page = client_for("analyst").post("/control/measures/new/", data)
    assert page.status_code == 200
    assert "The code can contain only letters, numbers" in page.content.decode()
    assert not Measure.objects.filter(name="Sepsis screening, Ward A").exists()
