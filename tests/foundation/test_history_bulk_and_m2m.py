"""Bulk creates record every created row with its values; clearing a many-to-many is recorded."""

from __future__ import annotations

from quadrant.core import history
from quadrant.core.context import acting_as
from quadrant.core.models import HistoryEvent
from quadrant.core.testing.factories import build
from quadrant.core.testing.targets import World
from quadrant.language.models import QualityDomain
from quadrant.organisation.choices import Role
from quadrant.organisation.models import Membership, Person
from quadrant.planning.models import Goal


def _new_events(after: int) -> list[HistoryEvent]:
    return list(HistoryEvent.objects.filter(id__gt=after).order_by("id"))


def _last_id() -> int:
    return HistoryEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _grants(org, n: int) -> list[Membership]:
    people = [Person.objects.create(username=f"grantee{i}") for i in range(n)]
    return [Membership(person=p, org_unit=org.ward_a, role=Role.STAFF) for p in people]


def test_bulk_create_records_every_role_grant_with_its_values(org, people):
    grants = _grants(org, 5)
    start = _last_id()
    with acting_as(people["admin"]):
        created = Membership.objects.bulk_create(grants)
    [event] = _new_events(start)
    assert event.action == "bulk_create" and event.changes["count"] == 5
    rows = event.changes["rows"]
    assert [row["id"] for row in rows] == [grant.pk for grant in created]
    for row, grant in zip(rows, created, strict=True):
        assert row["changes"]["person_id"] == [None, grant.person_id]
        assert row["changes"]["org_unit_id"] == [None, org.ward_a.pk]
        assert row["changes"]["role"] == [None, Role.STAFF]
    assert event.changes["rows_truncated"] is False


def test_bulk_create_inside_a_grouped_load_keeps_every_created_row(org, people):
    grants = _grants(org, 4)
    start = _last_id()
    with acting_as(people["admin"]), history.grouped("Role grants", model=Membership):
        created = Membership.objects.bulk_create(grants)
    [event] = _new_events(start)
    assert event.action == "bulk"
    assert event.changes["counts"] == {"organisation.membership.create": 4}
    kept = event.changes["created_rows"]
    assert [row["id"] for row in kept] == [grant.pk for grant in created]
    assert {row["model"] for row in kept} == {"organisation.membership"}
    assert kept[0]["changes"]["role"] == [None, Role.STAFF]


def test_a_large_bulk_create_keeps_bulk_rows_kept_rows_and_says_so(org, people, monkeypatch):
    monkeypatch.setattr(history, "BULK_ROWS_KEPT", 3)
    grants = _grants(org, 5)
    start = _last_id()
    with acting_as(people["admin"]):
        Membership.objects.bulk_create(grants)
    [event] = _new_events(start)
    assert event.changes["count"] == 5
    assert len(event.changes["rows"]) == 3 and event.changes["rows_truncated"] is True


def _goal_with_domains(org, people) -> tuple[Goal, list[QualityDomain]]:
    world = World(org, people)
    with acting_as(people["admin"]):
        goal = build(Goal, world)
        goal.save()
        domains = []
        for _ in range(2):
            domain = build(QualityDomain, world)
            domain.save()
            domains.append(domain)
        goal.domains.add(*domains)
    return goal, domains


def test_clearing_a_many_to_many_records_the_ids_removed(org, people):
    goal, domains = _goal_with_domains(org, people)
    start = _last_id()
    with acting_as(people["admin"]):
        goal.domains.clear()
    [event] = _new_events(start)
    assert event.action == "update" and event.object_id == str(goal.pk)
    assert event.actor == people["admin"]
    assert event.changes == {"domains": {"removed": sorted(d.pk for d in domains)}}


def test_clearing_from_the_other_side_is_recorded_too(org, people):
    goal, domains = _goal_with_domains(org, people)
    start = _last_id()
    with acting_as(people["admin"]):
        domains[0].goals.clear()
    [event] = _new_events(start)
    assert event.object_id == str(domains[0].pk)
    assert list(event.changes.values()) == [{"removed": [goal.pk]}]


def test_clearing_an_empty_many_to_many_records_nothing(org, people):
    goal, _ = _goal_with_domains(org, people)
    with acting_as(people["admin"]):
        goal.domains.clear()
        start = _last_id()
        goal.domains.clear()
    assert _new_events(start) == []


def test_created_rows_are_redacted_like_changed_rows_for_readers_without_the_right():
    from quadrant.core.views.history import redact

    changes = {
        "rows": [{"id": 1, "changes": {"email": ["a@example.nhs.uk", "b@example.nhs.uk"]}}],
        "created_rows": [{"id": 2, "changes": {"email": [None, "c@example.nhs.uk"]}}],
    }
    cleaned = redact(changes, frozenset({"email"}))
    assert "example.nhs.uk" not in str(cleaned)
    assert cleaned["created_rows"][0]["changes"]["email"] == ["[redacted]", "[redacted]"]
