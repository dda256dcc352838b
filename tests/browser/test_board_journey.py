"""A board member's month: log in, read where to look on the home page, open a priority, drill
to a measure of concern and open the action on it, at desktop width and on a 360 px phone
(headless Chromium); axe-core finds no serious or critical fault on any key page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from quadrant.control.intake.importers.upsert import upsert_observations
from quadrant.control.measures.models import Measure
from quadrant.control.signals.models import Signal
from quadrant.control.signals.rules import turn_signal_into_action
from quadrant.core.testing.browser import (
    DESKTOP,
    SMALL_PHONE,
    assert_accessible,
    assert_fits,
    log_in,
    screenshot,
)
from quadrant.core.testing.personas import PASSWORD
from quadrant.improvement.services.projects import create_project
from quadrant.planning.choices import GoalStatus, MeasureRole
from quadrant.planning.models import Goal, GoalMeasure, QualityAccountPriority
from quadrant.planning.periods import year_of

pytestmark = pytest.mark.browser

TODAY = dt.date.today()


def last_months(count: int) -> list[dt.date]:
    """The first days of the COUNT months before this one, oldest first."""
    index = TODAY.year * 12 + TODAY.month - 1
    return [
        dt.date((i - 1) // 12, (i - 1) % 12 + 1, 1) for i in range(index - count + 1, index + 1)
    ]


@pytest.fixture
def month_of_concern(transactional_db: Any, org: Any, people: dict[str, Any]) -> dict[str, Any]:
    """Falls on Ward A rising into a special cause of concern (its signal turned into an
    action for the ward manager), a trust priority and its Medicine goal following it, this
    year's Quality Account choosing the priority, and a project on the ward."""
    falls = Measure.objects.create(
        code="FALLS-W", name="Falls, Ward A", org_unit=org.ward_a, chart_type="xmr",
        frequency="month", direction="decrease", owner=people["manager"],
    )  # fmt: skip
    values = [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11, 9, 10, 12, 10, 9, 17, 18, 17, 19, 18, 17,
              18, 19]  # fmt: skip
    rows = [
        (n, falls.code, period.isoformat(), value, None, None)
        for n, (period, value) in enumerate(zip(last_months(len(values)), values, strict=True), 1)
    ]
    upsert_observations(rows, actor=people["analyst"], source="test", route="api")
    signal = Signal.objects.filter(measure=falls).first()
    assert signal is not None, "the rising falls should have raised a signal"
    action = turn_signal_into_action(
        signal, title="Review falls risk assessments", owner=people["manager"],
        due_date=TODAY + dt.timedelta(days=14), actor=people["board"],
    )  # fmt: skip
    year = year_of(TODAY)
    safer = Goal.objects.create(
        title="Safer care", statement="Half the falls with harm by 2028.", org_unit=org.trust,
        first_year=year, last_year=year + 1, status=GoalStatus.ACTIVE,
    )  # fmt: skip
    GoalMeasure.objects.create(goal=safer, measure=falls, role=MeasureRole.OUTCOME)
    Goal.objects.create(
        title="Fewer falls in Medicine", statement="Fewer falls on our wards.", parent=safer,
        org_unit=org.medicine, first_year=year, last_year=year, status=GoalStatus.ACTIVE,
    )  # fmt: skip
    QualityAccountPriority.objects.create(year=year, goal=safer, order=1)
    project = create_project(
        title="Falls huddles", aim_what="Fewer falls on Ward A", org_unit=org.ward_a,
        actor=people["coach"], lead=people["coach"],
    )  # fmt: skip
    return {"falls": falls, "action": action, "goal": safer, "project": project}


def check(page: Any, axe: Any, name: str, suffix: str) -> None:
    assert_accessible(page)
    assert_fits(page)
    axe(page)
    screenshot(page, name + suffix)


@pytest.mark.parametrize("viewport", [DESKTOP, SMALL_PHONE], ids=["desktop", "phone"])
def test_the_board_reads_where_to_look_and_drills_to_the_action(
    live_server, month_of_concern, page, axe, viewport
):
    suffix = "" if viewport is DESKTOP else "-phone"
    page.set_viewport_size(viewport)
    log_in(page, live_server.url, "board", PASSWORD)
    board = page.get_by_role("region", name="Where to look this month: Test Trust")
    assert board.count() == 1
    counts = board.locator(".app-board-counts")
    assert "Measures of concern" in counts.inner_text()
    check(page, axe, "board-home", suffix)

    board.get_by_role("link", name="Safer care").first.click()
    assert page.locator("h1").inner_text() == "Safer care"
    assert "Off track" in page.locator("main").inner_text()
    check(page, axe, "board-goal", suffix)

    page.go_back()
    board = page.get_by_role("region", name="Where to look this month: Test Trust")
    board.get_by_role("link", name="Falls, Ward A").first.click()
    assert page.locator("h1").inner_text().startswith("Falls, Ward A")
    check(page, axe, "board-measure", suffix)

    page.go_back()
    board = page.get_by_role("region", name="Where to look this month: Test Trust")
    board.get_by_role("link", name="Review falls risk assessments").first.click()
    assert page.locator("h1").inner_text() == "Review falls risk assessments"
    check(page, axe, "board-action", suffix)


def test_the_key_pages_have_no_serious_accessibility_faults(
    live_server, month_of_concern, page, axe
):
    log_in(page, live_server.url, "board", PASSWORD)
    project = month_of_concern["project"]
    for path in [
        "/",
        "/control/summary/",
        month_of_concern["falls"].get_absolute_url(),
        month_of_concern["goal"].get_absolute_url(),
        project.get_absolute_url(),
        "/actions/unit/TRUST/",
        "/planning/quality-account/",
        "/units/",
    ]:
        page.goto(live_server.url + path)
        assert_accessible(page)
        axe(page)
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    log_in(page, live_server.url, "manager", PASSWORD)  # the home page of someone not on the board
    for path in ["/", "/actions/"]:
        page.goto(live_server.url + path)
        axe(page)
