"""A denial answered with 404 (a record that exists but the user may not see) is security-logged
like a 403; asking for something that does not exist is not a denial."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quadrant.core.models import SecurityEvent
from quadrant.core.testing.factories import build
from quadrant.core.testing.targets import World
from quadrant.improvement.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def ward_a_project(org, people):
    project = build(Project, World(org, people))
    project.save()
    return project


def _denials(person) -> list[str]:
    return list(
        SecurityEvent.objects.filter(kind="denied", person=person).values_list("detail", flat=True)
    )


def test_a_hidden_record_on_the_api_is_404_and_logged(api_for, people, ward_a_project):
    response = api_for("manager2").get(f"/api/v1/projects/{ward_a_project.pk}/")
    assert response.status_code == 404
    assert _denials(people["manager2"]) == [f"view Project {ward_a_project.pk} (answered 404)"]


def test_a_hidden_record_on_a_page_is_404_and_logged(client_for, people, ward_a_project):
    url = reverse("improvement:project", args=[ward_a_project.pk])
    assert client_for("manager2").get(url).status_code == 404
    assert _denials(people["manager2"]) == [f"view Project {ward_a_project.pk} (answered 404)"]


def test_a_record_that_does_not_exist_is_404_and_not_a_denial(api_for, people, ward_a_project):
    assert api_for("manager2").get("/api/v1/projects/999999/").status_code == 404
    assert api_for("manager2").get("/api/v1/projects/abc/").status_code == 404
    assert _denials(people["manager2"]) == []


def test_a_record_one_may_see_is_not_a_denial(api_for, people, ward_a_project):
    assert api_for("manager").get(f"/api/v1/projects/{ward_a_project.pk}/").status_code == 200
    assert _denials(people["manager"]) == []
