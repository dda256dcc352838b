"""API for units, people and memberships."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions

from quadrant.core.api.relations import ScopedSlugRelatedField
from quadrant.core.api.viewsets import ScopedModelViewSet, VersionedSerializer
from quadrant.core.permissions import Capability
from quadrant.organisation import services
from quadrant.organisation.models import Membership, OrgUnit, Person


class OrgUnitSerializer(VersionedSerializer):
    # A declared field: DRF's metaclass takes it out of the class; the stubs see Field.parent.
    parent = ScopedSlugRelatedField(  # type: ignore[assignment]
        slug_field="code", queryset=OrgUnit.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name", "kind", "parent", "depth", "active", "version"]
        read_only_fields = ["depth"]


class OrgUnitViewSet(ScopedModelViewSet):
    """Units of the organisation, from the board to wards and teams."""

    model = OrgUnit
    serializer_class = OrgUnitSerializer
    write_action = Capability.MANAGE_PEOPLE
    filterset_fields = ["kind", "active", "depth"]
    lookup_field = "code"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("parent")

    def perform_create_object(self, data: dict[str, Any]) -> Any:
        return services.create_org_unit(actor=self.request.user, **data)

    def perform_update_object(
        self, obj: Any, data: dict[str, Any], *, expected_version: int | None
    ) -> Any:
        return services.update_org_unit(
            obj, data, actor=self.request.user, expected_version=expected_version
        )

    def perform_archive_object(self, obj: Any) -> Any:
        return services.archive_org_unit(obj, actor=self.request.user)

    def check_write(self, obj: Any) -> None:
        target = obj.parent if obj.pk is None and obj.parent_id else obj
        super().check_write(target)


class PersonSerializer(VersionedSerializer):
    class Meta:
        model = Person
        fields = [
            "id", "username", "first_name", "last_name", "email", "kind", "job_title",
            "home_unit", "is_active", "version",
        ]  # fmt: skip
        # Only the details change through the API; roles, unit and access have their own pages.
        read_only_fields = ["username", "kind", "home_unit", "is_active"]


class PersonViewSet(ScopedModelViewSet):
    """People with accounts: staff and people who are not staff, such as patient partners.

    PATCH changes a person's name, email or job title; someone one may not edit answers 404,
    exactly like someone who does not exist.
    """

    model = Person
    serializer_class = PersonSerializer
    write_action = Capability.MANAGE_PEOPLE
    filterset_fields = ["kind", "is_active", "home_unit"]
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        from quadrant.core.permissions import restrict

        people = restrict(Person.objects.all(), self.request.user)
        if self.request.method not in permissions.SAFE_METHODS:
            people = people.filter(pk__in=services.editable_people(self.request.user).values("pk"))
        return people.order_by("username")

    def perform_update_object(
        self, obj: Any, data: dict[str, Any], *, expected_version: int | None
    ) -> Any:
        return services.change_person_details(
            obj, data, actor=self.request.user, expected_version=expected_version
        )


class MembershipSerializer(VersionedSerializer):
    org_unit = ScopedSlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    person = ScopedSlugRelatedField(slug_field="username", queryset=Person.objects.all())

    class Meta:
        model = Membership
        fields = ["id", "person", "org_unit", "role", "version"]


class MembershipViewSet(ScopedModelViewSet):
    """Who holds which role where (a role applies to the unit's whole subtree)."""

    model = Membership
    serializer_class = MembershipSerializer
    write_action = Capability.MANAGE_PEOPLE
    filterset_fields = ["role"]
    http_method_names = ["get", "post", "delete", "head", "options"]  # granted or revoked

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("person", "org_unit")

    def perform_create_object(self, data: dict[str, Any]) -> Any:
        return services.grant_role(
            data["person"], data["org_unit"], data["role"], actor=self.request.user
        )

    def perform_archive_object(self, obj: Any) -> Any:
        return services.revoke_role(obj, actor=self.request.user)
