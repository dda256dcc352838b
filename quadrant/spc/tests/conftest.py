"""Shared fixtures for the SPC tests: the MDC test pack and the repository root."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[3]


def load_mdc_series() -> dict[str, list[tuple[float, str]]]:
    """The 35 MDC series: metric -> [(value, expected colour), ...] in date order."""
    series: dict[str, list[tuple[float, str]]] = {}
    with open(DATA / "mdc_xmr_testing_data.csv", encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            # line 680 misnames one point of "... High is good 2" (see data/README.md)
            metric = row["Metric"].replace("High is good2", "High is good 2")
            series.setdefault(metric, []).append((float(row["Value"]), row["Colour"]))
    return series


@pytest.fixture(scope="session")
def mdc_series() -> dict[str, list[tuple[float, str]]]:
    """The MDC test pack, loaded once."""
    return load_mdc_series()


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root (for the demo data the CLI tests read)."""
    return REPO
