"""Importing units and staff from a CSV file: on the page, as a background job, and by command."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from quadrant.core.models import HistoryEvent, Job
from quadrant.organisation.models import OrgUnit, Person

HEADER = "code,name,kind,parent_code,active\n"


def upload(content: str | bytes, name: str = "units.csv") -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_admin_imports_a_valid_units_file(client_for, org):
    before = OrgUnit.objects.count()
    response = client_for("admin").post(
        reverse("organisation:import"),
        {
            "kind": "units",
            "file": upload(HEADER + "W7,Ward 7,ward,W7S,yes\nW7S,Service 7,service,MED,\n"),
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("organisation:units")
    assert OrgUnit.objects.count() == before + 2
    assert OrgUnit.objects.get(code="W7").parent.code == "W7S"


def test_malformed_file_names_row_and_column_and_imports_nothing(client_for, org):
    before = (OrgUnit.objects.count(), HistoryEvent.objects.count())
    body = HEADER + "W7,Ward 7,ward,MED,yes\nW8,Ward 8,spaceship,MED,yes\nW9,Ward 9,ward,NOWHERE,\n"
    response = client_for("admin").post(
        reverse("organisation:import"), {"kind": "units", "file": upload(body)}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Nothing was imported: 2 problems in the file" in content
    assert "Row 3, column kind: “spaceship” is not a kind of unit" in content
    assert "Row 4, column parent_code: no unit you manage has the code “NOWHERE”" in content
    assert (OrgUnit.objects.count(), HistoryEvent.objects.count()) == before


def test_wrong_header_says_which_column_is_missing(client_for, org):
    response = client_for("admin").post(
        reverse("organisation:import"),
        {"kind": "people", "file": upload("username,first_name,last_name,email\nx,y,z,e@x.org\n")},
    )
    content = response.content.decode()
    assert "Row 1, column home_unit_code: the header row has no “home_unit_code” column" in content


def test_empty_upload_is_an_error_on_the_field(client_for, org):
    response = client_for("admin").post(
        reverse("organisation:import"), {"kind": "units", "file": upload(b"")}
    )
    assert response.status_code == 200
    assert "The chosen file is empty" in response.content.decode()


def test_import_page_is_for_administrators_only(client_for, org):
    response = client_for("quality").post(
        reverse("organisation:import"),
        {"kind": "units", "file": upload(HEADER + "W7,W,ward,MED,\n")},
    )
    assert response.status_code == 403
    assert not OrgUnit.objects.filter(code="W7").exists()


def test_large_staff_file_runs_as_a_job_that_succeeds(
    client_for, org, people, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    header = "username,first_name,last_name,email,job_title,home_unit_code,role,role_unit_code\n"
    rows = "".join(
        f"user{i},First{i},Last{i},u{i}@example.nhs.uk,Nurse,WARDA,staff,\n" for i in range(1200)
    )
    client = client_for("admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organisation:import"),
            {"kind": "people", "file": upload(header + rows, "staff.csv")},
        )
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("job", args=[job.pk])
    assert job.status == "succeeded", job.log
    assert job.progress == 100
    assert job.result["counts"]["created"] == 1200
    assert Person.objects.filter(username__startswith="user").count() == 1200
    assert list(tmp_path.rglob("*.csv")) == []  # the stored upload is removed
    page = client.get(reverse("job", args=[job.pk]))
    assert b"1200 people created" in page.content
    assert b"hx-trigger" not in page.content  # finished: no more polling


def test_import_org_command(org, tmp_path, capsys):
    good = tmp_path / "units.csv"
    good.write_text(HEADER + "W7,Ward 7,ward,ACUTE,yes\n")
    call_command("import_org", "units", str(good))
    assert "Imported units.csv: 1 rows, 1 created, 0 updated." in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "W8,Ward 8,ward,NOWHERE,yes\n")
    with pytest.raises(CommandError, match=r"1 problems in bad\.csv; nothing was imported"):
        call_command("import_org", "units", str(bad))
    assert "Row 2, column parent_code" in capsys.readouterr().err
    assert not OrgUnit.objects.filter(code="W8").exists()


def test_import_org_command_as_a_person_is_limited_to_their_units(org, people, tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(HEADER + "W7,Ward 7,ward,ACUTE,yes\n")
    with pytest.raises(CommandError):
        call_command("import_org", "units", str(path), "--as", "manager")
    call_command("import_org", "units", str(path), "--as", "admin")
    assert OrgUnit.objects.get(code="W7").created_by == people["admin"]
