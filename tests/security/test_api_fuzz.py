"""API fuzzing: schemathesis drives every operation of /api/schema/ in process, as `admin` and
as `staff` with an API token. Zero 5xx responses and zero responses that break the schema.

The schema is read at test time, so operations added by later components are fuzzed too.
QUADRANT_FUZZ_EXAMPLES overrides the number of generated cases per operation (default 100).
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from quadrant.core.models import ApiToken

EXAMPLES = int(os.environ.get("QUADRANT_FUZZ_EXAMPLES", "100"))
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    status_code_conformance,
]


APP = WSGIHandler()
# Read at collection time (no database needed): every operation the API has today is fuzzed.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", APP)
# The coverage phase's exhaustive boundary sweep costs minutes per persona; the fuzzing phase
# (EXAMPLES random cases per operation) and the schema's own examples run in full.
schema.config.phases.coverage.enabled = os.environ.get("QUADRANT_FUZZ_COVERAGE") == "1"


@pytest.fixture(autouse=True)
def _share_the_test_transaction():
    """Keep the test's connection open across requests, as Django's own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def token_for(people):
    """token_for("admin") → the Authorization header of an API token of that persona."""
    keys: dict[str, str] = {}

    def make(username: str) -> dict[str, str]:
        if username not in keys:
            keys[username] = ApiToken.issue(people[username], name="fuzzing")[1]
        return {"Authorization": f"Token {keys[username]}"}

    return make


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.slow
@schema.parametrize()
@FUZZ_SETTINGS
def test_every_operation_as_admin(case, token_for):
    case.call_and_validate(headers=token_for("admin"), checks=CHECKS)
