"""Overdue duty of candour in the daily digest: each overdue record goes to the safety team
of its event's unit (the nearest one above it), every day while overdue; a met or
not-possible record stops; nobody else hears of it."""

from __future__ import annotations

import datetime as dt

import pytest

from quadrant.assurance.incidents.candour import services
from quadrant.assurance.incidents.candour.digest import TITLE, overdue_candour

pytestmark = pytest.mark.django_db


def test_an_overdue_record_goes_to_the_trusts_safety_team(overdue, people, today):
    [section] = overdue_candour(today)
    assert section.title == TITLE
    [line] = section.lines[people["quality"].pk]
    assert overdue.event.reference in line and "Ward A" in line
    assert f"was due on {overdue.deadline:%d %B %Y}" in line and "working days ago" in line
    assert line.endswith(overdue.page_url())
    assert set(section.lines) == {people["quality"].pk}  # not the manager, reporter or board
    assert "Margaret" not in line


def test_the_nearest_safety_team_hears_of_its_units(report, surgery_safety, people, today):
    record = services.record_notification(
        report(ward="b").candour, {"aware_on": today - dt.timedelta(days=30)},
        actor=people["quality"],
    )  # fmt: skip
    [section] = overdue_candour(today)
    assert record.event.reference in section.lines[surgery_safety.pk][0]
    assert people["quality"].pk not in section.lines  # Surgery's own safety team has it


def test_due_met_or_not_possible_records_are_not_listed(record, overdue, people, today):
    before = overdue.deadline  # on its deadline day it is still due, not overdue
    [section] = overdue_candour(before)
    assert not section.lines
    services.record_not_possible(overdue, "declined", actor=people["quality"])
    [section] = overdue_candour(today)
    assert not section.lines


def test_the_digest_mails_it(overdue, people, today, mailoutbox):
    from quadrant.actions.digest import send_daily_digest

    assert send_daily_digest(today) >= 1
    mail = next(m for m in mailoutbox if people["quality"].email in m.to)
    assert f"{TITLE} (1)" in mail.body and overdue.event.reference in mail.body
    assert all(people["manager"].email not in m.to or TITLE not in m.body for m in mailoutbox)
