"""API of the action tracker: /api/v1/actions/ (list, read, raise, change) and its steps as
POST endpoints (start, complete, verify, reassign). Every write goes through the services."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action as route
from rest_framework.request import Request
from rest_framework.response import Response

from quadrant.actions import services
from quadrant.actions.models import Action
from quadrant.core.api.bodies import read_body, takes_body
from quadrant.core.api.relations import ScopedSlugRelatedField
from quadrant.core.api.viewsets import ScopedModelViewSet, VersionedSerializer
from quadrant.core.permissions import Capability
from quadrant.organisation.models import OrgUnit, Person


class ActionSerializer(VersionedSerializer):
    org_unit = ScopedSlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    owner = ScopedSlugRelatedField(slug_field="username", queryset=get_user_model().objects.all())
    verified_by = serializers.SlugRelatedField[Person](
        slug_field="username", read_only=True, allow_null=True
    )
    # A declared field: DRF's metaclass takes it out of the class; the stubs see Field.source.
    source = serializers.SerializerMethodField()  # type: ignore[assignment]
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Action
        fields = [
            "id", "title", "description", "owner", "org_unit", "due_date", "status", "overdue",
            "evidence", "completed_at", "verified_by", "verified_at", "source", "version",
        ]  # fmt: skip
        read_only_fields = ["status", "evidence", "completed_at", "verified_at"]

    def get_source(self, obj: Action) -> dict[str, Any] | None:
        source_type = obj.source_type
        if source_type is None:
            return None
        return {"type": source_type.model, "id": obj.source_id}


class EvidenceSerializer(serializers.Serializer[Any]):
    evidence = serializers.CharField()


class OwnerSerializer(serializers.Serializer[Any]):
    owner = ScopedSlugRelatedField(slug_field="username", queryset=get_user_model().objects.all())


class ActionViewSet(ScopedModelViewSet):
    """Actions from every source: the owner's and their unit's."""

    model = Action
    serializer_class = ActionSerializer
    write_action = Capability.ACT_ON_SIGNALS
    http_method_names = ["get", "post", "patch", "put", "head", "options"]  # closed, not deleted
    filterset_fields = ["status", "owner", "org_unit"]

    def get_queryset(self) -> Any:
        return (
            super().get_queryset().select_related("owner", "org_unit", "verified_by", "source_type")
        )

    def check_write(self, obj: Any) -> None:
        from quadrant.core.permissions import require

        require(self.request.user, Capability.ACT_ON_SIGNALS, obj.org_unit)

    def perform_create_object(self, data: dict[str, Any]) -> Any:
        return services.raise_action(actor=self.request.user, **data)

    def perform_update_object(
        self, obj: Any, data: dict[str, Any], *, expected_version: int | None
    ) -> Any:
        owner = data.pop("owner", None)
        data.pop("org_unit", None)  # an action stays with the unit it was raised for
        with transaction.atomic():  # the version is checked first; a refused owner undoes all
            obj = services.update_action(
                obj, data, actor=self.request.user, expected_version=expected_version
            )
            if owner is not None and owner != obj.owner:
                obj = services.reassign_action(obj, owner, actor=self.request.user)
        return obj

    @extend_schema(request=None, responses=ActionSerializer)
    @route(detail=True, methods=["post"])
    def start(self, request: Request, pk: Any = None) -> Response:
        obj = services.start_action(self.get_object(), actor=request.user)
        return Response(self.get_serializer(obj).data)

    @takes_body(EvidenceSerializer, responses=ActionSerializer)
    @route(detail=True, methods=["post"])
    def complete(self, request: Request, pk: Any = None) -> Response:
        obj = self.get_object()
        body = read_body(request, EvidenceSerializer)
        obj = services.complete_action(obj, evidence=body["evidence"], actor=request.user)
        return Response(ActionSerializer(obj, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses=ActionSerializer)
    @route(detail=True, methods=["post"])
    def verify(self, request: Request, pk: Any = None) -> Response:
        obj = services.verify_action(self.get_object(), actor=request.user)
        return Response(self.get_serializer(obj).data)

    @takes_body(OwnerSerializer, responses=ActionSerializer)
    @route(detail=True, methods=["post"])
    def reassign(self, request: Request, pk: Any = None) -> Response:
        obj = self.get_object()
        body = read_body(request, OwnerSerializer, self.get_serializer_context())
        obj = services.reassign_action(obj, body["owner"], actor=request.user)
        return Response(ActionSerializer(obj, context=self.get_serializer_context()).data)
