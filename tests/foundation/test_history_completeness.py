"""Every write to every Quadrant model leaves a history event: save, update, archive, queryset
update, bulk create, bulk update and delete; API writes are attributed; stale edits refused."""

from __future__ import annotations

import pytest
from django.apps import apps

from quadrant.core.context import acting_as
from quadrant.core.models import ApiToken, HistoryEvent, QuadrantModel
from quadrant.core.services import StaleEdit, archive_object, update_object
from quadrant.core.testing.factories import build, changeable_field, changed_value
from quadrant.core.testing.targets import World
from quadrant.organisation.models import OrgUnit

# The logs themselves: writing them is what auditing is, so they are not recorded again.
NOT_RECORDED = {
    "core.HistoryEvent",  # the change history
    "core.HistoryChainHead",  # the newest hash of the change history
    "core.SecurityEvent",  # the security log
    "accounts.LoginThrottle",  # a counter; every failure and lockout is a SecurityEvent
    "actions.DigestDelivery",  # the send log of daily digests (a claim row, not a record)
    "control.MeasureStatus",  # a cache recomputed from audited observations
}

QUADRANT_MODELS = sorted(
    (m for m in apps.get_models() if m.__module__.startswith("quadrant.")),
    key=lambda m: m._meta.label,
)
RECORDED = [m for m in QUADRANT_MODELS if m._meta.label not in NOT_RECORDED]


def _events_after(last_id: int, model) -> list[HistoryEvent]:
    return list(
        HistoryEvent.objects.filter(id__gt=last_id, content_type__model=model._meta.model_name)
        .filter(content_type__app_label=model._meta.app_label)
        .order_by("id")
    )


def _last_id() -> int:
    return HistoryEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_every_quadrant_model_is_walked():
    labels = {m._meta.label for m in QUADRANT_MODELS}
    assert labels >= NOT_RECORDED
    assert {"organisation.OrgUnit", "organisation.Person", "core.Job"} <= labels


@pytest.mark.parametrize("model", RECORDED, ids=lambda m: m._meta.label)
def test_every_write_is_audited(model, org, people):
    world = World(org, people)
    actor = people["admin"]
    with acting_as(actor, "req0000000001"):
        start = _last_id()
        obj = build(model, world)
        obj.save()
        created = _events_after(start, model)
        assert [e.action for e in created] == ["create"], f"{model.__name__}: save()"
        assert created[0].actor == actor and created[0].request_id == "req0000000001"

        field = changeable_field(model)
        if field is not None:
            old = getattr(obj, field.attname)
            new = changed_value(field, old)
            start = _last_id()
            setattr(obj, field.attname, new)
            obj.save()
            [event] = _events_after(start, model)
            assert event.action == "update", f"{model.__name__}: update"
            assert field.attname in event.changes, event.changes
            start = _last_id()
            model._default_manager.filter(pk=obj.pk).update(**{field.name: old})
            [event] = _events_after(start, model)
            assert event.action == "bulk_update", f"{model.__name__}: queryset.update"
            assert event.changes["rows"][0]["changes"][field.attname][1] == old

            start = _last_id()
            setattr(obj, field.attname, new)
            model._default_manager.bulk_update([obj], [field.name])
            assert [e.action for e in _events_after(start, model)] == ["bulk_update"]

        if issubclass(model, QuadrantModel):
            obj.refresh_from_db()
            start = _last_id()
            archive_object(obj, actor=actor)
            assert [e.action for e in _events_after(start, model)] == ["archive"]

        start = _last_id()
        model._default_manager.bulk_create([build(model, world)])
        assert [e.action for e in _events_after(start, model)] == ["bulk_create"], model

        start = _last_id()
        spare = build(model, world)
        spare.save()
        spare.delete()
        assert [e.action for e in _events_after(start, model)] == ["create", "delete"]

        start = _last_id()
        spare = build(model, world)
        spare.save()
        model._default_manager.filter(pk=spare.pk).delete()
        assert [e.action for e in _events_after(start, model)] == ["create", "bulk_delete"]


def test_api_write_is_attributed_to_the_token_user_with_a_request_id(org, people, client):
    _, key = ApiToken.issue(people["admin"])
    start = _last_id()
    response = client.patch(
        "/api/v1/org-units/WARDA/",
        {"name": "Ward A (acute)", "version": OrgUnit.objects.get(code="WARDA").version},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 200, response.content
    [event] = _events_after(start, OrgUnit)
    assert event.actor == people["admin"]
    assert event.request_id and event.request_id == response["X-Request-ID"]
    assert event.changes["name"] == ["Ward A", "Ward A (acute)"]


def test_stale_edit_is_refused(org, people):
    unit = OrgUnit.objects.get(pk=org.ward_a.pk)
    stale_version = unit.version
    update_object(unit, {"name": "Ward A one"}, actor=people["admin"])
    copy = OrgUnit.objects.get(pk=org.ward_a.pk)
    with pytest.raises(StaleEdit, match="Nothing was saved"):
        update_object(copy, {"name": "Ward A two"}, actor=people["admin"],
                      expected_version=stale_version)  # fmt: skip
    assert OrgUnit.objects.get(pk=org.ward_a.pk).name == "Ward A one"


def test_stale_edit_through_the_api_is_409_with_the_current_record(org, api_for):
    api = api_for("admin")
    version = api.get("/api/v1/org-units/WARDA/").json()["version"]
    assert api.patch("/api/v1/org-units/WARDA/", {"name": "First", "version": version},
                     format="json").status_code == 200  # fmt: skip
    response = api.patch(
        "/api/v1/org-units/WARDA/", {"name": "Second", "version": version}, format="json"
    )
    assert response.status_code == 409
    body = response.json()
    assert set(body) == {"type", "title", "status", "detail", "current"}  # problem details
    assert body["current"]["name"] == "First" and body["current"]["version"] == version + 1


def test_archive_records_who_and_old_to_new(org, people):
    unit = OrgUnit.objects.get(pk=org.ward_a2.pk)
    start = _last_id()
    archive_object(unit, actor=people["admin"])
    [event] = _events_after(start, OrgUnit)
    assert event.action == "archive" and event.actor == people["admin"]
    assert event.changes["archived_at"][0] is None and event.changes["archived_at"][1]
