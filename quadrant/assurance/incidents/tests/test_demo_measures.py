"""The demo's event measures: every ward's bed days, event count and rate, computed by the
real refresh; the demo manager's ward shows its rise as a special cause of concern, most
wards do not; one ward's missing month of bed days leaves a gap in its rate, not a zero."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from quadrant.assurance.incidents.demo_measures import seed_event_measures
from quadrant.assurance.incidents.demo_seed import seed_safety_events
from quadrant.control.public import Measure, Observation, measure_statuses


def test_demo_event_measures(db: Any, client: Any) -> None:
    from quadrant.demo.generator import seed_demo

    seeded = seed_demo("demo", with_steps=False, log=lambda message: None)
    seed_safety_events(seeded)
    seed_event_measures(seeded)
    wards = [unit for unit in seeded.units.values() if unit.kind == "ward"]
    rates = Measure.objects.filter(code__startswith="PSE-RATE-")
    assert Measure.objects.filter(code__startswith="BED-DAYS-").count() == len(wards)
    assert rates.count() == len(wards)
    counts = Measure.objects.filter(code__startswith="PSE-").exclude(code__startswith="PSE-RATE-")
    assert counts.count() == len(wards)
    statuses = measure_statuses(rates.values_list("pk", flat=True))
    home = seeded.manager_ward
    home_rate = rates.get(org_unit=home)
    assert statuses[home_rate.pk].variation_icon == "concern_high", statuses[home_rate.pk].reading
    concerns = [s for s in statuses.values() if s.variation_icon.startswith("concern")]
    assert len(concerns) <= len(wards) // 4  # a signal stands out, it is not everywhere
    months = Observation.objects.filter(measure__code=f"PSE-{home.code}").count()
    assert 23 <= months <= 25
    gappy = sorted(wards, key=lambda u: u.code)[-1]
    assert (
        Observation.objects.filter(measure__code=f"PSE-RATE-{gappy.code}").count()
        == Observation.objects.filter(measure__code=f"PSE-{gappy.code}").count() - 1
    )
    client.force_login(seeded.people["manager"])
    body = client.get(reverse("assurance:safety_themes")).content.decode()
    assert f'data-measure="PSE-RATE-{home.code}" data-variation="concern_high"' in body
