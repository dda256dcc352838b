"""API for frameworks, standards, mappings and evidence. Everyone signed in reads them; every
write goes through the standards services (loading, mapping, evidence), which check that the
person manages standards."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from quadrant.assurance.standards import services
from quadrant.assurance.standards.access import require_manager
from quadrant.assurance.standards.api.serializers import (
    EvidenceBody,
    EvidenceSerializer,
    FrameworkImportBody,
    FrameworkSerializer,
    MappingSerializer,
    StandardSerializer,
)
from quadrant.assurance.standards.filtersets import (
    EvidenceFilterSet,
    MappingFilterSet,
    StandardFilterSet,
)
from quadrant.assurance.standards.importers.csv_file import read_standards
from quadrant.assurance.standards.importers.framework_file import definition_of
from quadrant.assurance.standards.models import (
    Framework,
    Standard,
    StandardEvidence,
    StandardMapping,
)
from quadrant.assurance.standards.records import find_record
from quadrant.core.api.bodies import read_body, takes_body
from quadrant.core.api.viewsets import ReadOnlyApiViewSet, ScopedModelViewSet, ScopedViewSet
from quadrant.core.permissions import Capability


class FrameworkViewSet(ScopedViewSet, ReadOnlyApiViewSet):
    """Frameworks, looked up by code; POST …/import/ loads one from the text of a CSV file."""

    model = Framework
    serializer_class = FrameworkSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("groups", "evidence_categories")

    @takes_body(FrameworkImportBody, responses={200: FrameworkSerializer, 201: FrameworkSerializer})
    @action(detail=False, methods=["post"], url_path="import")
    def import_file(self, request: Request) -> Response:
        require_manager(request.user)
        body = read_body(request, FrameworkImportBody)
        found = read_standards(body["csv"].encode("utf-8"))
        if not found.ok:
            raise ValidationError({"csv": [str(error) for error in found.errors]})
        result = services.load_framework(
            definition_of(body, found), actor=request.user, source="API"
        )
        data = FrameworkSerializer(result.framework).data
        data["created"], data["updated"], data["unchanged"] = (
            result.created, result.updated, result.unchanged,
        )  # fmt: skip
        return Response(data, status=status.HTTP_201_CREATED if result.created else 200)


class StandardViewSet(ScopedViewSet, ReadOnlyApiViewSet):
    """Standards; `?framework=` takes a framework's id or code."""

    model = Standard
    serializer_class = StandardSerializer
    filterset_class = StandardFilterSet

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("framework", "group")


class MappingViewSet(ScopedModelViewSet):
    """External standards mapped to internal ones: POST maps (or remaps) one, DELETE undoes it."""

    model = StandardMapping
    serializer_class = MappingSerializer
    filterset_class = MappingFilterSet
    write_action: ClassVar[Capability | None] = Capability.MANAGE_STANDARDS
    http_method_names: ClassVar[list[str]] = ["get", "post", "delete", "head", "options"]  # type: ignore[misc]

    def perform_create_object(self, data: dict[str, Any]) -> Any:
        try:
            return services.map_standard(
                data["external"], data["internal"], actor=self.request.user
            )
        except DjangoValidationError as error:
            raise ValidationError({"internal": error.messages}) from error

    def perform_archive_object(self, obj: Any) -> Any:
        return services.map_standard(obj.external, None, actor=self.request.user)


class EvidenceViewSet(ScopedModelViewSet):
    """Evidence for standards: a titled reference or a Quadrant record (`record_type` and
    `record_id`); DELETE withdraws it."""

    model = StandardEvidence
    serializer_class = EvidenceSerializer
    filterset_class = EvidenceFilterSet
    write_action: ClassVar[Capability | None] = Capability.MANAGE_STANDARDS
    http_method_names: ClassVar[list[str]] = ["get", "post", "delete", "head", "options"]  # type: ignore[misc]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("linked_type")

    @takes_body(EvidenceBody, responses={201: EvidenceSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_manager(request.user)
        body = read_body(request, EvidenceBody, {"request": request})
        record = _record(request.user, body.pop("record_type"), body.pop("record_id"))
        standard = body.pop("standard")
        try:
            evidence = services.record_evidence(standard, actor=request.user, record=record, **body)
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict if hasattr(error, "error_dict") else {
                "": error.messages}) from error  # fmt: skip
        except PermissionDenied as error:
            raise ValidationError({"record_id": [str(error)]}) from error
        return Response(self.get_serializer(evidence).data, status=status.HTTP_201_CREATED)

    def perform_archive_object(self, obj: Any) -> Any:
        return services.withdraw_evidence(obj, actor=self.request.user)


def _record(user: Any, kind: str, pk: int | None) -> Any:
    """The record KIND PK names, if USER may see it (else a 400 that reveals nothing)."""
    if not kind and pk is None:
        return None
    if pk is None:
        raise ValidationError({"record_id": ["Enter the record's id"]})
    try:
        return find_record(user, kind, str(pk))
    except DjangoValidationError as error:
        errors = error.message_dict
        raise ValidationError(
            {"record_id" if name == "record" else name: found for name, found in errors.items()}
        ) from error
