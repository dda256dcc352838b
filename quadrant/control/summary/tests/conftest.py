"""The summary's shared world: three measures of the test trust, one for each kind of icon."""

from __future__ import annotations

from typing import Any

import pytest

from quadrant.control.measures.models import Measure
from quadrant.control.measures.services import set_target
from quadrant.control.testing.insight import STABLE, months, quality_domain


@pytest.fixture
def trust_measures(org, people, falls, load, django_capture_on_commit_callbacks) -> dict[str, Any]:
    """Falls on Ward A (concern, failing target), hygiene on Ward A2 (improvement, passing),
    waits on Ward B (common cause, hit and miss)."""
    hygiene = Measure.objects.create(
        code="HH-A2", name="Hand hygiene, Ward A2", org_unit=org.ward_a2, chart_type="xmr",
        frequency="month", direction="increase", domain=quality_domain("Safe"), unit_label="%",
    )  # fmt: skip
    waits = Measure.objects.create(
        code="WAIT-B", name="Waits, Ward B", org_unit=org.ward_b, chart_type="xmr",
        frequency="month", direction="decrease", domain=quality_domain("Timely"),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        set_target(falls, 5, months(1)[0], actor=people["quality"])
        set_target(hygiene, 50, months(1)[0], actor=people["quality"])
        set_target(waits, 10, months(1)[0], actor=people["quality"])
    load(falls, [*STABLE, 30])
    load(hygiene, [*[v + 80 for v in STABLE], *[v + 86 for v in STABLE[:8]]])
    load(waits, STABLE)
    return {"falls": falls, "hygiene": hygiene, "waits": waits}
