"""The action tracker's rules: who raises, works on and verifies an action; only someone
other than the owner verifies; every refusal says why."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quadrant.actions import services
from quadrant.actions.models import Action
from quadrant.core.models import HistoryEvent

pytestmark = pytest.mark.django_db
SOON = dt.date.today() + dt.timedelta(days=7)


def test_raise_needs_the_permission_at_the_unit(org, people) -> None:
    for username in ("staff", "manager2", "analyst", "partner", "outsider"):
        with pytest.raises(PermissionDenied, match="act on signals and manage actions"):
            services.raise_action(
                title="x", owner=people["staff"], org_unit=org.ward_a, due_date=SOON,
                actor=people[username],
            )  # fmt: skip
    assert not Action.objects.exists()


def test_raise_checks_title_due_date_and_owner(org, people) -> None:
    def attempt(**changes):
        fields = {"title": "Check", "owner": people["staff"], "org_unit": org.ward_a,
                  "due_date": SOON, "actor": people["manager"]} | changes  # fmt: skip
        return services.raise_action(**fields)

    with pytest.raises(ValidationError, match="Enter what needs to be done"):
        attempt(title="  ")
    with pytest.raises(ValidationError, match="today or in the future"):
        attempt(due_date=dt.date.today() - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="No person with username manager2"):
        attempt(owner=people["manager2"])  # refused like someone who does not exist
    action = attempt()
    assert action.status == "open" and action.version == 1
    assert HistoryEvent.objects.filter(object_id=str(action.pk)).exists()


def test_the_owner_works_on_their_action_and_someone_else_verifies(action, people) -> None:
    staff, manager = people["staff"], people["manager"]
    services.start_action(action, actor=staff)
    with pytest.raises(ValidationError, match="Describe the evidence"):
        services.complete_action(action, evidence=" ", actor=staff)
    services.complete_action(action, evidence="Training log of 12 May: 24 of 25 staff", actor=staff)
    assert action.status == "done" and action.completed_at is not None
    services.verify_action(action, actor=manager)
    action.refresh_from_db()
    assert (action.status, action.verified_by) == ("verified", manager)
    assert action.verified_at is not None


def test_the_owner_cannot_verify_their_own_action(org, people) -> None:
    manager = people["manager"]
    own = services.raise_action(
        title="Audit bed rails", owner=manager, org_unit=org.ward_a, due_date=SOON, actor=manager
    )
    services.complete_action(own, evidence="Audit done", actor=manager)
    with pytest.raises(PermissionDenied, match="You own this action, so someone else must verify"):
        services.verify_action(own, actor=manager)
    services.verify_action(own, actor=people["quality"])
    assert own.status == "verified" and own.verified_by == people["quality"]


def test_verification_needs_the_permission_and_a_done_action(action, people) -> None:
    with pytest.raises(ValidationError, match="Only an action marked done"):
        services.verify_action(action, actor=people["manager"])
    services.complete_action(action, evidence="Done", actor=people["staff"])
    for username in ("manager2", "analyst", "coach"):
        with pytest.raises(PermissionDenied):
            services.verify_action(action, actor=people[username])


def test_other_staff_cannot_work_on_an_action_they_do_not_own(org, people, action) -> None:
    other = services.raise_action(
        title="Other", owner=people["manager"], org_unit=org.ward_a, due_date=SOON,
        actor=people["manager"],
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.start_action(other, actor=people["staff"])
    with pytest.raises(PermissionDenied):
        services.start_action(action, actor=people["manager2"])


def test_reassign_and_send_back(action, people) -> None:
    with pytest.raises(PermissionDenied):
        services.reassign_action(action, people["manager"], actor=people["staff"])
    services.reassign_action(action, people["manager"], actor=people["manager"])
    assert action.owner == people["manager"]
    services.complete_action(action, evidence="Thin", actor=people["manager"])
    with pytest.raises(ValidationError, match="Say why"):
        services.reopen_action(action, reason="", actor=people["quality"])
    services.reopen_action(action, reason="No training log attached", actor=people["quality"])
    assert action.status == "in_progress" and "No training log attached" in action.description


def test_overdue_flag(action) -> None:
    assert not action.overdue
    Action.objects.filter(pk=action.pk).update(due_date=dt.date.today() - dt.timedelta(days=1))
    action.refresh_from_db()
    assert action.overdue
    assert list(Action.objects.overdue()) == [action]
    action.status = "done"
    assert not action.overdue
