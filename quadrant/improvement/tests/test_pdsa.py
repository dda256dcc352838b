"""PDSA cycles: the plan–do–study–act steps, the "adapt" chain and the chart annotations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from quadrant.control.public import describe
from quadrant.improvement import services
from quadrant.improvement.choices import ActDecision, PdsaPhase, Stage
from quadrant.improvement.models import Project
from quadrant.improvement.tests.conftest import plan

pytestmark = pytest.mark.django_db


def run_to_act(cycle, actor):
    cycle = services.record_do(
        cycle,
        what_happened="Rounded hourly",
        actor=actor,
        end_date=cycle.start_date + dt.timedelta(days=13),
    )
    return services.record_study(cycle, results="Two falls instead of five", actor=actor)


def test_steps_run_in_order_and_name_the_step_waited_for(ward_a_project, people):
    manager = people["manager"]
    cycle = plan(ward_a_project.project, manager, change_idea=ward_a_project.idea)
    assert cycle.number == 1 and cycle.phase == PdsaPhase.DO
    with pytest.raises(ValidationError, match="waiting for “Do"):
        services.record_study(cycle, results="too early", actor=manager)
    cycle = run_to_act(cycle, manager)
    assert cycle.phase == PdsaPhase.ACT
    cycle, following = services.record_act(cycle, decision=ActDecision.ADOPT, actor=manager)
    assert cycle.phase == PdsaPhase.DONE and following is None
    ward_a_project.idea.refresh_from_db()
    assert ward_a_project.idea.decision == ActDecision.ADOPT


def test_first_cycle_moves_a_scoping_project_to_testing(ward_a_project, people):
    assert ward_a_project.project.stage == Stage.SCOPING
    plan(ward_a_project.project, people["manager"])
    project = Project.objects.get(pk=ward_a_project.project.pk)
    assert project.stage == Stage.TESTING
    assert list(project.stage_history.values_list("stage", flat=True)) == ["scoping", "testing"]


def test_adapt_opens_the_next_cycle_with_the_plan_carried_forward(ward_a_project, people):
    manager = people["manager"]
    first = run_to_act(
        plan(
            ward_a_project.project,
            manager,
            change_idea=ward_a_project.idea,
            questions="Does it fit the night routine?",
        ),
        manager,
    )
    with pytest.raises(ValidationError) as refused:
        services.record_act(first, decision=ActDecision.ADAPT, actor=manager)
    assert "next_steps" in refused.value.message_dict
    first, second = services.record_act(
        first, decision=ActDecision.ADAPT, next_steps="Add the day shift", actor=manager
    )
    assert second.number == 2 and second.previous == first and second.phase == PdsaPhase.PLAN
    assert second.objective == first.objective
    assert second.questions == "Does it fit the night routine?"
    assert second.change_idea == ward_a_project.idea
    assert second.start_date > first.end_date
    with pytest.raises(ValidationError, match="waiting for “Plan"):
        services.record_do(second, what_happened="x", actor=manager)
    second = services.update_plan(second, {"plan_who": "Day and night shifts"}, actor=manager)
    assert second.phase == PdsaPhase.DO
    third_source = run_to_act(second, manager)
    _, third = services.record_act(
        third_source, decision=ActDecision.ADAPT, next_steps="Weekends too", actor=manager
    )
    assert [c.number for c in services.chain_of(second)] == [1, 2, 3]
    assert third.previous == second


def test_a_plan_needs_an_objective_a_prediction_and_ordered_dates(ward_a_project, people):
    with pytest.raises(ValidationError) as refused:
        services.plan_cycle(
            ward_a_project.project,
            actor=people["manager"],
            objective="",
            prediction="",
            start_date=dt.date(2025, 3, 3),
            end_date=dt.date(2025, 3, 1),
        )
    assert set(refused.value.message_dict) == {"objective", "prediction", "end_date"}


def test_each_cycle_is_annotated_on_the_project_measure_chart(ward_a_project, people):
    manager = people["manager"]
    first = plan(
        ward_a_project.project,
        manager,
        change_idea=ward_a_project.idea,
        start_date=dt.date(2025, 3, 3),
        end_date=dt.date(2025, 3, 16),
    )
    plan(
        ward_a_project.project,
        manager,
        objective="Bed rails check",
        start_date=dt.date(2025, 3, 17),
    )
    notes = [n for n in describe(ward_a_project.measure)["annotations"] if n["kind"] == "pdsa"]
    assert [n["date"] for n in notes] == ["2025-03-03", "2025-03-17"]
    assert notes[0]["text"].startswith("PDSA 1: Intentional rounding (3 Mar to 16 Mar 2025)")
    assert notes[0]["url"] == first.get_absolute_url()
    assert notes[1]["text"].startswith("PDSA 2: Bed rails check")


def test_a_closed_project_cannot_plan_a_cycle(ward_a_project, people):
    manager = people["manager"]
    services.move_project_stage(
        ward_a_project.project, Stage.ABANDONED, note="Merged", actor=manager
    )
    with pytest.raises(ValidationError, match="abandoned: reopen it"):
        plan(ward_a_project.project, manager)
