"""Uploaded files are kept through Django's storage API: the local disk by default, an
S3-compatible object store when QUADRANT_FILE_STORAGE=s3 — tried here against a real S3 server
(moto's server mode on 127.0.0.1): the checked file lands in the private bucket under a random
name, is never overwritten, and is removed again when the write that records it fails."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from quadrant.core.env import LOCAL_DISK, S3_COMPATIBLE, ImproperSetting, default_file_storage
from quadrant.core.testing.object_store import BUCKET, ObjectStore
from quadrant.core.testing.uploads import pdf_document, upload
from quadrant.core.uploads.checks import check_upload
from quadrant.core.uploads.storage import stored


def test_the_local_disk_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QUADRANT_FILE_STORAGE", raising=False)
    assert default_file_storage() == {"BACKEND": LOCAL_DISK}


def test_an_object_store_is_private_and_never_overwrites(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUADRANT_FILE_STORAGE", "s3")
    monkeypatch.setenv("QUADRANT_S3_BUCKET", "trust-files")
    monkeypatch.setenv("QUADRANT_S3_ENDPOINT_URL", "https://objects.example.nhs.uk")
    monkeypatch.delenv("QUADRANT_S3_ACCESS_KEY_ID", raising=False)
    configured = default_file_storage()
    options = configured["OPTIONS"]
    assert configured["BACKEND"] == S3_COMPATIBLE
    assert options["bucket_name"] == "trust-files"
    assert options["endpoint_url"] == "https://objects.example.nhs.uk"
    assert options["default_acl"] is None and options["file_overwrite"] is False
    assert "access_key" not in options  # boto3 finds the instance's own credentials


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"QUADRANT_FILE_STORAGE": "s3"}, "QUADRANT_S3_BUCKET is required"),
        ({"QUADRANT_FILE_STORAGE": "ftp"}, "QUADRANT_FILE_STORAGE must be one of local, s3"),
    ],
)
def test_a_wrong_setting_stops_start_up_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], message: str
) -> None:
    monkeypatch.delenv("QUADRANT_S3_BUCKET", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ImproperSetting, match=message):
        default_file_storage()


def test_a_checked_file_is_kept_in_the_bucket_under_a_random_name(
    object_store: ObjectStore,
) -> None:
    checked = check_upload(upload("ward-round.pdf", pdf_document(), "application/pdf"))
    with stored(checked, "audits/evidence") as name:
        pass
    [key] = object_store.keys()
    assert key == name and key.startswith("audits/evidence/") and "ward-round" not in key
    assert object_store.read(key) == pdf_document()
    with default_storage.open(name, "rb") as handle:
        assert handle.read() == pdf_document()


def test_a_failed_write_leaves_nothing_in_the_bucket(object_store: ObjectStore) -> None:
    checked = check_upload(upload("ward-round.pdf", pdf_document(), "application/pdf"))
    with pytest.raises(RuntimeError), stored(checked, "audits/evidence"):
        assert len(object_store.keys()) == 1
        raise RuntimeError("the database refused the record")
    assert object_store.keys() == []


def test_a_second_file_of_the_same_name_gets_a_name_of_its_own(
    object_store: ObjectStore,
) -> None:
    first = default_storage.save("exports/board.pdf", ContentFile(b"first"))
    second = default_storage.save("exports/board.pdf", ContentFile(b"second"))
    assert first != second
    assert object_store.read(first) == b"first" and object_store.read(second) == b"second"
    acl = object_store.client.get_object_acl(Bucket=BUCKET, Key=first)
    assert all(grant["Grantee"].get("URI") is None for grant in acl["Grants"])  # no public read
