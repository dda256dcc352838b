"""The board's summary on an executive's home page: the trust for a board member, Medicine
only for its division director, nothing of it for a ward manager; a fixed number of queries
however many measures and goals there are; every line links to its evidence."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from quadrant.actions.models import Action
from quadrant.control.measures.models import Measure
from quadrant.control.signals.models import Signal, SignalKind, SignalStatus
from quadrant.control.summary.models import MeasureStatus
from quadrant.overview.board import board_summaries
from quadrant.planning.choices import GoalStatus, MeasureRole
from quadrant.planning.models import Goal, GoalMeasure, QualityAccountPriority
from quadrant.planning.periods import year_of
from quadrant.planning.progress import tree_memo

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
YEAR = year_of(TODAY)
_codes = itertools.count(1)


def concern_measure(unit: Any, owner: Any, name: str, *, failing: bool = False) -> Measure:
    """A measure of UNIT whose stored status shows a concern (or a failed target)."""
    measure = Measure.objects.create(
        code=f"M{next(_codes)}", name=name, org_unit=unit, chart_type="xmr",
        frequency="month", direction="decrease", owner=owner,
    )  # fmt: skip
    MeasureStatus.objects.create(
        measure=measure, computed_at=timezone.now(), points=20,
        latest_period=TODAY.replace(day=1), latest_value=14.0, target=10.0,
        variation_icon="common_cause" if failing else "concern_high",
        assurance_icon="consistent_fail" if failing else "inconsistent",
        concern=not failing, failing=failing, attention=2 if failing else 3,
        reading=f"{name}: concern since March",
    )  # fmt: skip
    return measure


def quiet_measure(unit: Any, owner: Any, name: str) -> Measure:
    measure = Measure.objects.create(
        code=f"M{next(_codes)}", name=name, org_unit=unit, chart_type="xmr",
        frequency="month", direction="decrease", owner=owner,
    )  # fmt: skip
    MeasureStatus.objects.create(
        measure=measure, computed_at=timezone.now(), points=20, latest_value=9.0,
        variation_icon="improvement_low", assurance_icon="consistent_pass",
    )  # fmt: skip
    return measure


def goal(unit: Any, title: str, parent: Goal | None = None, measures: tuple = ()) -> Goal:
    made = Goal.objects.create(
        title=title, statement=f"{title} by 2027.", org_unit=unit, parent=parent,
        first_year=YEAR, last_year=YEAR + 1, status=GoalStatus.ACTIVE,
    )  # fmt: skip
    for measure in measures:
        GoalMeasure.objects.create(goal=made, measure=measure, role=MeasureRole.OUTCOME)
    return made


def overdue_action(unit: Any, owner: Any, title: str) -> Action:
    return Action.objects.create(
        title=title, owner=owner, org_unit=unit, due_date=TODAY - dt.timedelta(days=10)
    )


def open_signal(measure: Measure) -> Signal:
    return Signal.objects.create(
        measure=measure, kind=SignalKind.CONCERN, status=SignalStatus.OPEN,
        period=TODAY.replace(day=1), detail="Point above the upper limit",
    )  # fmt: skip


@pytest.fixture
def trust_world(org: Any, people: dict[str, Any]) -> dict[str, Any]:
    """Falls on Ward A (Medicine) and pressure ulcers on Ward B (Surgery) under concern, a
    trust priority followed by each, a Medicine goal cascading the first, an overdue action
    and an open signal in each division, and the trust priority in this year's Quality
    Account."""
    manager, manager2 = people["manager"], people["manager2"]
    falls = concern_measure(org.ward_a, manager, "Falls, Ward A")
    ulcers = concern_measure(org.ward_b, manager2, "Pressure ulcers, Ward B", failing=True)
    calm = quiet_measure(org.ward_a, manager, "Hand hygiene, Ward A")
    safer = goal(org.trust, "Safer care", measures=(falls,))
    skin = goal(org.trust, "Healthy skin", measures=(ulcers,))
    clean = goal(org.trust, "Clean hands", measures=(calm,))
    medicine = goal(org.medicine, "Fewer falls in Medicine", parent=safer, measures=(falls,))
    QualityAccountPriority.objects.create(year=YEAR, goal=safer, order=1)
    return {
        "falls": falls,
        "ulcers": ulcers,
        "safer": safer,
        "skin": skin,
        "clean": clean,
        "medicine_goal": medicine,
        "ward_a_action": overdue_action(org.ward_a, people["staff"], "Refresh falls training"),
        "ward_b_action": overdue_action(org.ward_b, manager2, "Order new mattresses"),
        "falls_signal": open_signal(falls),
        "ulcers_signal": open_signal(ulcers),
    }


def board_html(client: Any) -> str:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def hrefs(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


def test_the_board_sees_the_trust_wide_lines_and_each_links_to_its_evidence(
    client_for, trust_world, people, org
):
    html = board_html(client_for("board"))
    assert "Where to look this month: Test Trust" in html
    links = hrefs(html.replace("&amp;", "&"))
    w = trust_world
    evidence = [
        w["safer"].get_absolute_url(),
        w["skin"].get_absolute_url(),
        w["clean"].get_absolute_url(),
        w["falls"].get_absolute_url(),
        w["ulcers"].get_absolute_url(),
        w["ward_a_action"].get_absolute_url(),
        w["ward_b_action"].get_absolute_url(),
        w["falls_signal"].get_absolute_url(),
        w["ulcers_signal"].get_absolute_url(),
        reverse("control:summary") + "?unit=TRUST&variation=concern",
        reverse("control:summary") + "?unit=TRUST&assurance=fail",
        reverse("actions:unit", args=["TRUST"]),
        reverse("control:unit_signals", args=["TRUST"]),
        reverse("planning:quality_account") + f"?year={YEAR}",
    ]
    assert set(evidence) <= links
    # The Medicine goal cascades a trust priority: it is not one of the trust's priorities.
    assert w["medicine_goal"].get_absolute_url() not in links
    [board] = board_summaries(people["board"])
    assert board.unit == org.trust
    assert board.priorities_needing_attention == 2  # Safer care and Healthy skin off track
    assert [line.goal.title for line in board.priorities][-1] == "Clean hands"  # on track last
    assert board.concerns.count == 2 and board.concern_counts == {"concern": 1, "failing": 1}
    assert board.overdue.count == 2 and board.signals.count == 2
    assert [line.goal for line in board.quality_account] == [w["safer"]]
    assert board.quality_account[0].progress.state == "off_track"
    for line in board.priorities:  # planning's status and reason, as it gives them
        assert line.progress.label in html and escape(line.progress.summary) in html
    assert "Getting worse: special cause of concern" in html
    assert "Improving: special cause of improvement" in html


def test_a_trust_priority_without_measures_reads_its_trend_from_the_goals_below(
    client_for, trust_world, people, org
):
    """The demo's trust priorities have no measures of their own: their wards' goals do."""
    tidy = goal(org.trust, "Tidy wards")
    goal(org.medicine, "Tidy Medicine", parent=tidy, measures=(trust_world["falls"],))
    [board] = board_summaries(people["board"])
    [line] = [line for line in board.priorities if line.goal == tidy]
    assert line.trend == (
        "Getting worse: special cause of concern on the one measure here and below"
    )


def test_the_director_sees_only_medicine(client_for, trust_world, people, org):
    html = board_html(client_for("director"))
    assert "Where to look this month: Medicine" in html
    assert "Where to look this month: Test Trust" not in html
    links = hrefs(html.replace("&amp;", "&"))
    w = trust_world
    assert {
        w["medicine_goal"].get_absolute_url(),
        w["falls"].get_absolute_url(),
        w["ward_a_action"].get_absolute_url(),
        w["falls_signal"].get_absolute_url(),
        reverse("actions:unit", args=["MED"]),
    } <= links
    for elsewhere in ("ulcers", "ward_b_action", "ulcers_signal", "safer", "skin"):
        assert w[elsewhere].get_absolute_url() not in links, elsewhere
    [board] = board_summaries(people["director"])
    assert board.unit == org.medicine
    assert [line.goal for line in board.priorities] == [w["medicine_goal"]]
    assert board.concerns.count == 1 and board.overdue.count == 1 and board.signals.count == 1
    assert board.quality_account == []  # the trust's priority is not Medicine's own


def test_a_ward_manager_keeps_the_personal_home_page(client_for, trust_world, people):
    html = board_html(client_for("manager"))
    assert "Where to look this month" not in html
    assert board_summaries(people["manager"]) == []
    assert board_summaries(people["quality"]) == []  # a trust role, but not the executive


def test_an_empty_trust_says_so_in_plain_words(client_for, org):
    html = board_html(client_for("board"))
    assert "Test Trust has no active goals running in" in html
    assert "No measure shows a special cause of concern or consistently fails its target." in html
    assert "No action is overdue." in html
    assert "Every signal has been acknowledged or turned into an action." in html


def _queries_for(user: Any) -> int:
    """The queries of USER's summaries when the goal tree's roll-up is worked out afresh."""
    tree_memo.forget()
    with CaptureQueriesContext(connection) as captured:
        board_summaries(user)
    return len(captured.captured_queries)


def test_the_summary_costs_the_same_queries_however_many_measures_and_goals(
    trust_world, people, org
):
    board = people["board"]
    _queries_for(board)  # the roles are read once per user object; count a warm reader
    small = _queries_for(board)
    for n in range(12):
        unit = org.ward_a if n % 2 else org.ward_b
        owner = people["manager"] if n % 2 else people["manager2"]
        measure = concern_measure(unit, owner, f"Extra measure {n}", failing=n % 3 == 0)
        quiet = quiet_measure(unit, owner, f"Extra quiet {n}")
        extra = goal(org.trust, f"Extra priority {n}", measures=(measure, quiet))
        QualityAccountPriority.objects.create(year=YEAR, goal=extra, order=n + 2)
        overdue_action(unit, owner, f"Extra action {n}")
        open_signal(measure)
    large = _queries_for(board)
    assert large == small
    [summary] = board_summaries(board)
    assert summary.concerns.count == 14 and len(summary.concerns.items) == 5
    assert summary.concerns.more and summary.overdue.count == 14
    assert len(summary.priorities) == 15 and len(summary.quality_account) == 13


def test_the_home_page_of_a_large_trust_lists_the_top_few_and_links_to_all(
    client_for, trust_world, people, org
):
    for n in range(7):
        overdue_action(org.ward_a, people["staff"], f"Extra action {n}")
        goal(org.trust, f"Extra priority {n}")
    html = board_html(client_for("board"))
    shown = set(re.findall(r'href="(/actions/\d+/)"', html))
    assert len(shown) == 5  # the first five of the nine overdue actions
    assert trust_world["ward_a_action"].get_absolute_url() in shown
    assert "See all 9 overdue among the live actions of Test Trust" in html
    assert "See all 10 priorities in the goal tree" in html


def test_measures_without_new_data_are_listed_with_when_their_data_stopped(client_for, org, people):
    old = TODAY.replace(day=1) - dt.timedelta(days=240)
    measure = quiet_measure(org.ward_a, people["manager"], "Night-time falls, Ward A")
    MeasureStatus.objects.filter(measure=measure).update(latest_period=old.replace(day=1))
    quiet_measure(org.ward_b, people["manager2"], "Hand hygiene, Ward B")  # no period: no data
    [board] = board_summaries(people["board"])
    assert board.stale is not None and board.stale.count == 1
    assert board.stale.items == [measure]
    html = board_html(client_for("board"))
    assert measure.get_absolute_url() in hrefs(html)
    assert f"No new data since {old:%B %Y}" in html
