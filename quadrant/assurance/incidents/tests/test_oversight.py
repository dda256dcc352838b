"""The safety oversight page: for the safety team and the board (executives, who hold
"manage the board assurance framework"), refused to everyone else; it renders every
registered section for the readers that section chooses, its own two ("Themes this
quarter", "Event rates under control") over the reader's units only, and no patient detail.
The links to it and to the themes page are shown to those allowed, and only to them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from quadrant.assurance.incidents.panels import (
    OversightSection,
    oversight_sections,
    register_oversight_section,
)
from quadrant.assurance.incidents.services.measures import refresh_event_measures
from quadrant.assurance.incidents.tests.themes_helpers import make_events
from quadrant.assurance.incidents.themes import Quarter, ThemeRow
from quadrant.control.public import create_measure, record_observation
from quadrant.core.actors import COMMAND_LINE

pytestmark = pytest.mark.django_db

OVERSIGHT = reverse("assurance:safety_oversight")


@pytest.fixture
def events(org):
    now = Quarter.of(timezone.localdate())
    make_events(org.ward_a, now.start, 3, patient_name="Margaret Thistlewood")
    make_events(org.ward_b, now.start, 2, category="medication")
    make_events(org.ward_b, now.previous.start, 4, category="medication")


@pytest.mark.parametrize("persona", ["quality", "board"])
def test_the_safety_team_and_the_board_see_their_sections(events, client_for, persona):
    response = client_for(persona).get(OVERSIGHT)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Themes this quarter" in body and "Event rates under control" in body
    assert 'data-theme="falls" data-current="3" data-previous="0"' in body
    assert 'data-theme="medication" data-current="2" data-previous="4"' in body
    for secret in ("Margaret", "Thistlewood", "9434765919"):
        assert secret not in body


def test_a_division_director_sees_their_division_only(events, client_for):
    body = client_for("director").get(OVERSIGHT).content.decode()  # executive of Medicine
    assert 'data-theme="falls" data-current="3"' in body
    assert 'data-theme="medication"' not in body  # Ward B is in Surgery


@pytest.mark.parametrize("persona", ["manager", "staff", "partner", "analyst", "outsider"])
def test_everyone_else_is_refused(events, client_for, persona):
    response = client_for(persona).get(OVERSIGHT)
    assert response.status_code == 403
    assert "Themes this quarter" not in response.content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(OVERSIGHT)
    assert response.status_code == 302 and "login" in response["Location"]


def test_registered_sections_are_rendered_in_order_for_the_readers_they_choose(events, client_for):
    def board_only_cases(user):
        if user.username != "board":
            return None
        rows = [ThemeRow("overdue", "Board-only cases", 2, 1)]
        return {"rows": rows, "heading": "Cases", "current": "Now", "previous": "Before"}

    before = list(oversight_sections)
    template = "assurance/incidents/includes/theme_section.html"
    register_oversight_section(OversightSection("Board-only cases", template, 10, board_only_cases))
    try:
        board = client_for("board").get(OVERSIGHT).content.decode()
        quality = client_for("quality").get(OVERSIGHT).content.decode()
    finally:
        oversight_sections[:] = before
    assert 'data-theme="overdue" data-current="2" data-previous="1"' in board
    assert board.index("Board-only cases") < board.index("Themes this quarter")
    assert "Board-only cases" not in quality


def test_event_rates_show_each_units_icons_within_the_readers_units(
    org, people, client_for, events
):
    today = timezone.localdate()
    for unit in (org.ward_a, org.ward_b):
        beds = create_measure(
            {"code": f"BED-DAYS-{unit.code}", "name": "Bed days", "org_unit": unit},
            actor=people["quality"],
        )
        month = today.replace(day=1)
        for _ in range(14):
            month = (month - dt.timedelta(days=1)).replace(day=1)
            make_events(unit, month, 3)
            record_observation(beds, month, value=700, actor=people["quality"])
    refresh_event_measures(actor=COMMAND_LINE)
    board = client_for("board").get(OVERSIGHT).content.decode()
    assert 'data-measure="PSE-RATE-WARDA"' in board and 'data-measure="PSE-RATE-WARDB"' in board
    assert "2 units with a rate of safety events per 1,000 occupied bed days" in board
    director = client_for("director").get(OVERSIGHT).content.decode()
    assert 'data-measure="PSE-RATE-WARDA"' in director
    assert 'data-measure="PSE-RATE-WARDB"' not in director


def test_without_rate_measures_the_section_says_how_to_get_them(events, client_for):
    body = client_for("quality").get(OVERSIGHT).content.decode()
    assert "No unit has a rate of safety events per 1,000 occupied bed days yet" in body
    assert "BED-DAYS-&lt;unit code&gt;" in body


def test_the_links_are_shown_to_those_allowed(client_for):
    events_list = reverse("assurance:safety_events")
    themes = reverse("assurance:safety_themes")
    for persona, sees_themes, sees_oversight in (
        ("quality", True, True), ("board", True, True), ("manager", True, False),
        ("staff", False, False),
    ):  # fmt: skip
        body = client_for(persona).get(events_list).content.decode()
        assert (f'href="{themes}"' in body) is sees_themes, persona
        assert (f'href="{OVERSIGHT}"' in body) is sees_oversight, persona


def test_the_page_has_a_sound_outline(events, client_for):
    from quadrant.core.testing.page_outline import outline_faults

    assert outline_faults(client_for("board").get(OVERSIGHT).content.decode()) == []
