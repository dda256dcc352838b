"""Every API write goes to its component's own service, with that service's checks: each
writable viewset names a service for each write it allows (the generic one only where it is
the component's), and the checks the generic path used to skip now hold."""

from __future__ import annotations

import pytest

from quadrant.api_urls import router
from quadrant.core.api.viewsets import ScopedModelViewSet
from quadrant.organisation.models import Membership, OrgUnit

HOOKS = {  # the write → the methods that carry it → the hooks that may route it
    "create": ({"post"}, ("perform_create_object", "create")),
    "update": ({"put", "patch"}, ("perform_update_object", "update")),
    "archive": ({"delete"}, ("perform_archive_object", "destroy")),
}
WRITABLE = sorted(
    (prefix, viewset)
    for prefix, viewset, _ in router.registry
    if issubclass(viewset, ScopedModelViewSet)
)


def _overrides(viewset: type, names: tuple[str, ...]) -> bool:
    return any(getattr(viewset, n) is not getattr(ScopedModelViewSet, n) for n in names)


@pytest.mark.parametrize("prefix, viewset", WRITABLE, ids=[p for p, _ in WRITABLE])
def test_each_write_a_viewset_allows_names_its_components_service(prefix, viewset):
    allowed = set(viewset.http_method_names)
    for write, (methods, hooks) in HOOKS.items():
        if methods & allowed and write not in viewset.generic_writes:
            assert _overrides(viewset, hooks), f"/{prefix}/ {write} names no service"


def test_the_walk_sees_the_writable_viewsets():
    assert {"org-units", "measures", "projects", "goals", "memberships"} <= {p for p, _ in WRITABLE}


def test_moving_a_unit_through_the_api_moves_its_subtree(org, api_for):
    """The generic update set the parent and left every path below it stale."""
    api = api_for("admin")
    version = api.get("/api/v1/org-units/ACUTE/").json()["version"]
    response = api.patch(
        "/api/v1/org-units/ACUTE/", {"parent": "SURG", "version": version}, format="json"
    )
    assert response.status_code == 200, response.content
    ward_a = OrgUnit.objects.get(pk=org.ward_a.pk)
    assert ward_a.is_within(OrgUnit.objects.get(code="SURG"))
    assert ward_a.path.startswith(OrgUnit.objects.get(code="SURG").path) and ward_a.depth == 3


def test_archiving_a_unit_with_units_below_it_is_refused_as_on_its_page(org, api_for):
    response = api_for("admin").delete("/api/v1/org-units/MED/")
    assert response.status_code == 400
    assert "still has 1 units below it" in response.content.decode()
    assert OrgUnit.objects.get(code="MED").archived_at is None


def test_a_role_is_granted_or_revoked_never_edited_in_place(org, people, api_for):
    api = api_for("admin")
    membership = Membership.objects.get(person=people["manager"], archived_at__isnull=True)
    url = f"/api/v1/memberships/{membership.pk}/"
    body = {"role": "admin", "version": membership.version}
    assert api.patch(url, body, format="json").status_code == 405
    assert api.delete(url).status_code == 204
    membership.refresh_from_db()
    assert membership.archived_at is not None and membership.role == "manager"
