"""The import's column step marks the columns it cannot do without, and its row errors name
each column as it is headed in the person's own file."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from quadrant.control.intake.importers.validation import RowError

ODD = b"Alpha,Beta,Gamma\nHH-A,2024-01-02,97\n"  # 2024-01-02 is a Tuesday: HH-A is weekly


def _import_page(client) -> str:
    upload = SimpleUploadedFile("ward.csv", ODD, content_type="text/csv")
    return client.post("/control/measures/imports/new/", {"file": upload}).url


def test_required_columns_are_not_called_optional(client_for, measures):
    client = client_for("manager")
    page = client.get(_import_page(client)).content.decode()
    assert "Measure code (optional)" not in page and "Period (first day) (optional)" not in page
    assert "Value (optional)" in page and "Numerator (optional)" in page


def test_row_errors_name_the_column_as_headed_in_the_file(client_for, measures):
    client = client_for("manager")
    url = _import_page(client)
    response = client.post(url, {"measure": "Alpha", "period": "Beta", "value": "Gamma",
                                 "check": "1"})  # fmt: skip
    content = response.content.decode()
    assert "Row 2, column “Beta”: 2024-01-02 is not a Monday" in content
    assert "column period" not in content


def test_a_row_error_without_headings_names_the_field():
    error = RowError(3, "value", "“x” is not a number")
    assert str(error) == "Row 3, column value: “x” is not a number"
    assert error.shown({"value": "Rate %"}) == "Row 3, column “Rate %”: “x” is not a number"
