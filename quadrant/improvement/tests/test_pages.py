"""The improvement pages, walked as the people who use them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from quadrant.improvement import services
from quadrant.improvement.choices import IdeaStatus, Stage
from quadrant.improvement.models import Idea, PdsaCycle, Project
from quadrant.improvement.tests.conftest import plan

pytestmark = pytest.mark.django_db


def test_project_page_leads_with_the_three_questions_and_shows_charts_log_and_team(
    ward_a_project, people, client_for
):
    cycle = plan(ward_a_project.project, people["manager"], change_idea=ward_a_project.idea)
    services.add_team_member(ward_a_project.project, people["partner"], actor=people["manager"])
    page = client_for("manager").get(ward_a_project.project.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("What are we trying to accomplish?") < html.index("How will we know")
    assert html.index("How will we know") < html.index("What changes can we make")
    assert "nhsuk-task-list" in html and "Current stage" in html
    assert "<svg" in html and "PDSA 1: Intentional rounding" in html  # the chart annotation
    assert cycle.get_absolute_url() in html  # the PDSA log
    assert "Partner Tester" in html and "patient partner" in html


def test_cycle_page_records_each_step_and_adapt_opens_the_next(ward_a_project, people, client_for):
    client = client_for("manager")
    cycle = plan(ward_a_project.project, people["manager"])
    url = cycle.get_absolute_url()
    assert client.post(url, {"what_happened": "", "version": 1}).status_code == 400
    client.post(url, {"what_happened": "Rounded hourly", "end_date": "2025-03-16", "version": 1})
    page = client.post(url, {"results": "Two falls instead of five", "version": 2})
    assert page.status_code == 302
    page = client.get(url)
    assert "Study" in page.content.decode() and "<svg" in page.content.decode()
    page = client.post(url, {"decision": "adapt", "next_steps": "Add the day shift", "version": 3})
    following = PdsaCycle.objects.get(previous=cycle)
    assert page["Location"] == following.get_absolute_url()
    assert "plan carried forward" in client.get(following.get_absolute_url()).content.decode()


def test_plan_a_cycle_from_the_project(ward_a_project, client_for):
    client = client_for("manager")
    url = reverse("improvement:cycle_create", args=[ward_a_project.project.pk])
    assert client.get(url).status_code == 200
    page = client.post(
        url,
        {
            "objective": "Try it",
            "prediction": "Better",
            "start_date": "2025-04-07",
            "change_idea": ward_a_project.idea.pk,
        },
    )
    assert page.status_code == 302
    assert ward_a_project.project.cycles.get().change_idea == ward_a_project.idea


def test_closing_without_a_summary_is_refused_and_says_so(ward_a_project, client_for):
    client = client_for("manager")
    url = reverse("improvement:project_stage", args=[ward_a_project.project.pk])
    page = client.post(url, {"stage": "closed"}, follow=True)
    assert "cannot close without a learning summary" in page.content.decode()
    assert Project.objects.get(pk=ward_a_project.project.pk).stage == Stage.SCOPING


def test_summary_then_close_publishes_to_the_library(ward_a_project, client_for):
    client = client_for("manager")
    pk = ward_a_project.project.pk
    client.post(
        reverse("improvement:summary_edit", args=[pk]),
        {
            "problem": "Night falls",
            "changes_tested": "Rounding",
            "results": "Halved",
            "advice": "Start with nights",
        },
    )
    client.post(reverse("improvement:project_stage", args=[pk]), {"stage": "closed"})
    library = client_for("manager2").get(reverse("improvement:learning") + "?q=nights")
    assert "Fewer falls on Ward A" in library.content.decode()


def test_staff_submit_an_idea_and_see_it_declined_with_the_reason(org, people, client_for):
    staff = client_for("staff")
    form = staff.get(reverse("improvement:idea_new"))
    assert f'value="{org.ward_a.pk}" selected' in form.content.decode()  # home unit first
    staff.post(
        reverse("improvement:idea_new"),
        {"title": "Red trays for people who need help eating", "org_unit": org.ward_a.pk},
    )
    idea = Idea.objects.get()
    client_for("coach").post(
        idea.get_absolute_url(), {"decision": "decline", "reason": "Already done on A2"}
    )
    assert Idea.objects.get().status == IdeaStatus.DECLINED
    assert "Already done on A2" in staff.get(reverse("home")).content.decode()


def test_coach_turns_an_idea_into_a_prefilled_project(org, people, client_for):
    idea = services.submit_idea(
        title="Quiet hour after lunch",
        problem="Patients cannot rest",
        org_unit=org.ward_a,
        actor=people["staff"],
    )
    coach = client_for("coach")
    page = coach.get(idea.get_absolute_url())
    assert "Patients cannot rest" in page.content.decode()
    page = coach.post(
        idea.get_absolute_url(),
        {"decision": "project", "title": idea.title, "aim_what": "Patients rest", "method": "mfi"},
    )
    project = Project.objects.get()
    assert page["Location"] == project.get_absolute_url()
    assert people["staff"] in [g.person for g in services.team_of(project)]


def test_home_sections_show_my_projects_next_step_and_my_ideas(ward_a_project, people, client_for):
    plan(ward_a_project.project, people["manager"], start_date=dt.date(2025, 3, 3))
    page = client_for("manager").get(reverse("home")).content.decode()
    assert "My improvement projects" in page and "PDSA 1: Do" in page


def test_portfolio_and_lists_render(ward_a_project, client_for):
    for name in (
        "improvement:home",
        "improvement:portfolio",
        "improvement:learning",
        "improvement:ideas",
    ):
        assert client_for("board").get(reverse(name)).status_code == 200
    page = client_for("board").get(reverse("improvement:portfolio")).content.decode()
    assert "Fewer falls on Ward A" not in page or "gone quiet" in page
    assert "<svg" in page and "Scoping" in page


def test_link_a_measure_and_name_a_team_member_from_the_project_page(org, people, client_for):
    from quadrant.improvement.tests.conftest import make_measure, make_project

    measure = make_measure(org.ward_a, "HH-WA", [90, 92, 91])
    project = make_project(org.ward_a, people["coach"])
    client = client_for("coach")
    client.post(
        reverse("improvement:measure_link", args=[project.pk]),
        {"measure-code": "hh-wa", "measure-role": "process"},
    )
    client.post(
        reverse("improvement:team_add", args=[project.pk]),
        {"team-person": people["partner"].pk, "team-role": "team_member"},
    )
    assert project.measure_links.get().measure == measure
    assert [g.person for g in services.team_of(project)] == [people["partner"]]
    refused = client.post(
        reverse("improvement:measure_link", args=[project.pk]),
        {"measure-code": "NOPE", "measure-role": "process"},
        follow=True,
    )
    assert "There is no measure NOPE that you may see." in refused.content.decode()
