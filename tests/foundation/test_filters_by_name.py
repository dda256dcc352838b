"""Filters take what people know (a unit's code or name, a person's name) and say when a value
means nothing: the page shows an NHS error summary and no rows, the API answers 400 naming the
parameter. No filter label asks for an id or a username."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quadrant.control.measures.filtersets import MeasureFilterSet
from quadrant.improvement.filtersets import IdeaFilterSet, ProjectFilterSet
from quadrant.organisation.filtersets import PersonFilterSet

pytestmark = pytest.mark.django_db

FILTERSETS = [MeasureFilterSet, ProjectFilterSet, IdeaFilterSet, PersonFilterSet]


@pytest.mark.parametrize("filterset", FILTERSETS, ids=[f.__name__ for f in FILTERSETS])
def test_no_filter_label_asks_for_an_id_or_a_username_alone(filterset):
    for name, field in filterset().form.fields.items():
        label = str(field.label or "")
        assert "(id)" not in label and "(username)" not in label, (filterset.__name__, name)


@pytest.mark.parametrize(
    ("url", "persona"),
    [
        ("improvement:home", "quality"),
        ("improvement:ideas", "quality"),
        ("control:measures", "quality"),
        ("organisation:people", "admin"),
    ],
)
def test_a_unit_that_does_not_exist_is_an_error_on_the_list_page(client_for, org, url, persona):
    content = client_for(persona).get(reverse(url), {"unit": "XYZ"}).content.decode()
    assert "nhsuk-error-summary" in content
    assert "No unit has the code or name “XYZ”" in content


def test_a_unit_is_found_by_its_name_as_well_as_its_code(org, people):
    from quadrant.organisation.models import Person

    for value in ("WARDA", "warda", "Ward A"):
        found = PersonFilterSet({"unit": value}, queryset=Person.objects.all())
        assert found.is_valid() and people["manager"] in found.qs, value
        assert people["manager2"] not in found.qs


@pytest.mark.parametrize("path", ["/api/v1/projects/", "/api/v1/ideas/", "/api/v1/measures/"])
def test_the_api_answers_400_naming_the_parameter(api_for, org, path):
    response = api_for("quality").get(path, {"unit": "XYZ"})
    assert response.status_code == 400
    assert "unit" in response.content.decode() and "XYZ" in response.content.decode()


def test_measures_filter_by_the_owners_name_and_refuse_nonsense(api_for, client_for, org, people):
    from quadrant.control.measures.models import Measure

    Measure.objects.create(code="M1", name="Falls", org_unit=org.ward_a, owner=people["manager"],
                           chart_type="xmr", frequency="month", direction="decrease")  # fmt: skip
    client = api_for("quality")
    for owner in ("Manager Tester", "manager"):
        rows = client.get("/api/v1/measures/", {"owner": owner}).json()
        rows = rows["results"] if isinstance(rows, dict) else rows
        assert [row["code"] for row in rows] == ["M1"], owner
    assert client.get("/api/v1/measures/", {"owner": "Nobody"}).status_code == 400
    assert client.get("/api/v1/measures/", {"domain": "no such"}).status_code == 400
    page = client_for("quality").get(reverse("control:measures"), {"owner": "Nobody"})
    html = page.content.decode()
    assert "No one is called “Nobody”" in html
    # the measure's row is not listed (its code is matched as the row shows it, not as a bare
    # "M1", which a random CSRF token or nonce on the page may contain)
    assert '<span class="nhsuk-body-s">M1</span>' not in html
    listed = client_for("quality").get(reverse("control:measures"), {"owner": "Manager Tester"})
    assert '<span class="nhsuk-body-s">M1</span>' in listed.content.decode()
