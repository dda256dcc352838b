"""Fixtures shared by the tests of every control sub-package: measures of the test
organisation, CSV and Excel files, and the falls measure with its loader (defined in
quadrant.control.testing.insight)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from quadrant.control.measures.models import Measure
from quadrant.control.testing.insight import falls, load  # noqa: F401  (fixtures)


@pytest.fixture
def measures(org: Any, people: dict[str, Any]) -> dict[str, Measure]:
    """Falls on Ward A (monthly u chart), hand hygiene on Ward A (weekly %), falls on Ward B."""
    common = {"direction": "decrease", "owner": people["manager"]}
    return {
        "falls_a": Measure.objects.create(
            code="FALLS-A", name="Falls per 1,000 bed days, Ward A", org_unit=org.ward_a,
            chart_type="u", frequency="month", multiplier=1000, valid_min=0, **common,
        ),
        "hand_a": Measure.objects.create(
            code="HH-A", name="Hand hygiene, Ward A", org_unit=org.ward_a, chart_type="xmr",
            frequency="week", direction="increase", valid_min=0, valid_max=100,
        ),
        "falls_b": Measure.objects.create(
            code="FALLS-B", name="Falls, Ward B", org_unit=org.ward_b, chart_type="xmr",
            frequency="month", owner=people["manager2"], direction="decrease",
        ),
    }  # fmt: skip


@pytest.fixture
def write_csv(tmp_path: Path) -> Any:
    """write_csv([header, *rows]) → the path of a real CSV file."""

    def write(rows: list[list[Any]], name: str = "data.csv") -> Path:
        path = tmp_path / name
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
        return path

    return write


@pytest.fixture
def write_xlsx(tmp_path: Path) -> Any:
    """write_xlsx([header, *rows]) → the path of a real Excel workbook."""
    from openpyxl import Workbook

    def write(rows: list[list[Any]], name: str = "data.xlsx") -> Path:
        workbook = Workbook()
        sheet = workbook.active
        for row in rows:
            sheet.append(row)
        path = tmp_path / name
        workbook.save(path)
        return path

    return write
