"""API fuzzing: schemathesis drives every operation of /api/schema/ in process as `admin`,
against one record of every API model: zero 5xx answers, zero answers that break the schema.

The schema is read at test time, so operations added by later components are fuzzed too.
The settings, checks and fixtures are in tests/security/api_fuzzing.py.
"""

from __future__ import annotations

import pytest
from hypothesis import given

from tests.security.api_fuzzing import FUZZ_SETTINGS, OPERATIONS, cases_of


@pytest.mark.slow
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_every_operation_as_admin(operation, fuzz_as):
    @FUZZ_SETTINGS
    @given(case=cases_of(operation))
    def fuzz(case):
        fuzz_as("admin", case)

    fuzz()
