"""Review reminders in the daily digest: to the owner two weeks ahead, on the day and once a
week while overdue; closed risks are not reminded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from quadrant.assurance.risks import services
from quadrant.assurance.risks.digest import reminder_due, risk_reviews


def test_the_reminder_days() -> None:
    due = dt.date(2027, 3, 31)
    assert reminder_due(due, dt.date(2027, 3, 17))  # two weeks ahead
    assert not reminder_due(due, dt.date(2027, 3, 18))
    assert reminder_due(due, due)
    assert not reminder_due(due, dt.date(2027, 4, 1))
    assert reminder_due(due, dt.date(2027, 4, 7)) and reminder_due(due, dt.date(2027, 4, 14))


def test_the_owner_is_reminded_of_a_review_due(make_risk: Any, people: dict[str, Any]) -> None:
    risk = make_risk(owner=people["staff"])
    [section] = risk_reviews(risk.review_date - dt.timedelta(days=14))
    [line] = section.lines[people["staff"].pk]
    assert risk.reference in line and "is due for review on" in line
    [section] = risk_reviews(risk.review_date + dt.timedelta(days=7))
    assert "7 days ago" in section.lines[people["staff"].pk][0]
    services.set_risk_status(risk, "closed", reason="Gone", actor=people["quality"])
    [section] = risk_reviews(risk.review_date)
    assert not section.lines.get(people["staff"].pk)


def test_the_digest_sends_it(make_risk: Any, people: dict[str, Any], mailoutbox: Any) -> None:
    from quadrant.actions.digest import send_daily_digest

    risk = make_risk(owner=people["staff"])
    assert send_daily_digest(risk.review_date) >= 1
    mail = next(m for m in mailoutbox if people["staff"].email in m.to)
    assert "Risks to review (1)" in mail.body and risk.title in mail.body
