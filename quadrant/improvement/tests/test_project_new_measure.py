"""Defining a new measure from a project's page: control's measure service creates it and the
project links it with its role, in one transaction, audited; a code already in use is refused on
the code field with nothing written; only people who may define measures at the project's unit
and run the project get in."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse

from quadrant.control.public import Measure
from quadrant.core.models import HistoryEvent
from quadrant.improvement import services
from quadrant.improvement.models import ProjectMeasure

pytestmark = pytest.mark.django_db


def form_data(org, **changes):
    data = {
        "name": "Falls risk assessments within 6 hours",
        "code": "WARDA-RISK6",
        "definition": "Patients assessed for falls risk within 6 hours of admission.",
        "unit_label": "%",
        "chart_type": "p",
        "direction": "increase",
        "frequency": "week",
        "org_unit": org.ward_a.pk,
        "role": "process",
    }
    data.update(changes)
    return data


def service_fields(org):
    """The form's data as the service takes it: the unit as a unit, the role apart."""
    fields = form_data(org, org_unit=org.ward_a)
    del fields["role"]
    return fields


def url_for(project):
    return reverse("improvement:measure_define", args=[project.pk])


def written():
    return (Measure.objects.count(), ProjectMeasure.objects.count(), HistoryEvent.objects.count())


def test_the_project_page_offers_it_only_to_people_who_may_define_and_run(
    ward_a_project, client_for
):
    project = ward_a_project.project
    assert (
        url_for(project) in client_for("quality").get(project.get_absolute_url()).content.decode()
    )
    # a manager runs the project but may not define measures; an analyst the reverse
    for username in ("manager", "analyst", "staff"):
        page = client_for(username).get(project.get_absolute_url()).content.decode()
        assert "Define a new measure for this project" not in page, username


def test_the_form_suggests_a_code_from_the_project_and_preselects_its_unit(
    ward_a_project, org, client_for
):
    project = ward_a_project.project
    page = client_for("quality").get(url_for(project))
    html = page.content.decode()
    assert page.status_code == 200
    assert f'value="WARDA-P{project.pk}-M1"' in html
    assert f'<option value="{org.ward_a.pk}" selected' in html
    Measure.objects.create(code=f"warda-p{project.pk}-m1", name="Taken", org_unit=org.ward_a)
    assert services.suggest_measure_code(project) == f"WARDA-P{project.pk}-M2"


def test_define_and_link_in_one_go_audited(ward_a_project, org, people, client_for):
    project = ward_a_project.project
    client = client_for("quality")
    response = client.post(url_for(project), form_data(org))
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    measure = Measure.objects.get(code="WARDA-RISK6")
    assert (measure.name, measure.unit_label, measure.chart_type, measure.direction,
            measure.frequency, measure.org_unit) == (
        "Falls risk assessments within 6 hours", "%", "p", "increase", "week", org.ward_a,
    )  # fmt: skip
    link = ProjectMeasure.objects.get(project=project, measure=measure)
    assert link.role == "process"
    for obj in (measure, link):
        row = HistoryEvent.objects.get(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
        )
        assert row.action == "create" and row.actor_id == people["quality"].pk
    page = client.get(project.get_absolute_url()).content.decode()
    assert "has been defined and linked to the project as its process measure" in page
    assert "Falls risk assessments within 6 hours" in page


@pytest.mark.parametrize("code", ["FALLS-WA", "falls-wa", " Falls-WA "])
def test_a_code_in_use_is_refused_on_the_code_field_and_nothing_is_written(
    ward_a_project, org, client_for, code
):
    before = written()
    response = client_for("quality").post(
        url_for(ward_a_project.project), form_data(org, code=code)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        f'<a href="#id_code">Code: There is already a measure with the code “{code.strip()}”'
        in (html)
    )
    assert "nhsuk-input--error" in html
    assert written() == before


def test_the_service_refuses_a_code_in_use_too(ward_a_project, org, people, monkeypatch):
    before = written()
    fields = service_fields(org)
    with pytest.raises(ValidationError) as refused:
        services.define_measure_for_project(
            ward_a_project.project, role="process", actor=people["quality"],
            **{**fields, "code": "falls-WA"},
        )  # fmt: skip
    assert "There is already a measure" in refused.value.message_dict["code"][0]
    # Even past that check (someone saving the same code a moment earlier), the database's
    # uniqueness refuses it on the code field, and nothing is written.
    monkeypatch.setattr(services.projects, "measure_code_problem", lambda code: None)
    with pytest.raises(ValidationError) as refused:
        services.define_measure_for_project(
            ward_a_project.project, role="process", actor=people["quality"],
            **{**fields, "code": "FALLS-WA"},
        )  # fmt: skip
    assert "code" in refused.value.message_dict
    assert written() == before


def test_a_failed_link_leaves_no_measure_behind(ward_a_project, org, people, monkeypatch):
    def refuse(*args, **kwargs):
        raise ValidationError({"measure": "Refused for the test"})

    monkeypatch.setattr(services.projects, "link_measure", refuse)
    before = written()
    fields = service_fields(org)
    with pytest.raises(ValidationError):
        services.define_measure_for_project(
            ward_a_project.project, role="outcome", actor=people["quality"], **fields
        )
    assert written() == before


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": "WARD/A"}, "Code: The code can contain only letters, numbers"),
        ({"code": "X" * 41}, "Code: The code must be 40 characters or fewer"),
        ({"code": ""}, "Code: Enter a code for the measure"),
        ({"name": ""}, "Name: Enter the measure&#x27;s name"),
        ({"direction": "sideways"}, "Improvement direction: Select a valid choice"),
        ({"org_unit": "99999"}, "Unit: Select a valid choice"),
        ({"org_unit": "not a number"}, "Unit: Select a valid choice"),
        ({"role": ""}, "Linked to the project as: Choose outcome, process or balancing"),
    ],
)
def test_bad_input_is_refused_naming_the_field(ward_a_project, org, client_for, changes, message):
    before = written()
    response = client_for("quality").post(
        url_for(ward_a_project.project), form_data(org, **changes)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert written() == before


@pytest.mark.parametrize(
    ("username", "missing"),
    [
        ("staff", "run improvement projects"),
        ("manager", "define measures"),  # runs the project, does not define measures
        ("analyst", "run improvement projects"),  # defines measures, does not run projects
    ],
)
def test_others_are_refused_on_the_page_and_the_post(
    ward_a_project, org, client_for, username, missing
):
    client = client_for(username)
    before = written()
    page = client.get(url_for(ward_a_project.project))
    assert page.status_code == 403
    assert missing in page.content.decode()
    assert client.post(url_for(ward_a_project.project), form_data(org)).status_code == 403
    assert written() == before


def test_someone_who_cannot_see_the_project_is_not_told_it_exists(ward_a_project, client_for):
    assert client_for("manager2").get(url_for(ward_a_project.project)).status_code == 404
