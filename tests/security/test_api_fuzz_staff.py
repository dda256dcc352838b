"""API fuzzing as `staff` (a file of its own so that xdist runs it beside the admin run)."""

from __future__ import annotations

import pytest

from tests.security.test_api_fuzz import (  # noqa: F401 - fixtures used by the test
    CHECKS,
    FUZZ_SETTINGS,
    _share_the_test_transaction,
    schema,
    token_for,
)


@pytest.mark.slow
@schema.parametrize()
@FUZZ_SETTINGS
def test_every_operation_as_staff(case, token_for):  # noqa: F811
    case.call_and_validate(headers=token_for("staff"), checks=CHECKS)
