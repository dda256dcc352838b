"""The schema is valid OpenAPI, and a client generated from it (openapi-python-client, as an
analyst would) imports, lists measures and posts a bulk upload to a live server."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate

from quadrant.control.measures.models import Observation
from quadrant.core.models import ApiToken

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
PACKAGE = "quadrant_api_client"


def test_the_served_schema_is_valid_openapi(client, db):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    validate(json.loads(response.content))


@pytest.fixture
def generated_client(client, db, tmp_path, monkeypatch) -> Any:
    """The client package generated from /api/schema/, imported (every module of it)."""
    schema = tmp_path / "schema.json"
    schema.write_bytes(client.get("/api/schema/?format=json").content)
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"post_hooks": []}))  # no formatter needed to use it
    done = subprocess.run(
        [GENERATOR, "generate", "--path", schema, "--output-path", tmp_path / PACKAGE,
         "--meta", "none", "--config", config],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    monkeypatch.syspath_prepend(str(tmp_path))
    package = importlib.import_module(PACKAGE)
    modules = sorted(p.relative_to(tmp_path) for p in (tmp_path / PACKAGE).rglob("*.py"))
    for module in modules:  # a NameError in any operation's module shows here
        importlib.import_module(".".join(module.with_suffix("").parts).removesuffix(".__init__"))
    yield package
    for name in [name for name in sys.modules if name.startswith(PACKAGE)]:
        del sys.modules[name]


def test_a_generated_client_lists_measures_and_uploads_observations(
    generated_client, live_server, people, ward_a_measures
):
    api = importlib.import_module(f"{PACKAGE}.api.v1")
    models = importlib.import_module(f"{PACKAGE}.models")
    key = ApiToken.issue(people["analyst"], name="generated client")[1]
    client = generated_client.AuthenticatedClient(
        base_url=live_server.url, token=key, prefix="Token"
    )

    listed = importlib.import_module(f"{api.__name__}.v1_measures_list").sync(
        client=client, code="w07", ordering=[models.V1MeasuresListOrderingItem("-updated_at")]
    )
    assert not isinstance(listed, models.ErrorResponse), listed
    assert [measure.code for measure in listed.results] == ["W07"]
    assert listed.results[0].variation_label.startswith("No variation icon")

    bulk = importlib.import_module(f"{api.__name__}.v1_observations_bulk_create")
    row = models.BulkRowRequest(measure="W07", period=dt.date(2024, 1, 1), value=3.0)
    result = bulk.sync(client=client, body=[row])
    assert isinstance(result, models.BulkResult), result
    assert result.created == 1
    assert Observation.objects.get(measure__code="W07").value == 3.0

    refused = bulk.sync(
        client=client, body=[models.BulkRowRequest(measure="NOPE", period=row.period)]
    )
    assert isinstance(refused, models.ErrorResponse)
    assert refused.errors[0].field == "measure"
