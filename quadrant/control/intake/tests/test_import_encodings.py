"""CSV files as trust systems save them: Windows-1252 (Excel's "CSV" on Windows), UTF-16 with
tabs (Excel's "Unicode text"), UTF-8 with a byte-order mark. The preview says which encoding
was used; the person can choose another, and the import reads the file that way."""

from __future__ import annotations

import codecs

import pytest

from quadrant.control.intake.models import DataImport
from quadrant.control.intake.tests.uploading import csv_text as as_text
from quadrant.control.intake.tests.uploading import upload
from quadrant.control.measures.models import Observation

UNIT_TEXT = "Ward A – Renal £ café"
ROWS = [
    ["Measure code", "Period", "Value", "Unit"],
    ["HH-A", "2024-01-01", "97", UNIT_TEXT],
    ["HH-A", "2024-01-08", "95", UNIT_TEXT],
]


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (as_text(ROWS).encode("cp1252"), "Read as Windows-1252"),
        (codecs.BOM_UTF16_LE + as_text(ROWS, "\t").encode("utf-16-le"), "Read as UTF-16"),
        (codecs.BOM_UTF16_BE + as_text(ROWS, "\t").encode("utf-16-be"), "Read as UTF-16"),
        (codecs.BOM_UTF8 + as_text(ROWS, ";").encode("utf-8"), "Read as UTF-8"),
    ],
    ids=["windows-1252", "utf-16-le-tabs", "utf-16-be-tabs", "utf-8-bom-semicolons"],
)
def test_the_file_is_read_in_its_encoding_and_the_preview_says_which(
    client_for, measures, content, named
):
    client = client_for("manager")
    url = upload(client, content)
    record = DataImport.objects.get()
    assert record.counts["header"] == ROWS[0]  # no BOM left on the first heading
    assert record.counts["preview"][0][3] == UNIT_TEXT
    page = client.get(url).content.decode()
    assert named in page and UNIT_TEXT in page
    mapping = {"measure": "Measure code", "period": "Period", "value": "Value", "import": "1"}
    done = client.post(url, mapping)
    assert done.status_code == 302, done.content.decode()[:3000]
    assert sorted(Observation.objects.values_list("value", flat=True)) == [95, 97]


def test_the_person_can_choose_another_encoding_and_the_import_uses_it(client_for, measures):
    """Read as Latin-1, the dash of the heading "Rate – %" is another character: the import
    finds the column by that heading only if it reads the file as the person chose."""
    rows = [["Code", "Month", "Rate – %"], ["HH-A", "2024-01-01", "97"]]
    client = client_for("manager")
    url = upload(client, as_text(rows).encode("cp1252"))
    chosen = client.post(url, {"encoding": "iso-8859-1", "header_row": "1", "reread": "1"})
    assert chosen.status_code == 302
    record = DataImport.objects.get()
    latin_heading = "Rate \x96 %"
    assert record.counts["header"][2] == latin_heading
    assert "ISO-8859-1 (Latin-1)" in client.get(url).content.decode()
    assert "as you chose" in client.get(url).content.decode()
    mapping = {"measure": "Code", "period": "Month", "value": latin_heading, "import": "1"}
    assert client.post(url, mapping).status_code == 302
    assert Observation.objects.get().value == 97


def test_an_encoding_the_file_is_not_in_is_refused_and_nothing_changes(client_for, measures):
    client = client_for("manager")
    url = upload(client, as_text(ROWS).encode("cp1252"))
    before = DataImport.objects.get().counts
    refused = client.post(url, {"encoding": "utf-8", "header_row": "1", "reread": "1"})
    assert refused.status_code == 400
    assert "the file is not UTF-8 text" in refused.content.decode()
    assert "choose the encoding it is written in" in refused.content.decode()
    assert DataImport.objects.get().counts == before


def test_someone_else_cannot_read_your_upload_again(client_for, measures):
    url = upload(client_for("manager"), as_text(ROWS).encode("cp1252"))
    other = client_for("analyst").post(url, {"encoding": "utf-8", "header_row": "1", "reread": "1"})
    assert other.status_code == 404
    assert DataImport.objects.get().counts["encoding"] == "cp1252"
