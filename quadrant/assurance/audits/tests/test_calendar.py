"""The programme's calendar: each period's due date (a month's last day, a quarter's in its
third month), the audits signed off, overdue marked in words, months at their edges, and the
reader's scope."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from quadrant.assurance.audits.calendar import month_calendar, parse_month
from quadrant.assurance.audits.programme import DONE, DUE, OVERDUE
from quadrant.assurance.audits.services.schedules import schedule_audit
from quadrant.assurance.audits.tests.conftest import on_programme_since
from quadrant.assurance.audits.tests.test_measures import signed_run

TITLES = {"hand-hygiene": "Hand hygiene"}


def _due(calendar: Any) -> dict[dt.date, list[str]]:
    return {day.day: [entry.status for entry in day.due] for day in calendar.busy_days if day.due}


@pytest.fixture
def schedules(hygiene: SimpleNamespace, org: Any, people: dict[str, Any]) -> SimpleNamespace:
    quality = people["quality"]
    since = dt.date(2026, 1, 10)
    monthly = schedule_audit(hygiene.template, org.ward_a, "month", actor=quality)
    quarterly = schedule_audit(hygiene.template, org.ward_b, "quarter", actor=quality)
    return SimpleNamespace(
        monthly=on_programme_since(monthly, since), quarterly=on_programme_since(quarterly, since)
    )


def test_a_quarter_is_due_on_its_last_day_only(schedules: SimpleNamespace) -> None:
    today = dt.date(2026, 11, 18)
    everything = [schedules.monthly, schedules.quarterly]
    september = month_calendar(everything, TITLES, dt.date(2026, 9, 1), today)
    assert _due(september) == {dt.date(2026, 9, 30): [OVERDUE, OVERDUE]}
    august = month_calendar(everything, TITLES, dt.date(2026, 8, 1), today)
    assert _due(august) == {dt.date(2026, 8, 31): [OVERDUE]}  # the monthly one only
    december = month_calendar(everything, TITLES, dt.date(2026, 12, 1), today)
    assert _due(december) == {dt.date(2026, 12, 31): [DUE, DUE]}


def test_a_run_anywhere_in_the_quarter_makes_it_done(
    schedules: SimpleNamespace, hygiene: SimpleNamespace, org: Any, people: dict[str, Any]
) -> None:
    run = signed_run(hygiene, org.ward_b, dt.date(2026, 7, 31), people)
    today = dt.date(2026, 11, 18)
    september = month_calendar([schedules.quarterly], TITLES, dt.date(2026, 9, 1), today)
    assert _due(september) == {dt.date(2026, 9, 30): [DONE]}
    assert not any(day.runs for day in september.busy_days)  # signed off in July
    july = month_calendar([schedules.quarterly], TITLES, dt.date(2026, 7, 1), today)
    (last_day,) = july.busy_days
    assert last_day.day == dt.date(2026, 7, 31) and [e.run for e in last_day.runs] == [run]


def test_months_begin_on_monday_and_stop_at_their_edges(schedules: SimpleNamespace) -> None:
    february = month_calendar([schedules.monthly], TITLES, dt.date(2026, 2, 1), dt.date(2026, 3, 1))
    assert february.weeks[0][:6] == [None] * 6  # 1 February 2026 is a Sunday
    assert february.weeks[0][6].day == dt.date(2026, 2, 1)
    assert february.weeks[-1][5].day == dt.date(2026, 2, 28) and february.weeks[-1][6] is None
    assert _due(february) == {dt.date(2026, 2, 28): [OVERDUE]}
    assert (february.previous, february.next) == (dt.date(2026, 1, 1), dt.date(2026, 3, 1))
    december = month_calendar([], TITLES, dt.date(2026, 12, 1), dt.date(2026, 12, 1))
    assert (december.previous, december.next) == (dt.date(2026, 11, 1), dt.date(2027, 1, 1))


def test_no_period_is_held_against_a_schedule_before_it_began(
    schedules: SimpleNamespace,
) -> None:
    today = dt.date(2026, 11, 18)
    # on the programme since 10 January: December 2025 was before; January began without it
    assert _due(month_calendar([schedules.monthly], TITLES, dt.date(2025, 12, 1), today)) == {}
    assert _due(month_calendar([schedules.monthly], TITLES, dt.date(2026, 1, 1), today)) == {}
    assert _due(month_calendar([schedules.monthly], TITLES, dt.date(2026, 2, 1), today)) == {
        dt.date(2026, 2, 28): [OVERDUE]
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-03", dt.date(2026, 3, 1)), ("", dt.date(2026, 11, 1)), ("2026-13", None),
     ("March", None), ("2026-3-1", None)],
)  # fmt: skip
def test_the_month_asked_for(text: str, expected: dt.date | None) -> None:
    assert parse_month(text, dt.date(2026, 11, 18)) == expected


def _page(client: Any, month: dt.date | str) -> Any:
    text = month if isinstance(month, str) else f"{month:%Y-%m}"
    return client.get(reverse("assurance:audit_programme_calendar"), {"month": text})


def test_the_page_shows_due_dates_and_overdue_in_words(
    schedules: SimpleNamespace, client_for: Any
) -> None:
    response = _page(client_for("auditor"), "2026-09")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Audit calendar: September 2026</h1>" in page
    assert '<caption class="nhsuk-table__caption">September 2026: audits due' in page
    assert page.count('<th scope="col" abbr=') == 7
    assert ">Overdue</strong>" in page
    assert "Hand hygiene · Ward A" in page and "Hand hygiene · Ward B" in page
    assert "?month=2026-08" in page and "?month=2026-10" in page
    assert "Wednesday 30 September" in page  # the phone's list by day


def test_the_calendar_keeps_to_the_readers_units(
    schedules: SimpleNamespace, client_for: Any
) -> None:
    ward_b = _page(client_for("manager2"), "2026-09").content.decode()
    assert "Hand hygiene · Ward B" in ward_b and "Ward A" not in ward_b
    ward_a = _page(client_for("manager"), "2026-08").content.decode()
    assert "Hand hygiene · Ward A" in ward_a and "Ward B" not in ward_a


def test_a_month_that_is_not_one_says_so(schedules: SimpleNamespace, client_for: Any) -> None:
    response = _page(client_for("auditor"), "next-month")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Month: Enter the month as a year and month, like 2026-12" in page
    assert f"<h1>Audit calendar: {dt.date.today():%B %Y}</h1>" in page
