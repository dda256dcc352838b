"""The rule on hand-worked cases: weights, not applicable, the latest run only, answers pooled
up the tree (not percentages averaged), external standards through the consolidation map."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import numpy as np

from quadrant.assurance.audits import services
from quadrant.assurance.compliance import evidence
from quadrant.assurance.compliance.cell import latest_figure, trend
from quadrant.assurance.compliance.rule import Figure, trend_icons
from quadrant.assurance.compliance.runs import instant
from quadrant.assurance.compliance.tests.conftest import sign_off
from quadrant.core.actors import SystemActor
from quadrant.core.services import archive_object


def percent(standard: Any, unit: Any) -> Decimal | None:
    return latest_figure(standard, unit).percent


def test_weights_and_partial_scores(world: SimpleNamespace, audited: Any, org: Any) -> None:
    # Ward A's latest run: hands yes (weight 2, compliant), gel 2 of 4 (weight 1, half):
    # (2 × 1 + 1 × 0.5) / (2 + 1) = 83.3%.
    figure = latest_figure(world.ipc, org.ward_a)
    assert (figure.achieved, figure.possible, figure.answers) == (2.5, 3.0, 2)
    assert figure.percent == Decimal("83.3")
    assert percent(world.med, org.ward_a) == Decimal("0.0")  # the fridge was not locked


def test_not_applicable_leaves_the_denominator(world: SimpleNamespace, audited: Any, org: Any):
    figure = latest_figure(world.ipc, org.ward_a2)  # hands n/a: only gel 4 of 4 counts
    assert (figure.possible, figure.answers, figure.percent) == (1.0, 1, Decimal("100.0"))


def test_only_the_latest_run_of_a_template_counts(world: SimpleNamespace, audited: Any, org: Any):
    # September's all-compliant run on Ward A is in the trend, not in the figure.
    assert percent(world.med, org.ward_a) == Decimal("0.0")
    months, values, threshold = trend(world.med, org.ward_a)
    assert [m.month for m in months] == [9, 10]
    assert values == [100.0, 0.0]
    assert threshold == 85.0


def test_answers_are_pooled_up_the_tree(world: SimpleNamespace, audited: Any, org: Any) -> None:
    # Acute medicine = Ward A (2.5 of 3) + Ward A2 (1 of 1) = 3.5 / 4 = 87.5%, not the mean
    # of 83.3% and 100% (91.7%).
    assert percent(world.ipc, org.acute) == Decimal("87.5")
    assert percent(world.ipc, org.medicine) == Decimal("87.5")
    # The trust adds Ward B (3 of 3): 6.5 / 7.
    figure = latest_figure(world.ipc, org.trust)
    assert (figure.achieved, figure.possible, figure.answers) == (6.5, 7.0, 5)
    assert figure.percent == Decimal("92.9")


def test_an_external_standard_counts_through_its_internal_one(
    world: SimpleNamespace, audited: Any, org: Any
) -> None:
    n11, n12 = world.n11, world.external.standards.get(code="N1.2")
    assert percent(n11, org.ward_a) == Decimal("83.3")
    assert percent(n11, org.acute) == Decimal("87.5")
    assert percent(n12, org.ward_a) is None  # not mapped, not cited: no audit evidence


def test_a_standard_no_question_cites_has_no_evidence(world: SimpleNamespace, audited: Any, org):
    lead = world.internal.standards.get(code="LEAD-1")
    assert latest_figure(lead, org.trust) == Figure(0.0, 0.0, 0)
    assert percent(lead, org.trust) is None


def test_a_new_run_is_seen_at_once(world: SimpleNamespace, audited: Any, org: Any, people):

    assert percent(world.med, org.ward_a) == Decimal("0.0")
    sign_off(world, org.ward_a, dt.date(2026, 11, 2), people)  # the kept evidence is stale
    assert percent(world.med, org.ward_a) == Decimal("100.0")


def test_the_trend_icons_on_a_made_up_series() -> None:
    steady = np.array([80.0, 82, 79, 81, 80, 83, 78, 81, 80, 82, 79, 81, 80, 82, 81])
    rising = np.concatenate([steady, [90.0, 91, 92, 93, 94, 95, 96, 97]])
    falling = np.concatenate([steady, [70.0, 69, 68, 67, 66, 65, 64, 63]])
    possible = lambda values: np.ones(len(values))  # noqa: E731
    icons = trend_icons([
        (steady, possible(steady), 50.0),
        (rising, possible(rising), 99.5),
        (falling, possible(falling), 85.0),
        (np.array([]), np.array([]), 85.0),
    ])  # fmt: skip
    assert icons[0] == ("common_cause", "consistent_pass")  # limits well above 50%
    assert icons[1][0] == "improvement_high"
    assert icons[2][0] == "concern_low"
    assert icons[3] == (None, None)  # no evidence, no icons


def test_kept_evidence_brought_up_to_date_equals_a_fresh_read(
    world: SimpleNamespace, audited: Any, org: Any, people: dict[str, Any]
) -> None:
    assert percent(world.ipc, org.acute) == Decimal("87.5")  # read and kept
    sign_off(world, org.ward_b, dt.date(2026, 11, 4), people, hands="no")
    audited.latest_a.refresh_from_db()
    archive_object(audited.latest_a, actor=SystemActor("tests"))  # September's run is latest
    assert percent(world.med, org.ward_a) == Decimal("100.0")
    kept = evidence.evidence_of(world.internal)
    evidence.forget()
    fresh = evidence.evidence_of(world.internal)
    for name in ("t_unit", "t_key", "t_achieved", "t_possible", "l_unit", "l_standard",
                 "l_achieved", "l_possible", "l_answers", "thresholds"):  # fmt: skip
        assert np.array_equal(getattr(kept, name), getattr(fresh, name)), name
    assert kept.months == fresh.months


def test_of_two_runs_on_one_day_the_one_signed_off_last_counts(
    world: SimpleNamespace, audited: Any, org: Any, people: dict[str, Any]
) -> None:

    day, auditor = dt.date(2026, 11, 20), people["auditor"]
    first = services.start_run(world.template, org.ward_b, day, actor=auditor)
    second = services.start_run(world.template, org.ward_b, day, actor=auditor)
    for run, fridge in ((first, "yes"), (second, "no")):
        for name, value in (("hands", "yes"), ("gel", "4"), ("fridge", fridge), ("note", "-")):
            services.save_answer(run, getattr(world, name), value, actor=auditor)
    services.sign_off_run(second, actor=auditor)
    assert percent(world.med, org.ward_b) == Decimal("0.0")
    services.sign_off_run(first, actor=auditor)  # started first, signed off last: it counts
    assert percent(world.med, org.ward_b) == Decimal("100.0")
    sign_off(world, org.ward_b, day, people, fridge="no")  # the same day, signed off after
    assert percent(world.med, org.ward_b) == Decimal("0.0")
    moments = ["2026-10-07 14:00:00", "2026-10-07 14:00:00.5", "2026-10-07 14:00:01+00",
               "2026-10-08 00:00:00.000001+00:00"]  # fmt: skip
    assert [instant(text) for text in moments] == sorted(instant(text) for text in moments)
    assert len({instant(text) for text in moments}) == 4
