"""Uploaded files, for every component: the check (by content, size and name; photos stripped
of their metadata), storing under a random name, and serving to a permitted reader.

- check_upload(upload) → CheckedUpload, or a ValidationError in the NHS style; as_checked.
- stored(checked, folder): a context manager giving the storage name, removed on failure.
- file_response(request, field_file, name=, content_type=, what=): the download.
- EvidenceFileField: the form field; CONTENT_TYPE_CHOICES, KINDS, kind_of_stored, ACCEPT.
"""

from quadrant.core.uploads.checks import CheckedUpload, as_checked, check_upload, size_text
from quadrant.core.uploads.fields import EvidenceFileField, upload_hint
from quadrant.core.uploads.kinds import ACCEPT, CONTENT_TYPE_CHOICES, KINDS, kind_of_stored
from quadrant.core.uploads.serving import file_response
from quadrant.core.uploads.storage import stored

__all__ = [
    "ACCEPT",
    "CONTENT_TYPE_CHOICES",
    "KINDS",
    "CheckedUpload",
    "EvidenceFileField",
    "as_checked",
    "check_upload",
    "file_response",
    "kind_of_stored",
    "size_text",
    "stored",
    "upload_hint",
]
