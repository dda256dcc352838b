"""The BAF's pages: who may read them (the board and the quality lead; a division's director
their division's principal risks; managers, staff, partners and outsiders refused in plain
words), what the board page and a principal risk's evidence page show, and keeping the BAF."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from quadrant.assurance.baf.models import PrincipalRisk
from quadrant.assurance.risks.models import Risk
from quadrant.core.logs import HistoryEvent

REFUSED = ["manager", "manager2", "staff", "partner", "outsider", "analyst", "auditor", "coach"]


@pytest.mark.parametrize("who", ["board", "quality"])
def test_the_board_and_the_quality_lead_read_the_baf(
    who: str, principal: Any, client_for: Any
) -> None:
    response = client_for(who).get(reverse("assurance:baf"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Safe care, every time" in page and principal.risk.reference in page
    assert "Above appetite" in page
    assert "1 principal risk: 1 above appetite" in page


@pytest.mark.parametrize("who", REFUSED)
def test_others_are_refused_in_plain_words(who: str, principal: Any, client_for: Any) -> None:
    for url in (reverse("assurance:baf"), reverse("assurance:baf_risk", args=[principal.pk]),
                reverse("assurance:baf_xlsx")):  # fmt: skip
        response = client_for(who).get(url)
        assert response.status_code == 403, url
        assert principal.risk.title not in response.content.decode()
    if who != "outsider":
        assert "manage the board assurance framework" in response.content.decode()


def test_a_director_sees_their_division_only(principal: Any, client_for: Any, org: Any) -> None:
    director = client_for("director")
    assert principal.risk.title not in director.get(reverse("assurance:baf")).content.decode()
    hidden = director.get(reverse("assurance:baf_risk", args=[principal.pk]))
    missing = director.get(reverse("assurance:baf_risk", args=[principal.pk + 999]))
    assert hidden.status_code == missing.status_code == 404
    Risk.objects.filter(pk=principal.risk_id).update(org_unit=org.medicine)
    assert principal.risk.title in director.get(reverse("assurance:baf")).content.decode()


def test_the_evidence_page_shows_the_lines_of_assurance_and_the_score_history(
    principal: Any, client_for: Any
) -> None:
    response = client_for("board").get(reverse("assurance:baf_risk", args=[principal.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("First line: the service", "Second line: oversight", "Falls, Ward A",
                 "Falls prevention audit", "No signed-off audits in the last year",
                 "Slips, trips and falls", "No sensor mats on two wards",
                 "No independent audit this year", "Improving slowly.", "<svg"):  # fmt: skip
        assert text in page, text


def test_the_board_adds_a_principal_risk_and_it_is_recorded(
    people: dict[str, Any], client_for: Any, goal: Any, committee: Any, safety: Any, org: Any
) -> None:
    from quadrant.assurance.risks import services as risk_services
    from quadrant.assurance.risks.tests.conftest import risk_fields

    risk = risk_services.create_risk(risk_fields(org.trust, people["board"], safety),
                                      actor=people["quality"])  # fmt: skip
    client = client_for("board")
    empty = client.post(reverse("assurance:baf_risk_new"), {"risk": risk.pk})
    assert empty.status_code == 400
    assert "Choose the strategic goal the risk threatens" in empty.content.decode()
    assert "Choose the committee that oversees the risk" in empty.content.decode()
    response = client.post(reverse("assurance:baf_risk_new"), {
        "risk": risk.pk, "goal": goal.pk, "committee": committee.pk,
        "event_categories": ["falls", "medication"],
    })  # fmt: skip
    assert response.status_code == 302
    principal = PrincipalRisk.objects.get(risk=risk)
    assert principal.event_categories == ["falls", "medication"]
    kind = ContentType.objects.get_for_model(PrincipalRisk)
    recorded = HistoryEvent.objects.filter(content_type_id=kind.pk, object_id=str(principal.pk))
    assert recorded.filter(action="create", actor=people["board"]).exists()
    again = client.post(reverse("assurance:baf_risk_new"), {"risk": risk.pk, "goal": goal.pk,
                                                            "committee": committee.pk})  # fmt: skip
    assert again.status_code == 400  # a risk on the BAF is not offered again


def test_a_manager_cannot_add_or_edit(principal: Any, client_for: Any) -> None:
    manager = client_for("manager")
    assert manager.get(reverse("assurance:baf_risk_new")).status_code == 403
    assert (
        manager.post(reverse("assurance:baf_risk_remove", args=[principal.pk])).status_code == 403
    )


def test_editing_and_taking_off_the_baf(principal: Any, client_for: Any, committee: Any) -> None:
    client = client_for("quality")
    url = reverse("assurance:baf_risk_edit", args=[principal.pk])
    response = client.post(url, {"goal": principal.goal_id, "committee": committee.pk,
                                 "event_categories": ["infection"], "commentary": "Better.",
                                 "version": principal.version})  # fmt: skip
    assert response.status_code == 302
    principal.refresh_from_db()
    assert principal.event_categories == ["infection"] and principal.commentary == "Better."
    client.post(reverse("assurance:baf_risk_remove", args=[principal.pk]))
    principal.refresh_from_db()
    assert principal.archived_at is not None
    assert principal.risk.title not in client.get(reverse("assurance:baf")).content.decode()
    assert Risk.objects.filter(pk=principal.risk_id, archived_at__isnull=True).exists()


def test_committees_are_the_organisations(client_for: Any, committee: Any) -> None:
    assert "Quality committee" in client_for("board").get(
        reverse("assurance:baf_committees")).content.decode()  # fmt: skip
    assert client_for("director").get(reverse("assurance:baf_committee_new")).status_code == 403
    duplicate = client_for("board").post(reverse("assurance:baf_committee_new"),
                                         {"name": "quality committee"})  # fmt: skip
    assert duplicate.status_code == 400
    assert "There is already a committee called Quality committee" in duplicate.content.decode()


def test_the_board_page_answers_in_a_fixed_number_of_queries(
    principal: Any, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for("board")
    client.get(reverse("assurance:baf"))
    with django_assert_max_num_queries(30):
        client.get(reverse("assurance:baf"))


def test_the_goal_shows_its_principal_risks_to_those_who_may_see_them(
    principal: Any, client_for: Any
) -> None:
    from quadrant.core.links import links_of

    url = principal.goal.get_absolute_url()
    assert principal.risk.title in client_for("board").get(url).content.decode()
    assert principal.risk.title not in client_for("manager").get(url).content.decode()
    links = links_of(principal.risk, principal.risk.owner)
    assert [link.obj for link in links if link.relation == "assurance.baf-goal"] == [principal.goal]
    from quadrant.assurance.baf import services

    services.remove_principal_risk(principal, actor=principal.risk.owner)
    assert principal.risk.title not in client_for("board").get(url).content.decode()
