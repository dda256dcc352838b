"""Forms of the import of historical events: the upload (the file checked for its size and
kind and read as a table before anything is kept) and the choice of columns."""

from __future__ import annotations

from typing import Any

from django import forms

from quadrant.assurance.incidents.access import SAFETY_TEAM
from quadrant.assurance.incidents.importing import (
    COLUMNS,
    MAX_BYTES,
    FileProblem,
    Table,
    read_table,
)
from quadrant.core.permissions import units_where
from quadrant.core.uploads.checks import size_text
from quadrant.core.widgets import NhsMessagesMixin

ACCEPTED = (".csv", ".txt")


class ImportUploadForm(NhsMessagesMixin, forms.Form):
    file = forms.FileField(
        label="CSV file of events",
        help_text=f"A .csv file exported from your current system, one event a row, with the "
        f"column headings on the first row. At most {size_text(MAX_BYTES)}.",
        error_messages={
            "required": "Select a CSV file of events",
            "empty": "The selected file is empty",
        },
    )
    org_unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        label="Unit",
        help_text="The unit the events belong to. A Unit column may name units within it.",
        error_messages={"required": "Select the unit the events belong to"},
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units_where(user, SAFETY_TEAM)  # type: ignore[attr-defined]
        self.table: Table | None = None

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"The selected file must be smaller than {size_text(MAX_BYTES)}"
            )
        if not upload.name.lower().endswith(ACCEPTED):
            raise forms.ValidationError("The selected file must be a CSV file")
        try:
            self.table = read_table(upload.read(MAX_BYTES + 1))
        except FileProblem as problem:
            raise forms.ValidationError(str(problem)) from problem
        return upload


class ImportColumnsForm(NhsMessagesMixin, forms.Form):
    """Which of the file's columns holds each field (a field may be left out unless it is
    required)."""

    def __init__(self, *args: Any, header: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Not in this file"), *((name, name) for name in header if name)]
        for name, column in COLUMNS.items():
            self.fields[name] = forms.ChoiceField(
                choices=choices,
                required=column.required,
                label=column.label,
                error_messages={
                    "required": f"Select the column that holds the {column.label.lower()}",
                    "invalid_choice": f"Select a column of the file for the {column.label.lower()}",
                },
            )

    def columns(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in COLUMNS if self.cleaned_data.get(name)}
