"""The themes page: counts by category, unit, harm and type this quarter against the quarter
before, over the reader's units only; the recurring words; who may see it (staff and patient
partners are refused; a ward manager sees their ward; the board its subtree); no patient
detail anywhere on it; filters that narrow, and bad filter values answered with the field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quadrant.assurance.incidents.keywords import count_keywords, words_of
from quadrant.assurance.incidents.tests.themes_helpers import make_events
from quadrant.assurance.incidents.themes import (
    Quarter,
    ThemeRow,
    ThemeSection,
    compute_themes,
    register_theme_section,
    theme_sections,
)

pytestmark = pytest.mark.django_db

THEMES = reverse("assurance:safety_themes")


@pytest.fixture
def quarters():
    now = Quarter.of(timezone.localdate())
    return now, now.previous


@pytest.fixture
def seeded(org, quarters):
    """Ward A: 3 falls and 2 medication this quarter, 1 fall the quarter before; Ward B: 4
    falls this quarter (one of them severe), one risk; Ward A2: 2 falls the quarter before.
    One fall on Ward A names a patient; an event of two quarters ago counts nowhere."""
    now, before = quarters
    make_events(org.ward_a, now.start, 2)
    make_events(org.ward_a, now.start, 1, patient_name="Margaret Thistlewood")
    make_events(
        org.ward_a, now.start, 2, category="medication",
        description="Evening dose of insulin given late; insulin not on the ward.",
    )  # fmt: skip
    make_events(org.ward_a, before.start, 1)
    make_events(org.ward_b, now.start, 3)
    make_events(org.ward_b, now.start, 1, physical_harm="severe")
    make_events(
        org.ward_b, now.start, 1, event_type="risk", physical_harm="", category="environment",
        affected="other", description="Water leak in the corridor.",
    )  # fmt: skip
    make_events(org.ward_a2, before.start, 2)
    make_events(org.ward_a, before.previous.start, 7)


def _rows(rows: list[ThemeRow]) -> dict[str, tuple[int, int]]:
    return {row.label: (row.current, row.previous) for row in rows}


def test_counts_by_category_unit_harm_and_type_against_the_quarter_before(seeded, org, quarters):
    now, _ = quarters
    themes = compute_themes(None, quarter=now, today=timezone.localdate())
    assert (themes.total.current, themes.total.previous) == (10, 3)
    assert _rows(themes.categories) == {
        "Slips, trips and falls": (7, 3),
        "Medication": (2, 0),
        **{row.label: (1, 0) for row in themes.categories if row.key == "environment"},
    }
    assert themes.categories[0].key == "falls"  # the most this quarter first
    # Units rolled up to the level below the top: Ward A and A2 are in Medicine.
    assert _rows(themes.units) == {"Medicine": (5, 3), "Surgery": (5, 0)}
    assert [row.key for row in themes.harms] == ["low", "severe", ""]
    assert dict((row.key, (row.current, row.previous)) for row in themes.harms) == {
        "low": (8, 3), "severe": (1, 0), "": (1, 0),
    }  # fmt: skip
    assert {row.key: row.current for row in themes.types} == {"incident": 9, "risk": 1}


def test_a_chosen_unit_rolls_up_its_subtree_and_the_type_narrows(seeded, org, quarters):
    now, _ = quarters
    today = timezone.localdate()
    medicine = compute_themes(None, quarter=now, today=today, unit=org.medicine)
    assert _rows(medicine.units) == {"Acute medicine": (5, 3)}
    acute = compute_themes(None, quarter=now, today=today, unit=org.acute)
    assert _rows(acute.units) == {"Ward A": (5, 1), "Ward A2": (0, 2)}
    risks = compute_themes(None, quarter=now, today=today, event_type="risk")
    assert (risks.total.current, risks.total.previous) == (1, 0)


def test_the_quarter_before_can_be_chosen_and_compares_with_its_own_previous(seeded, quarters):
    _, before = quarters
    themes = compute_themes(None, quarter=before, today=timezone.localdate())
    assert (themes.total.current, themes.total.previous) == (3, 7)
    assert themes.days_done is None  # a past quarter is complete


def test_quarters_are_the_nhs_financial_years():
    quarter = Quarter.of(dt.date(2026, 11, 2))
    assert quarter.start == dt.date(2026, 10, 1) and quarter.end == dt.date(2027, 1, 1)
    assert quarter.short == "Q3 2026/27"
    assert quarter.label == "October to December 2026 (Q3 2026/27)"
    assert quarter.previous.short == "Q2 2026/27"
    assert Quarter.of(dt.date(2027, 2, 1)).short == "Q4 2026/27"
    assert Quarter.of(dt.date(2027, 1, 1)).previous.start == dt.date(2026, 10, 1)
    assert quarter.days_done(dt.date(2026, 10, 10)) == 10


def test_change_is_said_in_words():
    assert ThemeRow("x", "X", 5, 4).change_text == "up 1 (+25%)"
    assert ThemeRow("x", "X", 3, 4).change_text == "down 1 (−25%)"
    assert ThemeRow("x", "X", 4, 4).change_text == "no change"
    assert ThemeRow("x", "X", 2, 0).change_text == "up 2 (none the quarter before)"


def test_keywords_leave_out_stop_words_numbers_names_and_one_offs():
    texts = [
        "Patient found on the floor at 03:10; NHS number 943 476 5919.",
        "Found on the floor again by the bed, Mrs Thistlewood",
        "Insulin dose late; the floor was wet",
    ]
    assert words_of(texts[0]) == ["floor", "nhs", "number"]
    counts = count_keywords(texts, leave_out=frozenset({"thistlewood"}))
    assert counts == {"floor": 3}  # "nhs" and "number" are in one report only
    phrases = count_keywords(["Insulin dose given late", "insulin dose missed"], phrases=True)
    assert phrases == {"insulin dose": 2}


def test_keywords_this_quarter_with_the_change_and_without_patients_names(seeded, quarters):
    now, _ = quarters
    themes = compute_themes(None, quarter=now, today=timezone.localdate())
    words = {row.key: (row.current, row.previous) for row in themes.keywords}
    assert words["floor"] == (7, 3)
    assert words["insulin"] == (2, 0)
    assert "thistlewood" not in words and "margaret" not in words
    assert "patient" not in words and "the" not in words
    assert ("floor beside", 7) in {(row.key, row.current) for row in themes.phrases}


def test_a_ward_manager_sees_only_their_ward(seeded, client_for):
    body = client_for("manager").get(THEMES).content.decode()
    assert 'data-theme="falls" data-current="3" data-previous="1"' in body
    assert "Ward B" not in body and "Surgery" not in body and "Ward A2" not in body
    # Another ward's unit, asked for by id, is not offered: an error, never its figures.
    from quadrant.organisation.models import OrgUnit

    ward_b = OrgUnit.objects.get(code="WARDB")
    refused = client_for("manager").get(THEMES, {"unit": ward_b.pk})
    assert refused.status_code == 400
    assert "Choose a unit from the list" in refused.content.decode()
    assert 'data-theme="falls"' not in refused.content.decode()


def test_the_safety_team_sees_every_unit_and_the_board_director_their_division(seeded, client_for):
    quality = client_for("quality").get(THEMES).content.decode()
    assert 'data-theme="falls" data-current="7" data-previous="3"' in quality
    assert "Surgery" in quality and "Medicine" in quality
    director = client_for("director").get(THEMES).content.decode()  # executive of Medicine
    assert 'data-theme="falls" data-current="3" data-previous="3"' in director
    assert "Surgery" not in director


@pytest.mark.parametrize("persona", ["staff", "partner", "analyst", "auditor", "outsider"])
def test_people_who_neither_triage_handle_nor_oversee_are_refused(seeded, client_for, persona):
    response = client_for(persona).get(THEMES)
    assert response.status_code == 403
    assert "Slips, trips and falls" not in response.content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(THEMES)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("persona", ["quality", "manager", "board"])
def test_no_patient_detail_anywhere_on_the_page(seeded, client_for, persona):
    body = client_for(persona).get(THEMES, {"unit": ""}).content.decode()
    for secret in ("Margaret", "Thistlewood", "9434765919", "943 476 5919"):
        assert secret not in body
    assert "T-0" not in body  # nor any event's reference


def test_the_page_filters_by_quarter_and_type_and_names_a_bad_value(seeded, client_for, quarters):
    _, before = quarters
    client = client_for("quality")
    earlier = client.get(THEMES, {"quarter": before.value}).content.decode()
    assert 'data-theme="falls" data-current="3" data-previous="7"' in earlier
    risks = client.get(THEMES, {"event_type": "risk"}).content.decode()
    assert 'data-theme="environment" data-current="1"' in risks
    assert 'data-theme="falls"' not in risks
    for params, message in (
        ({"quarter": "1999-01-01"}, "Quarter: Choose a quarter from the list"),
        ({"event_type": "<script>"}, "Type of event: Choose a type of event from the list"),
        ({"unit": "not-a-number"}, "Choose a unit from the list"),
    ):
        response = client.get(THEMES, params)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert "<script>" not in response.content.decode()


def test_the_charts_are_drawn_with_their_figures(seeded, client_for):
    body = client_for("quality").get(THEMES).content.decode()
    assert body.count('class="app-chart__svg app-theme-chart"') == 4
    assert 'aria-label="Events by category:' in body


def test_registered_theme_sections_are_rendered_for_those_they_choose(seeded, client_for):
    seen = []

    def context(user, filters):
        seen.append(filters)
        if user.username != "quality":
            return None
        rows = [ThemeRow("tools", "Tools and technology", 4, 1)]
        return {"rows": rows, "heading": "Work-system factor", "current": "Now", "previous": "Then"}

    before = list(theme_sections)
    template = "assurance/incidents/includes/theme_section.html"
    register_theme_section(ThemeSection("By SEIPS work-system factor", template, 10, context))
    try:
        quality = client_for("quality").get(THEMES).content.decode()
        manager = client_for("manager").get(THEMES).content.decode()
    finally:
        theme_sections[:] = before
    assert "By SEIPS work-system factor" in quality
    assert 'data-theme="tools" data-current="4" data-previous="1"' in quality
    assert "By SEIPS work-system factor" not in manager
    assert seen[0].unit_ids is None and seen[1].unit_ids  # told each reader's scope


def test_the_page_costs_the_same_queries_for_few_events_or_many(org, people, client_for, quarters):
    now, before = quarters
    make_events(org.ward_a, now.start, 2)
    client = client_for("quality")
    client.get(THEMES)
    with CaptureQueriesContext(connection) as few:
        client.get(THEMES)
    make_events(org.ward_b, now.start, 40, category="medication")
    make_events(org.ward_a2, before.start, 40, category="infection")
    with CaptureQueriesContext(connection) as many:
        assert client.get(THEMES).status_code == 200
    assert len(many) == len(few)


def test_the_page_has_a_sound_outline(seeded, client_for, org):
    from quadrant.core.testing.page_outline import outline_faults

    for params in ({}, {"unit": org.ward_a.pk}, {"quarter": "1999-01-01"}):
        assert outline_faults(client_for("quality").get(THEMES, params).content.decode()) == []


def test_the_page_never_links_to_itself(seeded, client_for):
    body = client_for("quality").get(THEMES).content.decode()
    assert f'href="{THEMES}"' not in body
