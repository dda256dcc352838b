"""The demo signals-and-actions step, run on the control step's demo data: the manager's ward has
an open signal of concern and an action raised from an earlier signal; every variation and
assurance icon appears across the trust; nobody is emailed."""

import pytest
from django.core import mail

from quadrant.actions.digest import send_daily_digest
from quadrant.actions.public import Action
from quadrant.control.demo.signals import EVERY_ASSURANCE, EVERY_VARIATION, seed_signals_and_actions
from quadrant.control.demo_seed import seed_control
from quadrant.control.signals.models import Signal
from quadrant.control.summary.models import MeasureStatus
from quadrant.demo.generator import seed_demo

pytestmark = pytest.mark.django_db


def test_demo_signals_actions_and_icons():
    context = seed_demo("demo", log=lambda message: None, with_steps=False)
    seed_control(context)
    seed_signals_and_actions(context)
    ward = context.manager_ward
    open_concern = Signal.objects.filter(measure__org_unit=ward, kind="concern", status="open")
    assert open_concern.exists()
    action = Action.objects.get(org_unit=ward)
    assert action.source.status == "actioned" and action.source.measure.org_unit == ward
    assert action.status == "in_progress"
    variation = set(MeasureStatus.objects.values_list("variation_icon", flat=True))
    assurance = set(MeasureStatus.objects.values_list("assurance_icon", flat=True))
    assert variation >= EVERY_VARIATION, EVERY_VARIATION - variation
    assert assurance >= EVERY_ASSURANCE, EVERY_ASSURANCE - assurance
    assert not Signal.objects.filter(history=False).exists()
    mail.outbox.clear()
    send_daily_digest(context.reference_date)
    assert not any("New signals" in message.body for message in mail.outbox)


def test_the_demo_runs_up_to_the_last_complete_period_before_its_day():
    import datetime as dt

    from quadrant.control.measures.models import Measure
    from quadrant.control.summary.models import is_stale
    from quadrant.demo.models import DemoSeed

    day = dt.date(2027, 3, 17)  # a Wednesday
    context = seed_demo("demo", log=lambda message: None, with_steps=False, today=day)
    seed_control(context)
    seed_signals_and_actions(context)
    assert DemoSeed.objects.get().reference_date == day
    ward = context.manager_ward
    latest = {
        m.code: m.observations.order_by("-period").values_list("period", flat=True).first()
        for m in Measure.objects.filter(org_unit=ward)
    }
    assert latest[f"{ward.code}-FALLS"] == dt.date(2027, 2, 1)  # monthly: February
    assert latest[f"{ward.code}-DBN"] == dt.date(2027, 3, 8)  # weekly: the week to 14 March
    stale = {
        m.code
        for m in Measure.objects.select_related("status")
        if is_stale(m, m.status.latest_period, day)
    }
    assert stale and all("-AE" in code for code in stale)  # only the real A&E series of 2019
