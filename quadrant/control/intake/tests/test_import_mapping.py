"""The web import: a saved column mapping belongs to a unit and is used only by people who
may enter that unit's data; a mapping that names no column (or columns the file lacks)
never crashes the page; the upload and its record are written through the services."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from quadrant.control.intake.importers.mappings import mapping_for, remember_mapping
from quadrant.control.intake.models import ColumnMapping, DataImport
from quadrant.control.measures.models import Observation
from quadrant.core.models import HistoryEvent

CSV = b"Code,Month,Rate\nHH-A,2024-01-01,97\n"
ODD = b"Alpha,Beta,Gamma\nHH-A,2024-01-01,97\n"  # nothing can be guessed from these names
MAPPING = {"measure": "Code", "period": "Month", "value": "Rate"}
ODD_MAPPING = {"measure": "Alpha", "period": "Beta", "value": "Gamma"}


def _upload(client, content=CSV, **fields):
    upload = SimpleUploadedFile("ward.csv", content, content_type="text/csv")
    return client.post("/control/measures/imports/new/", {"file": upload, **fields})


def test_a_mapping_saved_at_one_unit_is_not_applied_at_another(client_for, org, people, measures):
    remember_mapping("Ward returns", ODD_MAPPING, org_unit=org.ward_a, actor=people["manager"])
    response = _upload(client_for("manager2"), ODD, source="Ward returns")  # Ward B's manager
    assert response.status_code == 302
    assert DataImport.objects.get().columns == {}  # nothing guessed, nothing taken from Ward A
    assert DataImport.objects.get().org_unit == org.ward_b


def test_a_mapping_is_applied_at_its_own_unit_for_anyone_entering_its_data(
    client_for, org, people, measures
):
    remember_mapping("Ward returns", ODD_MAPPING, org_unit=org.ward_a, actor=people["manager"])
    client = client_for("analyst")  # trust-wide: may enter Ward A's data
    response = _upload(client, ODD, source="Ward returns", org_unit=org.ward_a.pk)
    assert response.status_code == 302
    assert DataImport.objects.get().columns == ODD_MAPPING


def test_one_units_mapping_cannot_be_changed_from_another(client_for, org, people, measures):
    remember_mapping("Ward returns", MAPPING, org_unit=org.ward_a, actor=people["manager"])
    with pytest.raises(PermissionDenied):
        remember_mapping("Ward returns", {"measure": "Rate"}, org_unit=org.ward_a,
                         actor=people["manager2"])  # fmt: skip
    client = client_for("manager2")
    response = _upload(client, source="Ward returns", org_unit=org.ward_a.pk)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert ColumnMapping.objects.get().columns == MAPPING
    assert mapping_for("Ward returns", org_unit=org.ward_a, actor=people["manager2"],
                       header=list(MAPPING.values())) == {}  # fmt: skip


def test_the_upload_and_the_mapping_are_written_with_history(client_for, org, people, measures):
    client = client_for("manager")
    url = _upload(client, source="Ward returns").url
    client.post(url, {**MAPPING, "check": "1"})
    for model in ("dataimport", "columnmapping"):
        events = HistoryEvent.objects.filter(content_type__model=model)
        assert events.exists() and {e.actor_id for e in events} == {people["manager"].pk}
    assert ColumnMapping.objects.get().org_unit == org.ward_a


def test_a_remembered_mapping_meeting_columns_that_cannot_be_guessed(client_for, people, org,
                                                                      measures):  # fmt: skip
    """The crash: a saved mapping, then a file whose columns it and the guess cannot name,
    checked with every column left as "Not in this file"."""
    remember_mapping("Ward returns", MAPPING, org_unit=org.ward_a, actor=people["manager"])
    client = client_for("manager")
    url = _upload(client, ODD, source="Ward returns").url
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {"measure": "", "period": "", "value": "", "check": "1"})
    assert response.status_code == 200
    assert "Select the column that holds the measure code" in response.content.decode()
    assert ColumnMapping.objects.get().columns == MAPPING  # an empty choice is not remembered
    response = client.post(url, {"measure": "", "import": "1"})
    assert response.status_code == 200 and Observation.objects.count() == 0


def test_someone_elses_import_is_not_found(client_for, measures):
    url = _upload(client_for("manager"), source="Ward returns").url
    assert client_for("manager2").post(url, {**MAPPING, "import": "1"}).status_code == 404
    assert Observation.objects.count() == 0
