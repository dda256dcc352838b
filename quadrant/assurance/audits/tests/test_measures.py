"""Signed-off runs feed a control measure per template and unit (through control.public)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from quadrant.assurance.audits import services
from quadrant.assurance.audits.models import AuditMeasure
from quadrant.assurance.audits.tests.conftest import answer_all
from quadrant.control.public import Measure, MeasureTarget, Observation
from quadrant.core.logs import HistoryEvent


def signed_run(
    hygiene: SimpleNamespace, unit: Any, day: dt.date, people: Any, **values: str
) -> Any:
    auditor = people["auditor"]
    run = services.start_run(hygiene.template, unit, day, actor=auditor)
    answer_all(run, hygiene, auditor, **values)
    services.sign_off_run(run, actor=auditor)
    return run


def test_the_first_signed_off_run_makes_the_measure_with_its_target(
    hygiene: SimpleNamespace, org: Any, people: dict[str, Any]
) -> None:
    auditor = people["auditor"]
    run = services.start_run(hygiene.template, org.ward_a, dt.date(2026, 10, 14), actor=auditor)
    assert not Measure.objects.exists()  # started, not signed off: no measure yet
    answer_all(run, hygiene, auditor, yes_no="no")
    services.sign_off_run(run, actor=auditor)

    measure = AuditMeasure.objects.get().measure
    assert (measure.code, measure.org_unit, measure.direction, measure.frequency) == (
        "AUDIT-WARDA-hand-hygiene",
        org.ward_a,
        "increase",
        "month",
    )
    assert measure.unit_label == "%" and "Hand hygiene" in measure.name
    target = MeasureTarget.objects.get(measure=measure)
    assert (target.value, target.effective_from) == (85.0, dt.date(2026, 10, 1))
    observation = Observation.objects.get(measure=measure)
    assert (observation.period, observation.value) == (dt.date(2026, 10, 1), 60.0)
    assert HistoryEvent.objects.filter(
        content_type__model="observation", actor_name="system: audit results"
    ).exists()


def test_runs_in_the_same_month_give_their_mean_and_each_month_its_point(
    hygiene: SimpleNamespace, org: Any, people: dict[str, Any]
) -> None:
    signed_run(hygiene, org.ward_a, dt.date(2026, 10, 3), people, yes_no="no")  # 60%
    signed_run(hygiene, org.ward_a, dt.date(2026, 10, 20), people)  # 100%
    signed_run(hygiene, org.ward_a, dt.date(2026, 11, 2), people)  # 100%
    measure = AuditMeasure.objects.get().measure
    points = list(Observation.objects.filter(measure=measure).values_list("period", "value"))
    assert points == [(dt.date(2026, 10, 1), 80.0), (dt.date(2026, 11, 1), 100.0)]


def test_each_unit_has_its_own_measure_and_a_new_version_keeps_it(
    hygiene: SimpleNamespace, org: Any, people: dict[str, Any]
) -> None:
    signed_run(hygiene, org.ward_a, dt.date(2026, 10, 3), people)
    signed_run(hygiene, org.ward_b, dt.date(2026, 10, 3), people)
    services.update_template(
        hygiene.template, {"title": "Hand hygiene v2"}, actor=people["quality"]
    )
    new = hygiene.template.__class__.objects.get(version_number=2)
    run = services.start_run(new, org.ward_a, dt.date(2026, 11, 3), actor=people["auditor"])
    for question in new.sections.get().questions.all():
        value = {"yes_no": "yes", "score": "4", "number": "12", "choice": "Yes", "text": "ok"}
        services.save_answer(run, question, value[question.kind], actor=people["auditor"])
    services.sign_off_run(run, actor=people["auditor"])
    assert AuditMeasure.objects.count() == 2
    ward_a = AuditMeasure.objects.get(org_unit=org.ward_a).measure
    assert Observation.objects.filter(measure=ward_a).count() == 2
