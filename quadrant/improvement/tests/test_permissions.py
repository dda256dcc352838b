"""Who may see and run projects, read the library and submit or triage ideas."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from quadrant.core.permissions import Capability, may, restrict
from quadrant.improvement import services
from quadrant.improvement.models import Idea, LearningSummary, Project
from quadrant.improvement.tests.conftest import make_project, plan

pytestmark = pytest.mark.django_db


def test_a_patient_partner_on_the_team_sees_the_project_one_not_on_it_does_not(
    ward_a_project, people, client_for
):
    project = ward_a_project.project
    url = project.get_absolute_url()
    assert client_for("partner").get(url).status_code == 404
    assert not restrict(Project.objects.all(), people["partner"]).exists()
    services.add_team_member(project, people["partner"], actor=people["manager"])
    page = client_for("partner").get(url)
    assert page.status_code == 200 and project.title in page.content.decode()
    assert may(people["partner"], Capability.RUN_PROJECTS, project)  # as a team member
    other = make_project(ward_a_project.project.org_unit, people["manager"], title="Other project")
    assert client_for("partner").get(other.get_absolute_url()).status_code == 404


def test_staff_see_their_units_projects_but_do_not_run_them(ward_a_project, people, client_for):
    project = ward_a_project.project
    assert client_for("staff").get(project.get_absolute_url()).status_code == 200
    assert not may(people["staff"], Capability.RUN_PROJECTS, project)
    page = client_for("staff").post(
        reverse("improvement:project_stage", args=[project.pk]), {"stage": "testing"}
    )
    assert page.status_code == 403
    with pytest.raises(PermissionDenied, match="run improvement projects"):
        plan(project, people["staff"])


def test_manager2_cannot_see_managers_unit_projects(ward_a_project, people, client_for):
    project = ward_a_project.project
    assert client_for("manager2").get(project.get_absolute_url()).status_code == 404
    assert not restrict(Project.objects.all(), people["manager2"]).exists()
    home = client_for("manager2").get(reverse("improvement:home")).content.decode()
    assert project.title not in home
    cycle = plan(project, people["manager"])
    assert client_for("manager2").get(cycle.get_absolute_url()).status_code == 404


def test_coach_and_quality_lead_run_projects_in_their_subtree(ward_a_project, people):
    for name in ("coach", "quality", "manager"):
        assert may(people[name], Capability.RUN_PROJECTS, ward_a_project.project)
    for name in ("board", "staff", "analyst", "auditor", "partner", "outsider", "manager2"):
        assert not may(people[name], Capability.RUN_PROJECTS, ward_a_project.project), name


def test_the_learning_library_is_read_by_all_staff_and_partners(ward_a_project, people, client_for):
    project = ward_a_project.project
    services.save_learning_summary(
        project, problem="p", changes_tested="c", results="r", advice="a", actor=people["manager"]
    )
    summary = LearningSummary.objects.get()
    assert client_for("manager2").get(summary.get_absolute_url()).status_code == 404  # a draft
    services.move_project_stage(project, "closed", actor=people["manager"])
    for name in ("manager2", "staff", "partner", "auditor"):
        page = client_for(name).get(summary.get_absolute_url())
        assert page.status_code == 200, name
    assert client_for("manager2").get(project.get_absolute_url()).status_code == 404


def test_ideas_are_seen_by_their_submitter_and_everyone_who_sees_the_unit(
    org, people, client_for, api_for
):
    idea = services.submit_idea(
        title="Idea from the partner", org_unit=org.ward_a, actor=people["partner"]
    )
    seeing = ("partner", "coach", "staff", "manager", "quality", "board", "admin", "analyst")
    for name in seeing:
        assert client_for(name).get(idea.get_absolute_url()).status_code == 200, name
        listed = api_for(name).get("/api/v1/ideas/").json()
        assert [row["id"] for row in listed["results"]] == [idea.pk], name
        assert api_for(name).get(f"/api/v1/ideas/{idea.pk}/").status_code == 200, name
    for name in ("manager2", "divadmin", "outsider"):
        assert client_for(name).get(idea.get_absolute_url()).status_code == 404, name
        assert api_for(name).get("/api/v1/ideas/").json()["count"] == 0, name
    # Seeing is not triaging: only those who run projects at the unit may decline it.
    with pytest.raises(PermissionDenied):
        services.decline_idea(idea, reason="no", actor=people["board"])
    with pytest.raises(PermissionDenied):
        services.submit_idea(title="x", org_unit=org.ward_b, actor=people["partner"])
    with pytest.raises(PermissionDenied):
        services.decline_idea(idea, reason="no", actor=people["staff"])
    with pytest.raises(PermissionDenied):
        services.submit_idea(title="x", org_unit=org.ward_a, actor=people["outsider"])
    assert Idea.objects.count() == 1


def test_api_lists_only_what_the_person_may_see(ward_a_project, people, api_for):
    plan(ward_a_project.project, people["manager"])
    assert api_for("manager").get("/api/v1/projects/").json()["count"] == 1
    assert api_for("manager2").get("/api/v1/projects/").json()["count"] == 0
    assert api_for("manager2").get("/api/v1/pdsa-cycles/").json()["count"] == 0
    assert api_for("staff").get("/api/v1/pdsa-cycles/").json()["count"] == 1
