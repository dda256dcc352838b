"""pytest fixtures shared by every component's tests (loaded by the root conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from quadrant.core.testing.personas import Org, build_org, build_personas


@pytest.fixture
def org(db: Any) -> Org:
    return build_org()


@pytest.fixture
def people(org: Org) -> dict[str, Any]:
    return build_personas(org)


@pytest.fixture
def client_for(people: dict[str, Any]) -> Any:
    """client_for("manager") → a Django test client logged in as that persona."""

    def make(username: str) -> Client:
        client = Client()
        client.force_login(people[username])
        return client

    return make


@pytest.fixture
def api_for(people: dict[str, Any]) -> Any:
    """api_for("manager") → a DRF APIClient authenticated as that persona."""

    def make(username: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(people[username])
        return client

    return make
