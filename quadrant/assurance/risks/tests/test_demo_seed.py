"""The risks demo data: about 60 risks across the tree with score histories, some escalated
(and one de-escalated with its reason), some above appetite, some tolerated or closed with a
reason; the pages open on it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from quadrant.assurance.risks.demo_seed import TOTAL, seed_risks
from quadrant.assurance.risks.models import Risk, RiskReview


def test_demo_seed(db: Any, client: Any) -> None:
    from quadrant.demo.generator import seed_demo

    seeded = seed_demo("demo", with_steps=False, log=lambda message: None)
    seed_risks(seeded)
    risks = Risk.objects.select_related("category")
    assert risks.count() == TOTAL
    assert risks.values("org_unit__kind").distinct().count() >= 3  # across the tree
    assert RiskReview.objects.count() >= 3 * TOTAL
    assert all(r.reviews.last().score == r.current_score for r in risks[:10])
    assert risks.filter(escalated_to__isnull=False).count() >= 5
    assert risks.exclude(deescalation_reason="").exists()
    assert sum(r.is_above_appetite for r in risks) >= 10
    assert risks.filter(status="tolerated").exclude(status_reason="").exists()
    assert risks.filter(status="closed").exclude(status_reason="").exists()
    assert risks.filter(org_unit=seeded.manager_ward, owner=seeded.people["manager"]).count() >= 4
    client.force_login(seeded.people["quality"])
    assert client.get(reverse("assurance:risks")).status_code == 200
    assert client.get(reverse("assurance:risk_heat_map")).status_code == 200
    escalated = risks.filter(escalated_to__isnull=False).first()
    page = client.get(escalated.get_absolute_url())
    assert page.status_code == 200 and "Escalated to" in page.content.decode()
