"""Reading a framework from a CSV file: a good file loads; each kind of bad row is named by row
and column as headed in the file; a file with any error loads nothing."""

from __future__ import annotations

import pytest

from quadrant.assurance.standards.importers.csv_file import read_standards
from quadrant.assurance.standards.models import Framework, Standard
from quadrant.assurance.standards.tests.conftest import GOOD_CSV, framework_from_csv

pytestmark = pytest.mark.django_db


def errors_of(text: str | bytes) -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    return [str(error) for error in read_standards(data).errors]


def test_a_good_file_gives_its_groups_and_standards():
    found = read_standards(GOOD_CSV.encode())
    assert found.ok
    assert [(g.code, g.title) for g in found.groups] == [
        ("infection-control", "Infection control"),
        ("medicines", "Medicines"),
    ]
    assert [s.code for s in found.standards] == ["N1.1", "N1.2", "N2.1"]
    assert found.standards[0].effective_from.isoformat() == "2025-04-01"
    assert found.standards[2].group_code == "medicines"


def test_a_good_file_loads_and_loading_it_again_changes_nothing():
    framework = framework_from_csv(GOOD_CSV)
    assert Standard.objects.filter(framework=framework).count() == 3
    again = framework_from_csv(GOOD_CSV)
    assert again.pk == framework.pk and again.version == framework.version


def test_headings_in_any_case_and_extra_columns_and_notes_above_them():
    text = "# National standards, illustrative\n\nCODE,Title,GROUP,Owner\nA1,First,G,Someone\n"
    found = read_standards(text.encode("utf-8-sig"))
    assert found.ok and found.ignored_columns == ["Owner"]
    assert found.standards[0].code == "A1"


def test_a_spreadsheet_saved_in_windows_1252_is_read():
    text = "code,title,group\nA1,Patients’ privacy – dignity,Caring\n"
    found = read_standards(text.encode("cp1252"))
    assert found.ok and found.standards[0].title == "Patients’ privacy – dignity"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ref,Title,Group\nA1,T,G\n",
         "The file: Add a column headed “code” (the file has no such column)"),
        ("code,Title,Group\n,T,G\n", "Row 2, column “code”: Enter a code"),
        ("code,Title,Group\nA1,,G\n", "Row 2, column “Title”: Enter a title"),
        ("code,Title,Group\nA1,T,\n",
         "Row 2, column “Group”: Enter the group the standard belongs to"),
        ("code,Title,Group\nA1,T,G\na1,U,G\n",
         "Row 3, column “code”: Code “a1” is already used on row 2"),
        ("code,Title,Group\nA 1,T,G\n",
         "Row 2, column “code”: Code must start with a letter or number and contain only "
         "letters, numbers, full stops, hyphens and underscores"),
        ("code,Title,Group\nA1," + "x" * 201 + ",G\n",
         "Row 2, column “Title”: Title must be 200 characters or fewer"),
        ("code,title,group,Effective From\nA1,T,G,31/2/2025\n",
         "Row 2, column “Effective From”: Effective from must be a real date, like 31/3/2025 "
         "or 2025-03-31"),
        ("code,title,group,effective from,effective to\nA1,T,G,1/4/2025,1/3/2025\n",
         "Row 2, column “effective to”: Effective to must be the same as or after effective "
         "from"),
        ("code,title,group,order\nA1,T,G,first\n",
         "Row 2, column “order”: Order must be a whole number, like 3"),
        ("code,title,group,source url\nA1,T,G,javascript:alert(1)\n",
         "Row 2, column “source url”: Source url must be a web address, like "
         "https://www.cqc.org.uk/"),
        ("code,title,group,group code\nA1,T,Safe,S\nA2,U,Caring,S\n",
         "Row 3, column “group”: Group code “S” is already the group “Safe”"),
        ("# note\ncode,title,group\n,T,G\n", "Row 3, column “code”: Enter a code"),
        ("", "The file: The selected file is empty"),
        ("code,title,group\n", "The file: The selected file has headings but no rows"),
        ("code,title,code,group\nA,B,C,D\n",
         "Row 1, column “code”: There are two “code” columns: keep one"),
    ],
)  # fmt: skip
def test_each_kind_of_bad_row_is_named_by_row_and_column(text, expected):
    assert expected in errors_of(text)


def test_a_file_that_is_not_text_is_refused():
    assert errors_of(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR") == [
        "The file: The selected file must be a CSV file"
    ]


def test_a_file_over_the_size_limit_is_refused():
    big = b"code,title,group\n" + b"A,B,C\n" * 400_000
    assert errors_of(big) == ["The file: The selected file must be smaller than 2 MB"]


def test_every_error_of_a_file_is_reported_at_once():
    text = "code,title,group\n,T,G\nA2,,G\nA3,T,\n"
    assert len(errors_of(text)) == 3


def test_a_file_with_any_error_loads_nothing(client_for):
    client = client_for("quality")
    bad = "code,title,group\nA1,First,G\nA2,,G\n"
    response = _upload(client, bad)
    assert response.status_code == 400
    assert "Row 3, column “title”: Enter a title" in response.content.decode()
    assert "nothing was loaded" in response.content.decode()
    assert not Framework.objects.filter(code="nat-std").exists()
    assert not Standard.objects.exists()


def _upload(client, text: str, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"code": "nat-std", "title": "National standards", "kind": "external", **fields}
    data["file"] = SimpleUploadedFile("standards.csv", text.encode(), content_type="text/csv")
    return client.post("/assurance/standards/import/", data)


def test_upload_preview_then_confirm_loads_the_framework_in_one_go(client_for):
    client = client_for("quality")
    preview = _upload(client, GOOD_CSV)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "3 standards in 2 groups" in page and "Hand hygiene" in page
    assert not Framework.objects.exists()  # a preview writes nothing
    digest = preview.context["digest"]
    done = client.post("/assurance/standards/import/", {"confirm": "1", "digest": digest})
    framework = Framework.objects.get(code="nat-std")
    assert done.status_code == 302 and done["Location"] == framework.get_absolute_url()
    assert Standard.objects.filter(framework=framework).count() == 3
    assert framework.created_by.username == "quality"


def test_a_stale_confirmation_loads_nothing(client_for):
    client = client_for("quality")
    _upload(client, GOOD_CSV)
    response = client.post("/assurance/standards/import/", {"confirm": "1", "digest": "0" * 64})
    assert response.status_code == 302 and not Framework.objects.exists()


def test_the_import_form_names_its_own_mistakes(client_for):
    client = client_for("quality")
    response = _upload(client, GOOD_CSV, code="CQC SAF", kind="neither")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Framework code must contain only lower-case letters, numbers and hyphens" in page
    assert "Select a valid choice" in page or "Select the kind of framework" in page


@pytest.mark.parametrize("username", ["staff", "manager", "board", "outsider", "partner"])
def test_only_managers_of_standards_may_import(client_for, username):
    client = client_for(username)
    assert client.get("/assurance/standards/import/").status_code == 403
    assert _upload(client, GOOD_CSV).status_code == 403
    assert not Framework.objects.exists()
