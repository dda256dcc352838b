"""A form field for evidence files: the file input a phone opens on its camera, cleaned into
a CheckedUpload by the one check (so a refusal is shown beside the field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from quadrant.core.uploads.checks import CheckedUpload, check_upload, max_bytes, size_text
from quadrant.core.uploads.kinds import ACCEPT


def upload_hint() -> str:
    return f"A photo (JPG or PNG) or a PDF, smaller than {size_text(max_bytes())}."


class EvidenceFileInput(forms.FileInput):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"accept": ACCEPT, **(attrs or {})})


class EvidenceFileField(forms.FileField):
    widget = EvidenceFileInput
    default_error_messages = {"required": "Select a file", "empty": "The selected file is empty"}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", upload_hint())
        super().__init__(**kwargs)

    # The cleaned value is the checked file (its bytes re-encoded), not a Django File.
    def to_python(self, data: Any) -> CheckedUpload | None:  # type: ignore[override]
        if data in self.empty_values:
            return None
        try:
            return check_upload(data, field="file")
        except ValidationError as error:
            raise ValidationError(error.message_dict["file"]) from None
