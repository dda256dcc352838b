"""What the API fuzzing tests share: the schema read from the app, the checks, the settings,
a world with one record of every API model, and cases aimed at those records.

QUADRANT_FUZZ_EXAMPLES sets the generated cases per operation and persona (25 in the normal
suite; `make fuzz` runs 200), valid and invalid requests alike.
"""

from __future__ import annotations

import itertools
import os
from typing import Any

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.test import Client as WsgiClient

EXAMPLES = int(os.environ.get("QUADRANT_FUZZ_EXAMPLES", "25"))
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    status_code_conformance,
]
# One case in AIM_EVERY keeps its generated path parameters (mostly ids that do not exist);
# the others are aimed at a record the persona can see, so the actions really run.
AIM_EVERY = 4

APP = WSGIHandler()
# Read at collection time (no database needed): every operation the API has today is fuzzed.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", APP)

# One pytest parameter per operation, named by it (schemathesis's own parametrize gives every item
# the same node id, which pytest-xdist's --dist loadfile collapses to one operation per file).
OPERATIONS = [result.ok() for result in schema.get_all_operations()]
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


def cases_of(operation: Any) -> st.SearchStrategy[Any]:
    """Valid and invalid requests for OPERATION."""
    return st.one_of(*(operation.as_strategy(generation_mode=mode) for mode in MODES))


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def api_models() -> list[Any]:
    """The model behind each viewset of the API router, in registration order."""
    from quadrant.api_urls import router

    models = []
    for _prefix, viewset, _basename in router.registry:
        model = getattr(viewset, "model", None) or viewset.serializer_class.Meta.model
        if model not in models:
            models.append(model)
    return models


class Aim:
    """Points a case's path parameters at records the persona may see (looked up once per
    collection through the API itself, so new endpoints are aimed at without a list here)."""

    def __init__(self, headers: dict[str, str]) -> None:
        self.client = WsgiClient(APP)  # as schemathesis calls (Django's test client would
        self.headers = headers  # reconnect close_old_connections and close the test's database)
        self.found: dict[str, dict[str, Any] | None] = {}
        self.counter = itertools.count()

    def __call__(self, case: Any) -> None:
        if next(self.counter) % AIM_EVERY == 0 or not case.path_parameters:
            return
        path = case.operation.path
        for name in case.path_parameters:
            collection = path.split("{" + name + "}")[0]
            record = self._first(collection)
            if record is not None and name in record:
                case.path_parameters[name] = str(record[name])

    def _first(self, collection: str) -> dict[str, Any] | None:
        if collection not in self.found:
            response = self.client.get(collection, headers=self.headers)
            results = response.json.get("results") if response.status_code == 200 else None
            self.found[collection] = results[0] if results else None
        return self.found[collection]
