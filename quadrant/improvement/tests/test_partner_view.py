"""A patient partner on a project's team sees what they can use: the project, its cycles, the
team's names and roles; no Summary link that answers 404, no stage or team controls, and no
list of the unit's staff or anyone's job title."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied

from quadrant.improvement import services
from quadrant.improvement.models import ProjectMeasure


@pytest.fixture
def partnered(ward_a_project, people):
    project = ward_a_project.project
    for name in ("partner", "staff"):
        services.add_team_member(project, people[name], actor=people["manager"])
    people["staff"].job_title = "Healthcare assistant"
    people["staff"].save()
    people["quality"].job_title = "Head of quality"
    people["quality"].save()
    return project


def test_every_link_a_partner_is_shown_opens(partnered, client_for):
    client = client_for("partner")
    page = client.get(partnered.get_absolute_url()).content.decode()
    links = set(re.findall(r'href="(/(?!static/)[^"]*)"', page))
    assert links
    for link in sorted(links):
        assert client.get(link).status_code == 200, link
    assert ">Summary<" not in page


def test_a_partner_sees_the_team_by_name_and_role_and_no_controls(partnered, client_for):
    page = client_for("partner").get(partnered.get_absolute_url()).content.decode()
    for name in ("Manager Tester", "Staff Tester", "Partner Tester"):
        assert name in page
    assert "Team member" in page and "Lead" in page
    assert "Healthcare assistant" not in page and "Head of quality" not in page
    assert "Quality Tester" not in page  # not on the team: no list of the unit's staff
    for control in ("/stage/", "/team/", "/measures/"):
        assert f'action="/improvement/projects/{partnered.pk}{control}' not in page, control
    assert "/remove/" not in page and "/routine/" not in page
    assert "Change the stage" not in page and "Add to the team" not in page


def test_the_lead_still_has_every_control(partnered, client_for):
    page = client_for("manager").get(partnered.get_absolute_url()).content.decode()
    assert "Change the stage" in page and "Add to the team" in page and "Unlink" in page
    assert ">Summary<" in page


def test_a_partner_may_not_steer_the_project_through_the_services(partnered, people):
    partner = people["partner"]
    with pytest.raises(PermissionDenied):
        services.move_project_stage(partnered, "testing", actor=partner)
    with pytest.raises(PermissionDenied):
        services.add_team_member(partnered, people["quality"], actor=partner)
    grant = services.team_of(partnered)[0]
    with pytest.raises(PermissionDenied):
        services.remove_team_member(grant, actor=partner)
    with pytest.raises(PermissionDenied):
        services.unlink_measure(ProjectMeasure.objects.filter(project=partnered).first(),
                                actor=partner)  # fmt: skip
    assert services.may_manage(people["manager"], partnered)
    assert not services.may_manage(partner, partnered)
