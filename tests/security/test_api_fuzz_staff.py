"""API fuzzing as `staff` (a file of its own so that xdist runs it beside the admin run)."""

from __future__ import annotations

import pytest
from hypothesis import given

from tests.security.api_fuzzing import FUZZ_SETTINGS, OPERATIONS, cases_of


@pytest.mark.slow
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_every_operation_as_staff(operation, fuzz_as):
    @FUZZ_SETTINGS
    @given(case=cases_of(operation))
    def fuzz(case):
        fuzz_as("staff", case)

    fuzz()
