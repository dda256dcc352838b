"""Lost updates by omission: a PUT or PATCH of a versioned record that does not say which
version it changes is refused (428); the ETag the API sends works in If-Match (a stale tag
gets 412); a stale `version` in the body keeps its 409 with the current record."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from rest_framework.test import APIClient

from quadrant.core.models import ApiToken
from quadrant.organisation.models import OrgUnit

URL = "/api/v1/org-units/WARDA/"


def test_a_patch_or_put_without_a_version_is_refused_with_428(org, api_for):
    api = api_for("admin")
    for send in (api.patch, api.put):
        body = {"name": "Renamed", "code": "WARDA", "kind": "ward", "parent": "ACUTE"}
        response = send(URL, body, format="json")
        assert response.status_code == 428, response.content
        detail = response.json()["detail"]
        assert "`version`" in detail and "If-Match" in detail
    assert OrgUnit.objects.get(code="WARDA").name == "Ward A"


def test_the_etag_of_a_read_works_in_if_match(org, api_for):
    api = api_for("admin")
    read = api.get(URL)
    tag = read["ETag"]
    assert tag == f'"{read.json()["id"]}.{read.json()["version"]}"'
    changed = api.patch(URL, {"name": "First"}, format="json", HTTP_IF_MATCH=tag)
    assert changed.status_code == 200, changed.content
    assert changed["ETag"] != tag and changed["ETag"] == api.get(URL)["ETag"]
    stale = api.patch(URL, {"name": "Second"}, format="json", HTTP_IF_MATCH=tag)
    assert stale.status_code == 412
    assert stale["ETag"] == changed["ETag"]  # the tag to read again with
    assert api.patch(URL, {"name": "Any"}, format="json", HTTP_IF_MATCH="*").status_code == 428
    assert OrgUnit.objects.get(code="WARDA").name == "First"


def test_a_stale_version_in_the_body_still_gets_409_with_the_current_record(org, api_for):
    api = api_for("admin")
    version = api.get(URL).json()["version"]
    assert api.patch(URL, {"name": "First", "version": version}, format="json").status_code == 200
    stale = api.patch(URL, {"name": "Second", "version": version}, format="json")
    assert stale.status_code == 409 and stale.json()["current"]["name"] == "First"


def test_the_schema_describes_428_412_and_if_match(db, client):
    schema = client.get("/api/schema/", {"format": "json"})
    operation = schema.json()["paths"]["/api/v1/org-units/{code}/"]["patch"]
    assert {"412", "428", "409"} <= set(operation["responses"])
    assert any(p["name"] == "If-Match" and p["in"] == "header" for p in operation["parameters"])


def _parallel_patches(person, bodies: list[dict], headers: dict | None = None) -> list[int]:
    """Send BODIES at once, each from its own client and database connection."""
    _, key = ApiToken.issue(person)
    start = threading.Barrier(len(bodies))

    def patch(body: dict) -> int:
        try:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}", **(headers or {}))
            start.wait(timeout=30)
            return client.patch(URL, body, format="json").status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return sorted(pool.map(patch, bodies))


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_patches_without_a_version_are_all_refused(org, people):
    codes = _parallel_patches(people["admin"], [{"name": f"Edit {n}"} for n in range(20)])
    assert codes == [428] * 20
    assert OrgUnit.objects.get(code="WARDA").name == "Ward A"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_patches_of_one_version_one_wins_nineteen_get_409(org, people):
    version = OrgUnit.objects.get(code="WARDA").version
    bodies = [{"name": f"Edit {n}", "version": version} for n in range(20)]
    assert _parallel_patches(people["admin"], bodies) == [200] + [409] * 19
    assert OrgUnit.objects.get(code="WARDA").version == version + 1


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_patches_with_one_etag_one_wins_nineteen_get_412(org, people):
    unit = OrgUnit.objects.get(code="WARDA")
    tag = {"HTTP_IF_MATCH": f'"{unit.pk}.{unit.version}"'}
    bodies = [{"name": f"Edit {n}"} for n in range(20)]
    assert _parallel_patches(people["admin"], bodies, tag) == [200] + [412] * 19
