"""The control demo data: every MDC icon somewhere, `manager`'s falls a special cause of
concern, targets and owners, the real A&E series, measures published to `partner`."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pytest

from quadrant.control.demo.series import icons_of, periods
from quadrant.control.demo_seed import seed_control
from quadrant.control.measures.models import Measure, MeasureTarget, Observation
from quadrant.core.permissions import restrict

pytestmark = pytest.mark.django_db

VARIATION = {
    "common_cause", "improvement_high", "improvement_low", "concern_high", "concern_low",
    "neutral_high", "neutral_low",
}  # fmt: skip
ASSURANCE = {"consistent_pass", "consistent_fail", "inconsistent"}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    from quadrant.demo.generator import seed_demo

    with django_db_blocker.unblock():
        context = seed_demo("demo", with_steps=False, log=lambda message: None)
        seed_control(context)
        yield context
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)


def _icons(measure: Measure) -> tuple[str | None, str | None]:
    values = list(measure.observations.values_list("value", flat=True))
    target = measure.targets.values_list("value", flat=True).first()
    return icons_of(values, measure.direction, target)


def test_every_icon_and_the_managers_concern(seeded):
    values = defaultdict(list)
    for measure_id, value in Observation.objects.order_by("measure", "period").values_list(
        "measure_id", "value"
    ):
        values[measure_id].append(value)
    targets = dict(MeasureTarget.objects.values_list("measure_id", "value"))
    variation, assurance = Counter(), Counter()
    for measure_id, direction in Measure.objects.values_list("pk", "direction"):
        found = icons_of(values[measure_id], direction, targets.get(measure_id))
        variation[found[0]] += 1
        assurance[found[1]] += 1
    assert set(variation) >= VARIATION
    assert set(assurance) >= ASSURANCE
    ward = seeded.manager_ward
    falls = Measure.objects.get(code=f"{ward.code}-FALLS")
    assert _icons(falls)[0] == "concern_high"
    assert falls.owner == seeded.people["manager"]
    last = falls.observations.order_by("period").last()
    assert last.period == periods("month", 1, seeded.reference_date)[0]  # the last whole month
    assert last.denominator > 0


def test_scale_dates_owners_and_ae(seeded):
    assert Measure.objects.count() > 300
    weekly = Measure.objects.filter(frequency="week").first()
    starts = list(weekly.observations.values_list("period", flat=True))
    assert len(starts) == 156 and all(day.weekday() == 0 for day in starts)
    assert starts[-1] == periods("week", 1, seeded.reference_date)[0]
    assert Measure.objects.filter(owner__isnull=False).count() > 0.8 * Measure.objects.count()
    breaches = Measure.objects.get(code="EDMAJ-AE4H")
    ae = breaches.observations.order_by("period")
    assert ae.first().period == dt.date(2016, 4, 1) and ae.last().period == dt.date(2019, 3, 1)
    assert ae.count() == 36 and breaches.targets.get().value == 5.0
    first = ae.first()  # RF4 type 1, April 2016, as published
    assert first.denominator > 10_000 and first.value == round(
        first.numerator / first.denominator * 100, 2
    )


def test_partner_sees_only_published_measures(seeded):
    partner = seeded.people["partner"]
    visible = set(restrict(Measure.objects.all(), partner, "view").values_list("code", flat=True))
    ward = seeded.manager_ward.code
    assert visible == {f"{ward}-FALLS", f"{ward}-HH", f"{ward}-FFT", f"{ward}-LOS"}
    assert not restrict(Observation.objects.exclude(measure__code__in=visible), partner, "view")


def test_measures_carry_domains_of_the_demos_set(seeded):
    from quadrant.language.models import QualityDomainSet

    in_use = QualityDomainSet.active()
    assert not Measure.objects.filter(domain__isnull=True).exists()
    assert set(Measure.objects.values_list("domain__domain_set", flat=True)) == {in_use.pk}
    assert Measure.objects.get(code=f"{seeded.manager_ward.code}-FALLS").domain.name == "Safe"
    assert Measure.objects.get(code="EDMAJ-AE4H").domain.name == "Timely"
