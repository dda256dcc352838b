"""The REST API: tokens, schema and docs, pagination, filters, errors, scoping, health."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import DatabaseError, connection
from django.utils import timezone
from rest_framework.test import APIClient

from quadrant.core.models import ApiToken
from quadrant.core.testing.personas import PASSWORD


def _token_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_token_for_username_and_password(people, client):
    response = client.post("/api/v1/auth/token/", {"username": "manager", "password": PASSWORD})
    assert response.status_code == 200
    key = response.json()["token"]
    listing = _token_client(key).get("/api/v1/org-units/")
    assert listing.status_code == 200
    assert "WARDA" in {u["code"] for u in listing.json()["results"]}


def test_wrong_password_is_400_with_errors(people, client):
    response = client.post("/api/v1/auth/token/", {"username": "manager", "password": "wrong"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "password"
    missing = client.post("/api/v1/auth/token/", {"username": "manager"})
    assert missing.status_code == 400
    assert {"field": "password"}.items() <= missing.json()["errors"][0].items()


@pytest.mark.parametrize("problem", ["expired", "revoked", "unknown"])
def test_expired_revoked_or_unknown_token_is_401(people, problem):
    token, key = ApiToken.issue(people["manager"])
    if problem == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    elif problem == "revoked":
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    else:
        key = "x" * 40
    response = _token_client(key).get("/api/v1/org-units/")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_schema_and_docs_are_public_and_served_locally(db, client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/org-units/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.startswith("/static/") and a.endswith(".js") for a in assets), assets
    assert any(a.startswith("/static/") and a.endswith(".css") for a in assets), assets
    assert not [a for a in assets if a.startswith(("http:", "https:", "//"))], assets
    for asset in (a for a in assets if a.startswith("/static/")):
        assert client.get(asset).status_code == 200, asset


def test_lists_are_paginated_with_page_size(org, api_for):
    body = api_for("quality").get("/api/v1/org-units/?page_size=3").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 8 and len(body["results"]) == 3
    assert "page=2" in body["next"] and body["previous"] is None


def test_filters(org, api_for):
    body = api_for("quality").get("/api/v1/org-units/?kind=ward").json()
    assert {u["code"] for u in body["results"]} == {"WARDA", "WARDA2", "WARDB"}
    roles = api_for("admin").get("/api/v1/memberships/?role=manager").json()["results"]
    assert {m["person"] for m in roles} == {"manager", "manager2"}


def test_validation_errors_name_the_field(org, api_for):
    response = api_for("admin").post(
        "/api/v1/org-units/", {"code": "NEW", "kind": "ward", "parent": "WARDA"}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"field": "name", "message": "This field is required."} in errors


def test_a_unit_the_user_cannot_see_is_404(org, api_for):
    assert api_for("manager2").get("/api/v1/org-units/WARDA/").status_code == 404
    assert api_for("manager").get("/api/v1/org-units/WARDA/").status_code == 200


@pytest.mark.parametrize("endpoint", ["org-units", "people", "memberships", "history", "jobs"])
def test_endpoints_answer(org, people, api_for, endpoint):
    response = api_for("admin").get(f"/api/v1/{endpoint}/")
    assert response.status_code == 200
    assert "results" in response.json()
    assert APIClient().get(f"/api/v1/{endpoint}/").status_code in (401, 403)


def test_history_events_are_read_only(org, api_for):
    api = api_for("admin")
    event_id = api.get("/api/v1/history/").json()["results"][0]["id"]
    assert api.post("/api/v1/history/", {"action": "create"}, format="json").status_code == 405
    for method in (api.put, api.patch, api.delete):
        assert method(f"/api/v1/history/{event_id}/", {}, format="json").status_code == 405


def test_health_check(db, client, monkeypatch):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}

    def broken(*args, **kwargs):
        raise DatabaseError("database is unreachable")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", broken)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
