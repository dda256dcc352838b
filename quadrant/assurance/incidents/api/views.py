"""API of safety events, scoped like the pages: a reporter reads their own named reports,
managers their units' events, the safety team every event of its subtree.

POST submits a report (named, or `"anonymous": true`, whose answer carries its receipt code
once). An event's patient details appear only when one record is read by someone allowed to
see them (the safety team, the event's handlers), and that read is logged; for anyone else,
and in every list, the `patient` member is absent.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from quadrant.assurance.incidents import services
from quadrant.assurance.incidents.filtersets import SafetyEventFilterSet
from quadrant.assurance.incidents.models import (
    ACTIONS_LIMIT,
    DESCRIPTION_LIMIT,
    PatientDetails,
    SafetyEvent,
    too_long,
)
from quadrant.assurance.incidents.privacy import read_patient_details
from quadrant.core.api.relations import ScopedSlugRelatedField
from quadrant.core.api.viewsets import ScopedModelViewSet, VersionedSerializer
from quadrant.core.permissions import Capability
from quadrant.organisation.models import OrgUnit


def _too_long(what: str, limit: int) -> dict[str, Any]:
    return {"max_length": too_long(what, limit)}


class PatientDetailsSerializer(serializers.ModelSerializer[PatientDetails]):
    class Meta:
        model = PatientDetails
        fields = ["name", "nhs_number", "date_of_birth", "hospital_number"]
        extra_kwargs = {"nhs_number": {"max_length": 14}}


class SafetyEventSerializer(VersionedSerializer):
    org_unit = ScopedSlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    reporter = serializers.SlugRelatedField[Any](
        slug_field="username", read_only=True, allow_null=True
    )
    description = serializers.CharField(
        max_length=DESCRIPTION_LIMIT, error_messages=_too_long("What happened", DESCRIPTION_LIMIT)
    )
    immediate_actions = serializers.CharField(
        max_length=ACTIONS_LIMIT, required=False, allow_blank=True,
        error_messages=_too_long("What was done straight away", ACTIONS_LIMIT),
    )  # fmt: skip
    anonymous = serializers.BooleanField(
        required=False, default=False,
        help_text="Report anonymously: nothing that identifies you is kept, and the answer "
        "carries a receipt code (shown once) to read the feedback with.",
    )  # fmt: skip
    patient = PatientDetailsSerializer(
        required=False, write_only=True,
        help_text="The patient's details (restricted). Read back only by the safety team and "
        "the event's handlers, on the event's own address.",
    )  # fmt: skip

    class Meta:
        model = SafetyEvent
        fields = [
            "id", "reference", "event_type", "description", "occurred_on", "occurred_at",
            "org_unit", "location", "affected", "immediate_actions", "physical_harm",
            "psychological_harm", "category", "never_event", "never_event_type",
            "reportable_to_cqc", "duty_of_candour", "status", "reporter", "anonymous",
            "patient", "feedback", "feedback_at", "created_at", "version",
        ]  # fmt: skip
        read_only_fields = [
            "reference", "never_event", "duty_of_candour", "status", "feedback", "feedback_at",
            "created_at",
        ]  # fmt: skip


class SafetyEventViewSet(ScopedModelViewSet):
    """Patient safety events one may see; POST reports one (for a unit where you may report)."""

    model = SafetyEvent
    serializer_class = SafetyEventSerializer
    write_action = Capability.REPORT_INCIDENT
    http_method_names = ["get", "post", "head", "options"]
    filterset_class = SafetyEventFilterSet

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("org_unit", "reporter")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        event = self.get_object()
        data = self.get_serializer(event).data
        patient = read_patient_details(event, request.user, request=request, where="API")
        if patient is not None:
            data["patient"] = PatientDetailsSerializer(patient).data
        return Response(data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("version", None)
        anonymous = bool(data.pop("anonymous", False))
        patient = data.pop("patient", None) or {}
        fields = {name: data[name] for name in services.REPORT_FIELDS if name in data}
        fields.update({f"patient_{name}": value for name, value in patient.items()})
        submitted = services.submit_report(fields, anonymous=anonymous, actor=request.user)
        answer = dict(self.get_serializer(submitted.event).data)
        if submitted.receipt_code:
            answer["receipt_code"] = submitted.receipt_code
        return Response(answer, status=status.HTTP_201_CREATED)
