"""The risk pages: the register and its filters, the heat map, a risk's page with its matrix,
assurances, actions and chart; the forms, and their bad input refused clearly with nothing
stored; a query-count guard on the register."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quadrant.actions.public import actions_for_source as risk_actions
from quadrant.assurance.risks import services
from quadrant.assurance.risks.models import Risk, RiskCategory, RiskMatrix
from quadrant.assurance.risks.tests.conftest import next_month


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month),
            f"{prefix}-year": str(day.year)}  # fmt: skip


def _new_risk_post(
    org: Any, people: dict[str, Any], safety: RiskCategory, **changes: str
) -> dict[str, str]:
    data = {
        "title": "Pressure ulcers", "org_unit": str(org.ward_a.pk),
        "cause": "Because mattresses are short", "event": "there is a risk of ulcers",
        "effect": "which would harm patients", "owner": str(people["manager"].pk),
        "category": str(safety.pk),
        "initial_likelihood": "4", "initial_consequence": "3",
        "current_likelihood": "3", "current_consequence": "3",
        "target_likelihood": "1", "target_consequence": "3",
        **_date("review_date", next_month()),
    }  # fmt: skip
    data.update(changes)
    return data


def test_a_manager_adds_a_risk_on_the_page(
    client_for: Any, org: Any, people: dict[str, Any], safety: RiskCategory
) -> None:
    response = client_for("manager").post(
        reverse("assurance:risk_new"), _new_risk_post(org, people, safety)
    )
    risk = Risk.objects.get()
    assert response.status_code == 302 and response.url == risk.get_absolute_url()
    assert risk.current_score == 9 and risk.reviews.count() == 1


def test_a_likelihood_of_6_is_refused_clearly_and_nothing_stored(
    client_for: Any, org: Any, people: dict[str, Any], safety: RiskCategory
) -> None:
    response = client_for("manager").post(
        reverse("assurance:risk_new"),
        _new_risk_post(org, people, safety, current_likelihood="6"),
    )
    assert response.status_code == 400
    assert "Choose the current likelihood, 1 to 5" in response.content.decode()
    assert not Risk.objects.exists()


def test_a_review_date_in_the_past_is_refused_on_the_page(
    client_for: Any, org: Any, people: dict[str, Any], safety: RiskCategory
) -> None:
    past = timezone.localdate() - dt.timedelta(days=3)
    response = client_for("manager").post(
        reverse("assurance:risk_new"),
        _new_risk_post(org, people, safety, **_date("review_date", past)),
    )
    assert response.status_code == 400
    assert "Next review must be today or in the future" in response.content.decode()
    assert not Risk.objects.exists()


def test_closing_without_a_reason_is_refused_on_the_page(client_for: Any, make_risk: Any) -> None:
    risk = make_risk()
    response = client_for("manager").post(
        reverse("assurance:risk_status", args=[risk.pk]),
        {"version": risk.version, "status": "closed", "reason": ""},
    )
    assert response.status_code == 400
    assert "Enter the reason the risk is closed" in response.content.decode()
    risk.refresh_from_db()
    assert risk.status == "open"


def test_a_review_on_the_page_adds_to_the_history_and_the_chart(
    client_for: Any, make_risk: Any
) -> None:
    risk = make_risk()
    client = client_for("manager")
    response = client.post(
        reverse("assurance:risk_review", args=[risk.pk]),
        {"version": risk.version, "likelihood": "2", "consequence": "3",
         "note": "Night checks started", **_date("review_date", next_month())},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(risk.get_absolute_url()).content.decode()
    assert "Night checks started" in page and "<svg" in page
    assert "Current score of R" in page  # the chart's accessible name
    assert "2 × 3 = 6" in page


def test_de_escalating_without_a_reason_is_refused_on_the_page(
    client_for: Any, make_risk: Any, org: Any
) -> None:
    risk = make_risk(current_likelihood=4, current_consequence=4)
    assert risk.escalated_to == org.trust
    response = client_for("quality").post(
        reverse("assurance:risk_deescalate", args=[risk.pk]),
        {"version": risk.version, "reason": ""},
    )
    assert response.status_code == 400
    assert "Enter the reason for de-escalating the risk" in response.content.decode()
    risk.refresh_from_db()
    assert risk.escalated_to == org.trust


def test_the_register_filters_and_marks_escalation_and_appetite(
    client_for: Any, make_risk: Any, org: Any, people: dict[str, Any]
) -> None:
    high = make_risk(title="Sepsis missed", current_likelihood=4, current_consequence=4)
    make_risk(title="Leaflets out of date", current_likelihood=1, current_consequence=2)
    closed = make_risk(title="Old closed risk")
    services.set_risk_status(closed, "closed", reason="Ward rebuilt", actor=people["quality"])
    client = client_for("quality")
    page = client.get(reverse("assurance:risks")).content.decode()
    assert "Sepsis missed" in page and "Leaflets out of date" in page
    assert "Old closed risk" not in page  # open and tolerated unless asked
    assert "Escalated to Test Trust" in page and "Above appetite" in page
    page = client.get(reverse("assurance:risks"), {"band": "extreme"}).content.decode()
    assert "Sepsis missed" in page and "Leaflets out of date" not in page
    page = client.get(reverse("assurance:risks"), {"above_appetite": "true"}).content.decode()
    assert "Sepsis missed" in page and "Leaflets out of date" not in page
    page = client.get(reverse("assurance:risks"), {"escalated_to": "TRUST"}).content.decode()
    assert high.title in page and "Leaflets out of date" not in page
    page = client.get(reverse("assurance:risks"), {"status": "closed"}).content.decode()
    assert "Old closed risk" in page and "Sepsis missed" not in page
    page = client.get(reverse("assurance:risks"), {"unit": "WARDB"}).content.decode()
    assert "No risks match" in page


def test_an_unknown_unit_is_an_error_not_everything(client_for: Any, make_risk: Any) -> None:
    make_risk()
    response = client_for("quality").get(reverse("assurance:risks"), {"unit": "Nowhere"})
    assert response.status_code == 400
    assert "No unit has the code or name “Nowhere”" in response.content.decode()


def test_the_heat_map_counts_each_cell_and_links_to_the_register(
    client_for: Any, make_risk: Any
) -> None:
    make_risk(current_likelihood=4, current_consequence=4)
    make_risk(current_likelihood=4, current_consequence=4)
    make_risk(current_likelihood=1, current_consequence=2)
    page = client_for("quality").get(reverse("assurance:risk_heat_map")).content.decode()
    assert "3 risks" in page
    assert (
        '2</strong><span class="nhsuk-u-visually-hidden"> risks with likelihood 4 and consequence 4'
        in page
    )
    assert "likelihood=4&amp;consequence=4" in page
    row = '<th scope="row"><span class="nhsuk-u-visually-hidden">Likelihood </span>5'
    column = '<th scope="col"><span class="nhsuk-u-visually-hidden">Consequence </span>1'
    assert row in page and column in page and '<th scope="colgroup" colspan="5">' in page
    assert "score 16, extreme" in page  # the band in words, not by colour alone


def test_the_register_s_queries_do_not_grow_with_its_rows(client_for: Any, make_risk: Any) -> None:
    client = client_for("quality")
    make_risk()
    client.get(reverse("assurance:risks"))  # the defaults (matrix, categories) stored once
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("assurance:risks"))
    for n in range(6):
        make_risk(title=f"Risk {n}")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("assurance:risks"))
    assert len(many) == len(few)


def test_the_risk_page_shows_assurances_and_actions(
    client_for: Any, make_risk: Any, people: dict[str, Any], org: Any
) -> None:
    from quadrant.control.public import create_measure

    measure = create_measure(
        {"code": "WA-FALLS", "name": "Falls per 1,000 bed days", "org_unit": org.ward_a,
         "unit_label": "falls", "chart_type": "xmr", "direction": "decrease",
         "frequency": "month"},
        actor=people["quality"],
    )  # fmt: skip
    risk = make_risk()
    client = client_for("manager")
    response = client.post(
        reverse("assurance:risk_assurance_new", args=[risk.pk]),
        {"record_type": "control.measure", "record": "wa-falls", "line": "1",
         "level": "limited", "note": "Falls still above target"},
    )  # fmt: skip
    assert response.status_code == 302
    response = client.post(
        reverse("assurance:risk_action_new", args=[risk.pk]),
        {"title": "Buy low beds", "owner": str(people["manager"].pk),
         **_date("due_date", next_month())},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(risk.get_absolute_url()).content.decode()
    assert measure.name in page and "line 1, limited assurance" in page
    assert "Buy low beds" in page
    action = risk_actions(risk)[0]
    assert risk.reference in client.get(action.get_absolute_url()).content.decode()


def test_an_assurance_one_may_not_see_is_refused_like_one_that_is_not_there(
    client_for: Any, make_risk: Any, people: dict[str, Any], org: Any
) -> None:
    from quadrant.control.public import create_measure

    create_measure(
        {"code": "WB-FALLS", "name": "Ward B falls", "org_unit": org.ward_b, "unit_label": "falls",
         "chart_type": "xmr", "direction": "decrease", "frequency": "month"},
        actor=people["quality"],
    )  # fmt: skip
    risk = make_risk()
    response = client_for("manager").post(
        reverse("assurance:risk_assurance_new", args=[risk.pk]),
        {"record_type": "control.measure", "record": "WB-FALLS", "line": "2", "level": "none"},
    )
    assert response.status_code == 400
    assert (
        "No measure has the code or id “WB-FALLS”, or you may not see it"
        in response.content.decode()
    )
    assert not risk.assurances.exists()


def test_the_quality_lead_changes_the_bands_and_a_gap_is_refused(
    client_for: Any, people: dict[str, Any]
) -> None:
    client = client_for("quality")
    client.get(reverse("assurance:risk_settings"))
    matrix = RiskMatrix.objects.get()
    data = {name: getattr(matrix, name) for name in (
        "likelihood_1", "likelihood_2", "likelihood_3", "likelihood_4", "likelihood_5",
        "consequence_1", "consequence_2", "consequence_3", "consequence_4", "consequence_5",
        "low_lowest", "low_highest", "moderate_lowest", "moderate_highest", "high_lowest",
        "high_highest", "extreme_lowest", "extreme_highest")}  # fmt: skip
    response = client.post(
        reverse("assurance:risk_matrix_edit"),
        {**data, "version": matrix.version, "extreme_lowest": "16"},
    )
    assert response.status_code == 400
    assert "No band holds a score of 15" in response.content.decode()
    response = client.post(
        reverse("assurance:risk_matrix_edit"),
        {**data, "version": matrix.version, "high_highest": "15", "extreme_lowest": "16"},
    )
    assert response.status_code == 302
    assert RiskMatrix.objects.get().high_highest == 15


def test_the_edit_form_opens_on_what_the_risk_says_and_saves_a_change(
    client_for: Any, make_risk: Any
) -> None:
    risk = make_risk(title="Falls at night")
    client = client_for("manager")
    form = client.get(reverse("assurance:risk_edit", args=[risk.pk])).content.decode()
    assert 'value="Falls at night"' in form and "Because there are fewer staff at night" in form
    response = client.post(
        reverse("assurance:risk_edit", args=[risk.pk]),
        {"version": risk.version, "title": "Falls on the ward at night", "cause": risk.cause,
         "event": risk.event, "effect": risk.effect, "owner": str(risk.owner_id),
         "category": str(risk.category_id), "initial_likelihood": "4",
         "initial_consequence": "4", "target_likelihood": "1", "target_consequence": "2",
         "controls": "Hourly checks", "gaps_in_control": "", "gaps_in_assurance": "",
         **_date("review_date", risk.review_date)},
    )  # fmt: skip
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.title == "Falls on the ward at night" and risk.target_score == 2
    assert risk.reviews.count() == 1  # no change of the current rating, no review


def test_a_stale_edit_is_refused(client_for: Any, make_risk: Any, people: dict[str, Any]) -> None:
    risk = make_risk()
    stale = risk.version
    services.update_risk(risk, {"title": "Changed meanwhile"}, actor=people["quality"])
    response = client_for("manager").post(
        reverse("assurance:risk_status", args=[risk.pk]),
        {"version": stale, "status": "tolerated", "reason": "Accepted"},
    )
    assert response.status_code == 409
    risk.refresh_from_db()
    assert risk.status == "open"
