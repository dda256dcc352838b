"""The standards demo data: CQC's framework, 180 illustrative national standards consolidated
into 50 internal ones in 7 domains, some left to map, evidence
(its time is bench/bench_demo_seed.py's figure)."""

from __future__ import annotations

import pytest

from quadrant.assurance.standards.coverage import (
    coverage_of,
    evidence_for,
    internal_without_basis,
    unmapped_external,
)
from quadrant.assurance.standards.demo import INTERNAL_CODE, NATIONAL_CODE, seed_standards
from quadrant.assurance.standards.models import Framework, Standard, StandardGroup

pytestmark = pytest.mark.django_db


def test_the_demo_standards(db):
    from quadrant.demo.generator import seed_demo

    seeded = seed_demo("demo", with_steps=False, log=lambda message: None)
    seed_standards(seeded)
    national = Framework.objects.get(code=NATIONAL_CODE)
    internal = Framework.objects.get(code=INTERNAL_CODE)
    assert Standard.objects.filter(framework=national).count() == 180
    assert Standard.objects.filter(framework=internal).count() == 50
    assert StandardGroup.objects.filter(framework=internal).count() == 7
    assert Standard.objects.filter(framework__code="cqc-saf").count() == 34
    assert "demo" in national.title.lower()
    assert "not the text of any real body" in national.publisher
    assert unmapped_external().filter(framework=national).count() == 9
    assert internal_without_basis().count() == 3
    quality = seeded.people["quality"]
    counts = {c.framework.code: c for c in coverage_of([national, internal], quality)}
    assert counts[NATIONAL_CODE].mapped == 171 and counts[NATIONAL_CODE].evidenced > 50
    hand_hygiene = Standard.objects.filter(framework=national, title__startswith="Hand hygiene")
    assert all(item.via is not None for s in hand_hygiene for item in evidence_for(s, quality))
