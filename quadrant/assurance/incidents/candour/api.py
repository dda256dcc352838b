"""Read-only API of duty of candour records (/api/v1/candour/), scoped like the pages: only
those who handle the event see its record. It carries the dates, the deadline and the status,
never a patient's details nor the free text (who had the conversation, with whom, the notes)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import serializers

from quadrant.assurance.incidents.candour.choices import CandourStatus
from quadrant.assurance.incidents.candour.filtersets import CandourFilterSet
from quadrant.assurance.incidents.candour.models import CandourRecord
from quadrant.core.api.viewsets import ReadOnlyApiViewSet, ScopedViewSet


class CandourRecordSerializer(serializers.ModelSerializer[CandourRecord]):
    event = serializers.CharField(source="event.reference", read_only=True)
    event_id = serializers.IntegerField(read_only=True)
    org_unit = serializers.CharField(source="event.org_unit.code", read_only=True)
    status = serializers.ChoiceField(
        choices=CandourStatus.choices, source="current_status", read_only=True,
        help_text="Derived as of today: due, overdue, done_on_time, done_late or not_possible.",
    )  # fmt: skip

    class Meta:
        model = CandourRecord
        fields = [
            "id", "event", "event_id", "org_unit", "aware_on", "nation", "deadline", "status",
            "conversation_on", "apology_given", "letter_on", "not_possible",
            "not_possible_reason", "not_possible_on", "version",
        ]  # fmt: skip
        read_only_fields = fields


class CandourRecordViewSet(ScopedViewSet, ReadOnlyApiViewSet):
    """Duty of candour records of the events one handles (`?status=overdue`, `?unit=WARDA`)."""

    model = CandourRecord
    serializer_class = CandourRecordSerializer
    filterset_class = CandourFilterSet

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("event", "event__org_unit")
            .with_status(timezone.localdate())
        )
