"""The BAF's evidence follows its sources: a measure's new data changes its icons, a new
audit result its compliance, new safety events the counts of its themes, a new rating of
the risk its row — with nothing stored or typed again on the BAF."""

from __future__ import annotations

import datetime as dt
from typing import Any

from quadrant.assurance.baf.board import live_baf
from quadrant.assurance.baf.tests.conftest import add_event, add_run, today
from quadrant.assurance.incidents.themes import Quarter
from quadrant.assurance.risks import services as risk_services


def only_row(user: Any) -> dict[str, Any]:
    (row,) = live_baf(user)["rows"]
    return row


def test_the_row_is_drawn_from_the_risk(principal: Any, people: dict[str, Any]) -> None:
    row = only_row(people["board"])
    assert row["reference"] == principal.risk.reference
    assert row["aim"] == "Safe care, every time"
    assert row["goal"] == "Fewer falls with harm"
    assert row["committee"] == "Quality committee"
    assert row["current"] == {"likelihood": 4, "consequence": 3, "score": 12, "band": "high",
                              "band_label": "High"}  # fmt: skip
    assert row["target"]["score"] == 4
    assert row["appetite"] == 8 and row["above_appetite"] is True
    assert row["controls"] == ["Falls bundle", "Night checks"]
    assert row["gaps_in_control"] == ["No sensor mats on two wards"]
    assert row["gaps_in_assurance"] == ["No independent audit this year"]
    lines = {line["line"]: [source["title"] for source in line["sources"]] for line in row["lines"]}
    assert lines == {1: ["Falls, Ward A"], 2: ["Falls prevention audit"], 3: []}


def test_a_new_rating_on_the_register_shows_on_the_baf(
    principal: Any, people: dict[str, Any]
) -> None:
    risk_services.review_risk(principal.risk, likelihood=2, consequence=3,
                              review_date=today() + dt.timedelta(days=30),
                              actor=people["quality"])  # fmt: skip
    row = only_row(people["board"])
    assert row["current"]["score"] == 6 and row["above_appetite"] is False


def test_measure_icons_follow_its_data(principal: Any, people: dict[str, Any], falls: Any,
                                       load: Any) -> None:  # fmt: skip
    (measure,) = only_row(people["board"])["measures"]
    assert measure["variation"] == "" and "too few points" in measure["variation_text"]
    load(falls, [5, 6, 5, 4, 6, 5, 5, 6, 4, 5, 5, 6, 5, 12, 13, 12, 14, 13, 12, 13, 14, 12])
    (measure,) = only_row(people["board"])["measures"]
    assert measure["variation"] == "concern_high"
    assert measure["concern"] is True
    assert only_row(people["board"])["concerns"] == 1


def test_audit_compliance_follows_its_results(
    principal: Any, people: dict[str, Any], template: Any, org: Any
) -> None:
    (audit,) = only_row(people["board"])["audits"]
    assert audit["compliance"] is None
    last_month = today().replace(day=1) - dt.timedelta(days=1)
    add_run(template, org.ward_a, people["auditor"], "90", last_month)
    add_run(template, org.ward_b, people["auditor"], "70", last_month)
    (audit,) = only_row(people["board"])["audits"]
    assert audit["compliance"] == 80.0 and audit["runs"] == 2 and audit["passed"] == 1
    assert audit["concern"] is True
    add_run(template, org.ward_a, people["auditor"], "95", today())
    (audit,) = only_row(people["board"])["audits"]
    assert audit["compliance"] == 95.0 and audit["previous_compliance"] == 80.0
    assert audit["meets_threshold"] is True and audit["concern"] is False


def test_events_of_its_themes_are_counted_this_quarter_against_the_last(
    principal: Any, people: dict[str, Any], org: Any
) -> None:
    quarter = Quarter.of(today())
    add_event(org.ward_a, quarter.start)
    add_event(org.ward_b, quarter.start)
    add_event(org.ward_a, quarter.previous.start)
    add_event(org.ward_a, quarter.start, category="medication")  # not a theme of the risk
    row = only_row(people["board"])
    assert row["events"]["current"] == 2 and row["events"]["previous"] == 1
    assert row["themes"][0]["label"] == "Slips, trips and falls"
    add_event(org.ward_a, quarter.start)
    assert only_row(people["board"])["events"]["current"] == 3


def test_a_division_director_sees_only_evidence_of_their_units(
    principal: Any, people: dict[str, Any], org: Any, template: Any
) -> None:
    """A principal risk of Medicine, read by Medicine's director: Ward B's audit run and
    events are left out of what they see."""
    risk = principal.risk
    from quadrant.assurance.risks.models import Risk

    Risk.objects.filter(pk=risk.pk).update(org_unit=org.medicine)
    add_run(template, org.ward_a, people["auditor"], "90", today())
    add_run(template, org.ward_b, people["auditor"], "50", today())
    add_event(org.ward_a, today())
    add_event(org.ward_b, today())
    director = only_row(people["director"])
    assert director["audits"][0]["compliance"] == 90.0
    assert director["events"]["current"] == 1
    board = only_row(people["board"])
    assert board["audits"][0]["compliance"] == 70.0
    assert board["events"]["current"] == 2


def test_actions_come_from_the_tracker(principal: Any, people: dict[str, Any]) -> None:
    from quadrant.actions.public import Action

    action = risk_services.open_risk_action(
        principal.risk, title="Buy sensor mats", owner=people["quality"],
        due_date=today() + dt.timedelta(days=10), actor=people["quality"],
    )  # fmt: skip
    row = only_row(people["board"])
    assert [item["title"] for item in row["actions"]] == ["Buy sensor mats"]
    assert row["overdue_actions"] == 0
    Action.objects.filter(pk=action.pk).update(due_date=today() - dt.timedelta(days=1))
    row = only_row(people["board"])
    assert row["actions"][0]["overdue"] is True and row["overdue_actions"] == 1
    assert live_baf(people["board"])["summary"]["overdue_actions"] == 1
    Action.objects.filter(pk=action.pk).update(status="verified")
    assert only_row(people["board"])["actions"] == []
