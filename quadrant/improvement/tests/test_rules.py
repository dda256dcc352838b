"""Stage rules, spread of an adopted change, routine control, procedure actions, the digest."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from quadrant.actions.public import Action
from quadrant.control.public import Measure
from quadrant.improvement import services
from quadrant.improvement.choices import ActDecision, Stage
from quadrant.improvement.models import LearningSummary, Project
from quadrant.improvement.tasks import flag_quiet_projects
from quadrant.improvement.tests.conftest import make_project, plan

pytestmark = pytest.mark.django_db


def adopt(project, idea, actor):
    cycle = plan(project, actor, change_idea=idea)
    cycle = services.record_do(cycle, what_happened="Done", actor=actor, end_date=cycle.start_date)
    cycle = services.record_study(cycle, results="As predicted", actor=actor)
    return services.record_act(cycle, decision=ActDecision.ADOPT, actor=actor)[0]


def test_a_project_cannot_close_without_a_complete_summary(ward_a_project, people):
    manager, project = people["manager"], ward_a_project.project
    with pytest.raises(ValidationError, match="cannot close without a learning summary"):
        services.move_project_stage(project, Stage.CLOSED, actor=manager)
    services.save_learning_summary(
        project,
        problem="Falls at night",
        changes_tested="Rounding",
        results="",
        advice="Nights first",
        actor=manager,
    )
    with pytest.raises(ValidationError, match="still missing: results"):
        services.move_project_stage(project, Stage.CLOSED, actor=manager)
    services.save_learning_summary(
        project,
        problem="Falls at night",
        changes_tested="Rounding",
        results="Halved",
        advice="Nights first",
        actor=manager,
    )
    services.move_project_stage(project, Stage.CLOSED, actor=manager)
    assert LearningSummary.objects.get().published_at is not None
    assert list(project.stage_history.values_list("stage", flat=True)) == ["scoping", "closed"]


def test_abandoning_needs_a_reason_and_a_stage_move_needs_a_change(ward_a_project, people):
    with pytest.raises(ValidationError, match="why the project is being abandoned"):
        services.move_project_stage(
            ward_a_project.project, Stage.ABANDONED, actor=people["manager"]
        )
    with pytest.raises(ValidationError, match="already at"):
        services.move_project_stage(ward_a_project.project, Stage.SCOPING, actor=people["manager"])


def test_adopt_this_change_starts_a_linked_project_with_the_change_ideas(
    ward_a_project, org, people
):
    manager, project = people["manager"], ward_a_project.project
    adopt(project, ward_a_project.idea, manager)
    dropped = services.add_change_idea(project, title="Bed alarms", actor=manager)
    dropped.decision = ActDecision.ABANDON
    dropped.save()
    services.save_learning_summary(
        project, problem="p", changes_tested="c", results="r", advice="a", actor=manager
    )
    services.move_project_stage(project, Stage.CLOSED, actor=manager)
    summary = LearningSummary.objects.get()
    with pytest.raises(ValidationError, match="already ran at Ward A"):
        services.adopt_change(summary, org_unit=org.ward_a, actor=people["coach"])
    copy = services.adopt_change(summary, org_unit=org.ward_a2, actor=people["coach"])
    assert copy.adopted_from == project and copy.org_unit == org.ward_a2
    assert copy.aim_what == project.aim_what and copy.stage == Stage.SCOPING
    assert [i.title for i in copy.change_ideas.all()] == ["Intentional rounding"]
    assert copy.change_ideas.get().copied_from == ward_a_project.idea


def test_an_adopted_change_moves_the_measure_into_routine_control(ward_a_project, people):
    coach, project = people["coach"], ward_a_project.project
    link = project.measure_links.get()
    with pytest.raises(ValidationError, match="No change has been adopted"):
        services.move_to_routine_control(link, actor=coach)
    adopt(project, ward_a_project.idea, coach)
    link = services.move_to_routine_control(link, actor=coach)
    assert link.routine_since == timezone.localdate()
    assert Measure.objects.get(pk=ward_a_project.measure.pk).owner == people["manager"]


def test_an_adopted_change_raises_an_action_to_revise_a_procedure(ward_a_project, people):
    manager, idea = people["manager"], ward_a_project.idea
    due = timezone.localdate() + dt.timedelta(days=30)
    with pytest.raises(ValidationError, match="adopt it first"):
        services.raise_procedure_action(
            idea, procedure="Falls prevention", owner=manager, due_date=due, actor=manager
        )
    adopt(ward_a_project.project, idea, manager)
    idea.refresh_from_db()
    action = services.raise_procedure_action(
        idea, procedure="Falls prevention (SOP 12)", owner=manager, due_date=due, actor=manager
    )
    assert Action.objects.get() == action
    assert action.title == "Revise procedure Falls prevention (SOP 12)" and action.source == idea


def test_quiet_projects_are_flagged_to_their_coach_once(ward_a_project, org, people):
    project = ward_a_project.project
    Project.objects.filter(pk=project.pk).update(
        coach=people["coach"], last_activity_at=timezone.now() - dt.timedelta(weeks=9)
    )
    fresh = make_project(
        org.ward_a, people["manager"], title="Fresh project", coach=people["coach"]
    )
    today = timezone.localdate()
    assert flag_quiet_projects(today) == 1
    assert flag_quiet_projects(today) == 0  # the same day again: nothing twice
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["coach@example.nhs.uk"]
    assert project.title in mail.outbox[0].body and fresh.title not in mail.outbox[0].body
    plan(project, people["manager"])  # a PDSA cycle: no longer quiet
    assert flag_quiet_projects(today + dt.timedelta(days=8)) == 0


def test_new_data_on_a_project_measure_counts_as_activity(ward_a_project, people):
    from quadrant.control.public import record_observation

    Project.objects.filter(pk=ward_a_project.project.pk).update(
        last_activity_at=timezone.now() - dt.timedelta(weeks=9)
    )
    with __import__("django.test", fromlist=["TestCase"]).TestCase.captureOnCommitCallbacks(
        execute=True
    ):
        record_observation(
            ward_a_project.measure, dt.date(2025, 6, 2), value=3, actor=people["manager"]
        )
    project = Project.objects.get(pk=ward_a_project.project.pk)
    assert project.last_activity_at > timezone.now() - dt.timedelta(minutes=5)


def test_api_plans_steps_and_adapts_a_cycle(ward_a_project, api_for):
    api = api_for("manager")
    made = api.post(
        "/api/v1/pdsa-cycles/",
        {
            "project": ward_a_project.project.pk,
            "objective": "Try",
            "prediction": "Better",
            "start_date": "2025-03-03",
        },
    )
    assert made.status_code == 201, made.json()
    pk = made.json()["id"]
    assert api.post(f"/api/v1/pdsa-cycles/{pk}/study/", {"results": "x"}).status_code == 400
    assert (
        api.post(
            f"/api/v1/pdsa-cycles/{pk}/do/", {"what_happened": "Ran it", "end_date": "2025-03-09"}
        ).status_code
        == 200
    )
    assert (
        api.post(f"/api/v1/pdsa-cycles/{pk}/study/", {"results": "As predicted"}).status_code == 200
    )
    following = api.post(
        f"/api/v1/pdsa-cycles/{pk}/act/", {"decision": "adapt", "next_steps": "More"}
    )
    assert following.status_code == 201 and following.json()["previous"] == pk
    refused = api.post(f"/api/v1/projects/{ward_a_project.project.pk}/stage/", {"stage": "closed"})
    assert refused.status_code == 400 and "learning summary" in str(refused.json())


def test_api_submits_and_declines_ideas(org, api_for):
    made = api_for("staff").post("/api/v1/ideas/", {"title": "Idea", "org_unit": "WARDA"})
    assert made.status_code == 201 and made.json()["submitter"] == "staff"
    pk = made.json()["id"]
    assert api_for("staff").post(f"/api/v1/ideas/{pk}/decline/", {"reason": "no"}).status_code in (
        403,
        404,
    )
    declined = api_for("coach").post(f"/api/v1/ideas/{pk}/decline/", {"reason": "Done already"})
    assert declined.json()["status"] == "declined"
    foreign = api_for("manager2").post("/api/v1/ideas/", {"title": "x", "org_unit": "WARDA"})
    assert foreign.status_code == 400  # a unit one may not see answers like one that is not there
    assert foreign.json()["errors"] == [{"field": "org_unit", "message": "No unit with code WARDA"}]
