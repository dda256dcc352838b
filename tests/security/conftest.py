"""Fixtures of the API fuzzing tests (the schema, checks and aims are in api_fuzzing.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from quadrant.core.models import ApiToken
from quadrant.core.testing.factories import build
from quadrant.core.testing.targets import World
from tests.security.api_fuzzing import CHECKS, Aim, api_models


@pytest.fixture
def wsgi_in_test_transaction():
    """Keep the test's connection open across requests, as Django's own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_world(org, people):
    """One record of every API model (blank and null where the model allows: the values
    that broke the schema), in Ward A, so that both personas have something to act on."""
    world = World(org, people)
    for model in api_models():
        record = model._default_manager.order_by("pk").first()
        if record is None:
            record = build(model, world)
            record.save()
        world.built[model._meta.label] = record
    return world


@pytest.fixture
def fuzz_as(fuzz_world, people, wsgi_in_test_transaction):
    """fuzz_as("admin", case): the case, aimed and sent with that persona's API token (one
    token and one set of aims for all the examples of a test)."""
    personas: dict[str, tuple[dict[str, str], Aim]] = {}

    def run(username: str, case: Any) -> None:
        if username not in personas:
            key = ApiToken.issue(people[username], name="fuzzing")[1]
            headers = {"Authorization": f"Token {key}"}
            personas[username] = (headers, Aim(headers))
        headers, aim = personas[username]
        aim(case)
        case.call_and_validate(headers=headers, checks=CHECKS)

    return run
