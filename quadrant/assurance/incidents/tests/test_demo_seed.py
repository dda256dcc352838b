"""The safety events demo: about 5,000 over two years, a plausible harm mix, two deaths, two
Never Events, feedback on closed ones, `staff`'s own reports. Its time is
bench/bench_demo_seed.py's figure."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.urls import reverse

from quadrant.assurance.incidents.candour.models import CandourRecord, check_dates
from quadrant.assurance.incidents.demo_seed import seed_safety_events
from quadrant.assurance.incidents.models import PatientDetails, SafetyEvent
from quadrant.assurance.incidents.nhs_number import is_valid


def test_demo_seed(db: Any, client: Any) -> None:
    from quadrant.demo.generator import seed_demo

    seeded = seed_demo("demo", with_steps=False, log=lambda message: None)
    seed_safety_events(seeded)
    events = SafetyEvent.objects.all()
    assert 4000 <= events.count() <= 6500
    harms = Counter(events.values_list("physical_harm", flat=True))
    incidents = sum(harms[h] for h in ("none", "low", "moderate", "severe", "fatal"))
    assert harms["none"] + harms["low"] > 0.85 * incidents
    assert harms["fatal"] == 2 and 0 < harms["severe"] < 0.03 * incidents
    assert events.filter(never_event=True).count() == 2
    assert events.filter(duty_of_candour=True).count() == sum(
        harms[h] for h in ("moderate", "severe", "fatal")
    )
    candour = CandourRecord.objects.with_status(seeded.reference_date)
    assert candour.count() == events.filter(duty_of_candour=True).count()
    statuses = Counter(candour.values_list("current_status", flat=True))
    assert statuses["done_on_time"] > statuses["done_late"] > 0
    assert statuses["overdue"] > 0 and statuses["due"] > 0 and statuses["not_possible"] > 0
    for record in candour.filter(letter_on__isnull=False)[:300]:
        assert record.aware_on <= record.conversation_on <= record.letter_on
        assert not check_dates(record, seeded.reference_date)
    assert events.exclude(feedback="").filter(status__in=("closed", "no_further_response")).exists()
    assert events.filter(anonymous=True, reporter__isnull=True).exclude(receipt_hash="").exists()
    assert all(
        is_valid(n) for n in PatientDetails.objects.values_list("nhs_number", flat=True)[:200]
    )
    staff = seeded.people["staff"]
    mine = events.filter(reporter=staff)
    assert mine.count() >= 12
    client.force_login(staff)
    body = client.get(reverse("assurance:my_safety_reports")).content.decode()
    assert mine.order_by("-created_at").first().reference in body
    client.force_login(seeded.people["quality"])
    assert client.get(reverse("assurance:safety_events")).status_code == 200
