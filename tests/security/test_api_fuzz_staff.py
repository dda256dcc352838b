"""API fuzzing as `staff` (a file of its own so that xdist runs it beside the admin run)."""

from __future__ import annotations

import pytest

from tests.security.api_fuzzing import FUZZ_SETTINGS, schema


@pytest.mark.slow
@schema.parametrize()
@FUZZ_SETTINGS
def test_every_operation_as_staff(case, fuzz_as):
    fuzz_as("staff", case)
