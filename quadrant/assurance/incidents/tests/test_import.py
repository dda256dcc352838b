"""Importing historical events from a CSV export: the real sample file through the pages and
the command line; a file with errors stores nothing and names each row and column; a second
import skips what is already in; only the safety team may import, and only at its units."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from quadrant.assurance.incidents import importing
from quadrant.assurance.incidents.models import SafetyEvent
from quadrant.assurance.incidents.services import imports
from quadrant.core.logs import HistoryEvent
from quadrant.core.testing.matrix import PERSONA_NAMES

pytestmark = pytest.mark.django_db

SAMPLE = Path(importing.__file__).with_name("data") / "sample_export.csv"
UPLOAD = reverse("assurance:safety_event_import")
CHECK = reverse("assurance:safety_event_import_check")
HEADER = (
    "Incident ID,Incident date,Time,Location (exact),Unit,Description,Action taken,Type,"
    "Category,Harm (actual),Psychological harm,Never Event,Reported date,Status\n"
)


def sample_table() -> importing.Table:
    return importing.read_table(SAMPLE.read_bytes())


def upload(client: Any, unit: Any, data: bytes | None = None, name: str = "export.csv") -> Any:
    file = SimpleUploadedFile(name, SAMPLE.read_bytes() if data is None else data, "text/csv")
    return client.post(UPLOAD, {"file": file, "org_unit": unit.pk})


def columns_posted(client: Any, **changes: str) -> dict[str, str]:
    guessed = client.session[importing_key()]["columns"]
    return {**{name: "" for name in importing.COLUMNS}, **guessed, **changes}


def importing_key() -> str:
    from quadrant.assurance.incidents.views.imports import SESSION_KEY

    return SESSION_KEY


def test_the_sample_file_is_synthetic_and_has_the_usual_columns():
    note = (SAMPLE.parent / "README.md").read_text(encoding="utf-8")
    assert "synthetic" in note.lower()
    table = sample_table()
    assert 25 <= len(table.rows) <= 35
    guessed = importing.guess_columns(table.header)
    assert set(guessed) == set(importing.COLUMNS) - {"affected", "reportable_to_cqc"}
    assert importing.missing_columns(table.header, guessed) == []


def test_the_sample_file_through_the_pages(client_for, org, people):
    client = client_for("quality")
    assert client.get(UPLOAD).status_code == 200
    response = upload(client, org.medicine)
    assert response.status_code == 302 and response["Location"] == CHECK
    page = client.get(CHECK)
    assert page.status_code == 200 and "Incident ID" in page.content.decode()
    checked = client.post(CHECK, {**columns_posted(client), "check": ""})
    body = checked.content.decode()
    assert checked.status_code == 200, body
    assert "Every row is right: 30 new events will be imported" in body
    assert "W24000" in body and "Slips, trips and falls" in body
    assert SafetyEvent.objects.count() == 0  # checking stores nothing
    done = client.post(CHECK, {**columns_posted(client), "import": ""})
    assert done.status_code == 302 and done["Location"] == reverse("assurance:safety_events")
    events = SafetyEvent.objects.all()
    assert events.count() == 30
    assert not events.filter(reporter__isnull=False).exists()
    assert not events.filter(anonymous=True).exists()
    assert all(event.imported for event in events)
    assert set(events.values_list("status", flat=True)) == {"submitted", "closed"}
    first = events.get(source_reference="W24000")
    assert (first.org_unit, first.category, first.physical_harm) == (org.ward_a, "falls", "low")
    assert str(first.occurred_on) == "2024-04-01" and first.status == "closed"
    assert str(first.reported_on) == "2024-04-01"
    never = events.get(never_event=True)
    assert never.never_event_type == "wrong-site-surgery" and never.duty_of_candour
    assert events.get(source_reference="W24021").org_unit == org.ward_a2
    # Written as the person who imported it, in the change history.
    assert first.created_by.username == "quality"
    assert HistoryEvent.objects.filter(object_id=str(first.pk), actor=people["quality"]).exists()
    assert importing_key() not in client.session
    listed = client.get(reverse("assurance:safety_events")).content.decode()
    assert "Imported 30 events from export.csv" in listed


def test_importing_the_same_file_again_skips_every_event(org, people):
    table, unit = sample_table(), org.medicine
    columns = importing.guess_columns(table.header)
    first = imports.import_events(table, columns, unit=unit, actor=people["quality"])
    assert first.ok and len(first.events) == 30
    again = imports.import_events(table, columns, unit=unit, actor=people["quality"])
    assert again.ok and again.events == [] and len(again.skipped) == 30
    assert SafetyEvent.objects.count() == 30


def test_a_file_with_errors_stores_nothing_and_names_each_row_and_column(client_for, org):
    rows = (
        "A1,03/02/2025,10:15,Bay 1,WARDA,Fall by the bed.,Checked.,Patient safety incident,"
        "Falls,Low,,No,03/02/2025,Closed\n"
        "A2,31/02/2025,,Bay 2,,Wrong drug.,,incident,Medication,Lots,,,,Open\n"
        "A3,01/03/2025,25:99,,WARDB,Something.,,Not a type,falls,Low,,Yes,,Maybe\n"
        "A1,04/03/2025,,,,Again.,,risk,Staffing and workload,,,,,\n"
        "A5,05/03/2025,,,,,,incident,falls,,,,,\n"
    )
    client = client_for("quality")
    assert upload(client, org.medicine, (HEADER + rows).encode()).status_code == 302
    response = client.post(CHECK, {**columns_posted(client), "import": ""})
    body = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem: nothing was imported" in body
    expected = [
        "Row 3, Incident date: Date of the event:",
        "Row 3, Harm (actual): “Lots” is not a level of physical harm Quadrant knows",
        "Row 4, Time: Time of the event “25:99” must be a time like 14:30",
        "Row 4, Unit: “WARDB” is not a unit within Medicine",
        "Row 4, Type: “Not a type” is not a type of event Quadrant knows",
        "Row 4, Never Event: Never Event must be No, or the type of Never Event",
        "Row 4, Status: Status must be open (imported as submitted) or closed",
        "Row 5, Incident ID: “A1” is also on row 2: give each event once",
        "Row 6, Description: Enter what happened",
        "Row 6, Harm (actual): Select the physical harm you saw, or no physical harm",
    ]
    for words in expected:
        assert words in body.replace("&quot;", '"').replace("&#x27;", "'"), words
    assert SafetyEvent.objects.count() == 0


def test_a_future_date_and_a_missing_required_column(org, people):
    future = HEADER + "F1,01/01/2099,,,,Later.,,risk,falls,,,,,\n"
    table = importing.read_table(future.encode())
    columns = importing.guess_columns(table.header)
    result = imports.check_import(table, columns, unit=org.ward_a, actor=people["quality"])
    assert [str(e) for e in result.errors] == [
        "Row 2, Incident date: Date of the event must be today or in the past"
    ]
    del columns["description"]
    assert importing.missing_columns(table.header, columns) == [
        "Select the column that holds the what happened"
    ]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.csv", "The selected file is empty"),
        (b"PK\x03\x04rest", "book.csv", "The selected file must be a CSV file"),
        (b"a,b\n1,2\n", "events.pdf", "The selected file must be a CSV file"),
        (HEADER.encode(), "headings.csv", "has column headings but no rows of events"),
        (b"x" * (2 * 1024 * 1024 + 1), "big.csv", "The selected file must be smaller than 2MB"),
    ],
)
def test_the_upload_is_checked(client_for, org, data, name, message):
    response = upload(client_for("quality"), org.medicine, data, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert importing_key() not in response.wsgi_request.session


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_only_the_safety_team_may_import(client_for, org, persona):
    client = client_for(persona)
    response = client.get(UPLOAD)
    if persona in ("quality",):
        assert response.status_code == 200
        return
    assert response.status_code == 403
    assert upload(client, org.ward_a).status_code == 403
    assert client.get(CHECK).status_code == 403
    assert SafetyEvent.objects.count() == 0


def test_a_unit_outside_ones_own_is_refused(client_for, org, people):
    from quadrant.organisation.models import Membership

    Membership.objects.filter(person=people["quality"]).update(org_unit=org.medicine)
    client = client_for("quality")
    response = upload(client, org.surgery)
    assert response.status_code == 400 and "Surgery" not in _options(response)
    table = sample_table()
    with pytest.raises(PermissionDenied):
        imports.import_events(
            table, importing.guess_columns(table.header), unit=org.surgery,
            actor=people["quality"],
        )  # fmt: skip
    assert SafetyEvent.objects.count() == 0


def _options(response: Any) -> str:
    """The unit choices the upload page offers."""
    body = response.content.decode()
    start = body.index('name="org_unit"')
    return body[start : body.index("</select>", start)]


def test_the_command_line(org, people):
    out, err = StringIO(), StringIO()
    call_command(
        "import", "safety-events", str(SAMPLE), "--unit", "MED", "--as", "quality", "--dry-run",
        stdout=out, stderr=err,
    )  # fmt: skip
    assert "Would import 30 events" in out.getvalue() and SafetyEvent.objects.count() == 0
    call_command("import", "safety-events", str(SAMPLE), "--unit", "MED", "--as", "quality",
                 stdout=out, stderr=err)  # fmt: skip
    assert "Imported 30 events" in out.getvalue() and SafetyEvent.objects.count() == 30
    out = StringIO()
    call_command("import", "safety-events", str(SAMPLE), "--unit", "MED", "--as", "quality",
                 stdout=out)  # fmt: skip
    assert "Imported 0 events" in out.getvalue() and "30 already imported" in out.getvalue()


def test_the_command_line_refuses(org, people, tmp_path):
    with pytest.raises(CommandError, match=r"permission|may not|not allowed|handle"):
        call_command("import", "safety-events", str(SAMPLE), "--unit", "MED", "--as", "staff")
    with pytest.raises(CommandError, match="no unit with the code"):
        call_command("import", "safety-events", str(SAMPLE), "--unit", "NOPE", "--as", "quality")
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "B1,03/02/2025,,,,Fell.,,incident,falls,Lots,,,,\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import", "safety-events", str(bad), "--unit", "MED", "--as", "quality",
                     stderr=err)  # fmt: skip
    assert "Row 2, Harm (actual)" in err.getvalue()
    assert SafetyEvent.objects.count() == 0
