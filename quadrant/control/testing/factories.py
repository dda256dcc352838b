"""Minimal valid control records for tests that walk every model (see core.testing.factories):
a column mapping names at least the measure and period columns; a data feed a file under the
feeds folder."""

from __future__ import annotations

import itertools
from typing import Any

from quadrant.control.intake.models import ColumnMapping, DataSource
from quadrant.core.testing.factories import register_factory

_counter = itertools.count(1)


@register_factory(ColumnMapping)
def _mapping(world: Any) -> ColumnMapping:
    return ColumnMapping(
        org_unit=world.org.ward_a,
        source=f"Ward returns {next(_counter)}",
        columns={"measure": "code", "period": "month", "value": "rate"},
    )


@register_factory(DataSource)
def _feed(world: Any) -> DataSource:
    return DataSource(
        name=f"Ward returns {next(_counter)}", kind="file", location="ward-returns.csv",
        owner=world.people["analyst"], org_unit=world.org.ward_a,
    )  # fmt: skip
