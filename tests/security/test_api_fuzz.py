"""API fuzzing: schemathesis drives every operation of /api/schema/ in process as `admin`,
against one record of every API model: zero 5xx answers, zero answers that break the schema.

The schema is read at test time, so operations added by later components are fuzzed too.
The settings, checks and fixtures are in tests/security/api_fuzzing.py.
"""

from __future__ import annotations

import pytest

from tests.security.api_fuzzing import FUZZ_SETTINGS, schema


@pytest.mark.slow
@schema.parametrize()
@FUZZ_SETTINGS
def test_every_operation_as_admin(case, fuzz_as):
    fuzz_as("admin", case)
