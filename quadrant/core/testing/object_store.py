"""Fixture `object_store`: a real S3-compatible server (moto's server mode, over HTTP on
127.0.0.1) with an empty private bucket, and Django's default storage pointed at it through
django-storages, configured exactly as QUADRANT_FILE_STORAGE=s3 configures it."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

BUCKET = "quadrant-test-files"
REGION = "eu-west-2"
KEYS = {"QUADRANT_S3_ACCESS_KEY_ID": "test-key", "QUADRANT_S3_SECRET_ACCESS_KEY": "test-secret"}


@dataclass(frozen=True)
class ObjectStore:
    endpoint: str
    client: Any  # a boto3 S3 client talking to the same server

    def keys(self) -> list[str]:
        listed = self.client.list_objects_v2(Bucket=BUCKET)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def read(self, key: str) -> bytes:
        return bytes(self.client.get_object(Bucket=BUCKET, Key=key)["Body"].read())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def object_store(s3_server: str, settings: Any, monkeypatch: pytest.MonkeyPatch) -> ObjectStore:
    import boto3

    from quadrant.core.env import default_file_storage

    environment = {
        "QUADRANT_FILE_STORAGE": "s3",
        "QUADRANT_S3_BUCKET": BUCKET,
        "QUADRANT_S3_ENDPOINT_URL": s3_server,
        "QUADRANT_S3_REGION": REGION,
        **KEYS,
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name=REGION,
        aws_access_key_id=KEYS["QUADRANT_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["QUADRANT_S3_SECRET_ACCESS_KEY"],
    )
    existing = {bucket["Name"] for bucket in client.list_buckets()["Buckets"]}
    if BUCKET in existing:
        listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
        for item in listed:
            client.delete_object(Bucket=BUCKET, Key=item["Key"])
    else:
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
    settings.STORAGES = {**settings.STORAGES, "default": default_file_storage()}
    return ObjectStore(s3_server, client)
