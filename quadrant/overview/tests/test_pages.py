"""The composed pages: the home page and a unit's page gather what every component registers,
each section scoped to the reader, and refuse what the reader may not see as a missing page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quadrant.core.registry import home_sections, unit_sections

pytestmark = pytest.mark.django_db


def test_every_component_contributes_to_the_composed_pages():
    home_titles = {section.template.split("/")[0] for section in home_sections}
    unit_titles = {section.template.split("/")[0] for section in unit_sections}
    assert {"planning", "improvement", "actions"} <= home_titles
    assert {"planning", "control", "actions"} <= unit_titles


def test_a_ward_page_shows_the_sections_that_have_something_for_its_manager(
    client_for, people, org
):
    page = client_for("manager").get(reverse("overview:unit", args=["WARDA"]))
    assert page.status_code == 200
    html = page.content.decode()
    for section in unit_sections:
        if section.context(org.ward_a, people["manager"]):
            assert section.title in html


def test_a_unit_above_ones_own_shows_its_name_and_none_of_its_sections(client_for, org, people):
    html = client_for("staff").get(reverse("overview:unit", args=[org.trust.code])).content
    assert b"You can see this unit's name because it is above a unit where you work." in html
    assert b"Units in" not in html


def test_a_unit_out_of_sight_is_a_missing_page_and_so_is_a_unit_that_does_not_exist(client_for):
    client = client_for("manager")
    assert client.get(reverse("overview:unit", args=["WARDB"])).status_code == 404
    assert client.get(reverse("overview:unit", args=["NOSUCH"])).status_code == 404


def test_the_unit_addresses_of_organisation_still_win_over_a_unit_code(client_for):
    response = client_for("admin").get("/units/new/")
    assert response.status_code == 200
    assert "organisation/unit_form.html" in [template.name for template in response.templates]


def test_home_needs_a_login_and_then_shows_my_sections(client, client_for):
    assert client.get(reverse("home")).status_code == 302
    page = client_for("manager").get(reverse("home"))
    assert page.status_code == 200
    assert "overview/home.html" in [template.name for template in page.templates]
