"""Browser (Chromium), phone-sized: `staff` submits an idea in under a minute; `coach` turns it
into a project, links the ward's measure, plans a PDSA cycle and sees it annotated on the
chart. Screenshots go to docs/screenshots/ (idea-phone.png, project.png) for the README."""

from __future__ import annotations

import time

import pytest

from quadrant.core.testing.browser import PHONE, assert_accessible, log_in, screenshot
from quadrant.core.testing.personas import PASSWORD
from quadrant.improvement.models import Idea, PdsaCycle, Project
from quadrant.improvement.tests.conftest import make_measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_idea_becomes_a_project_with_a_pdsa_cycle_on_the_chart(
    org, people, page, live_server
):
    make_measure(
        org.ward_a,
        "FALLS-WA",
        [9, 8, 10, 9, 8, 9, 10, 8, 9, 10, 8, 9, 5, 4, 5, 4],
        name="Falls on Ward A",
        direction="decrease",
    )

    base = live_server.url
    staff = page
    staff.set_viewport_size(PHONE)
    log_in(staff, base, "staff", PASSWORD)
    started = time.monotonic()
    staff.goto(f"{base}/improvement/ideas/new/")
    assert_accessible(staff)
    staff.get_by_label("What's your idea?").fill("Intentional rounding at night to stop falls")
    staff.get_by_label("What problem does it solve?").fill("Most falls happen between 2am and 5am")
    assert staff.get_by_label("Which unit is it for?").input_value() == str(org.ward_a.pk)
    screenshot(staff, "idea-phone")
    staff.get_by_role("button", name="Send my idea").click()
    staff.wait_for_url("**/")
    assert time.monotonic() - started < 60
    ideas = staff.locator("section", has=staff.get_by_role("heading", name="My ideas"))
    assert "Waiting to be looked at" in ideas.inner_text()
    idea = Idea.objects.get()

    coach = page
    coach.context.clear_cookies()
    log_in(coach, base, "coach", PASSWORD)
    coach.goto(f"{base}/improvement/ideas/")
    coach.get_by_role("link", name="Intentional rounding at night").click()
    coach.wait_for_url(f"**/improvement/ideas/{idea.pk}/")
    assert coach.get_by_label("Title").input_value().startswith("Intentional rounding")
    coach.get_by_label("By how much?").fill("by 30%")
    coach.get_by_role("button", name="Start the project").click()
    project = Project.objects.get()
    coach.wait_for_url(f"**/improvement/projects/{project.pk}/")

    coach.get_by_label("Measure code").fill("FALLS-WA")
    coach.get_by_role("button", name="Link the measure").click()
    coach.wait_for_url(f"**/improvement/projects/{project.pk}/")
    coach.get_by_role("link", name="Plan a PDSA cycle").first.click()
    coach.get_by_label("Objective of this test").fill("Round hourly on nights for two weeks")
    coach.get_by_label("What we predict will happen").fill("Fewer falls between 2am and 5am")
    start = coach.get_by_role("group", name="Start of the test")
    start.get_by_label("Day").fill("7")
    start.get_by_label("Month").fill("4")
    start.get_by_label("Year").fill("2025")
    coach.get_by_role("button", name="Save").click()
    coach.wait_for_url(f"**/improvement/projects/{project.pk}/")

    cycle = PdsaCycle.objects.get()
    annotation = coach.locator(".app-chart__annotation").first
    assert "PDSA 1" in annotation.inner_html()
    assert "Next: Do" in coach.locator(".app-timeline").inner_text()
    assert cycle.project == project and project.cycles.count() == 1
    assert_accessible(coach)
    coach.set_viewport_size({"width": 1280, "height": 900})
    screenshot(coach, "project")
    assert people["staff"] in [g.person for g in project_team(project)]


def project_team(project):
    from quadrant.improvement.services import team_of

    return team_of(project)
