"""Naming a person on an object needs the right to do that role's work on it."""

import pytest
from django.core.exceptions import PermissionDenied

from quadrant.core.context import acting_as
from quadrant.core.models import Job
from quadrant.organisation.choices import GrantRole
from quadrant.organisation.models import ObjectGrant
from quadrant.organisation.services import name_on_object


def _job(unit, starter):
    with acting_as(starter):
        return Job.objects.create(kind="example", title="An example job", org_unit=unit)


def test_manager_names_a_viewer_on_their_wards_object(org, people):
    job = _job(org.ward_a, people["manager"])
    grant = name_on_object(people["partner"], job, GrantRole.VIEWER, actor=people["manager"])
    assert grant.person == people["partner"]


def test_manager_of_another_ward_cannot_name_anyone_there(org, people):
    job = _job(org.ward_a, people["manager"])
    with pytest.raises(PermissionDenied, match="permission"):
        name_on_object(people["partner"], job, GrantRole.VIEWER, actor=people["manager2"])
    assert not ObjectGrant.objects.filter(person=people["partner"]).exists()


def test_staff_cannot_name_a_team_lead(org, people):
    job = _job(org.ward_a, people["manager"])
    with pytest.raises(PermissionDenied, match="run improvement projects"):
        name_on_object(people["staff"], job, GrantRole.LEAD, actor=people["staff"])
