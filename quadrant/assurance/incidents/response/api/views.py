"""API of learning responses and the response plan, read-only and scoped like the pages.

- `/api/v1/learning-responses/`: the responses one may see (the safety team of the event's
  unit and above, the event's handlers), each with its findings (SEIPS factor and text) and
  the ids of its safety actions in `/api/v1/actions/` and the references of the other events
  it covers (those one may see; a thematic review looks across several); filters
  `response_type`, `status`, `unit`, `overdue`. Engagement records are not in the API: they
  stay on the response page.
- `/api/v1/response-plan/`: every version of the plan with its rules in order, the one in
  use first when `?status=published`; a version is read by its id (`number` is the version
  people speak of, filtered with `?number=`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from rest_framework import serializers

from quadrant.assurance.incidents.models import SafetyEvent
from quadrant.assurance.incidents.response.models import (
    Finding,
    LearningResponse,
    ResponsePlan,
    ResponseRule,
)
from quadrant.assurance.incidents.response.services import RULE_FIELDS
from quadrant.assurance.incidents.response.views.responses import ResponseFilterSet
from quadrant.core.api.viewsets import ReadOnlyApiViewSet, ScopedViewSet
from quadrant.core.filtersets import FilterSet
from quadrant.core.permissions import restrict


class FindingSerializer(serializers.ModelSerializer[Finding]):
    class Meta:
        model = Finding
        fields = ["factor", "text"]


class LearningResponseSerializer(serializers.ModelSerializer[LearningResponse]):
    event = serializers.SlugRelatedField[Any](slug_field="reference", read_only=True)
    unit = serializers.CharField(source="event.org_unit.code", read_only=True)
    lead = serializers.SlugRelatedField[Any](slug_field="username", read_only=True)
    findings = FindingSerializer(many=True, read_only=True)
    safety_actions = serializers.SerializerMethodField()
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    related_events = serializers.SerializerMethodField()

    class Meta:
        model = LearningResponse
        fields = [
            "id",
            "event",
            "unit",
            "response_type",
            "status",
            "lead",
            "due_date",
            "overdue",
            "started_on",
            "completed_on",
            "expected",
            "happened",
            "difference",
            "learned",
            "summary",
            "findings",
            "safety_actions",
            "related_events",
            "created_at",
            "version",
        ]

    def get_safety_actions(self, response: LearningResponse) -> list[int]:
        return [link.action_id for link in response.safety_actions.all()]

    def get_related_events(self, response: LearningResponse) -> list[str]:
        return [event.reference for event in getattr(response, "visible_related", [])]


class LearningResponseViewSet(ScopedViewSet, ReadOnlyApiViewSet):
    model = LearningResponse
    serializer_class = LearningResponseSerializer
    filterset_class = ResponseFilterSet

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("event", "event__org_unit", "lead")
            .prefetch_related(
                "findings",
                "safety_actions",
                Prefetch(
                    "related_events",
                    queryset=restrict(
                        SafetyEvent.objects.order_by("occurred_on"), self.request.user
                    ),
                    to_attr="visible_related",
                ),
            )
        )


class RuleSerializer(serializers.ModelSerializer[ResponseRule]):
    class Meta:
        model = ResponseRule
        fields = ["order", *RULE_FIELDS]


class ResponsePlanSerializer(serializers.ModelSerializer[ResponsePlan]):
    rules = serializers.SerializerMethodField()
    published_by = serializers.SlugRelatedField[Any](
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = ResponsePlan
        fields = ["id", "number", "status", "summary", "published_at", "published_by", "rules"]

    def get_rules(self, plan: ResponsePlan) -> list[dict[str, Any]]:
        live = [rule for rule in plan.rules.all() if rule.archived_at is None]
        return RuleSerializer(live, many=True).data  # type: ignore[return-value]


class PlanFilterSet(FilterSet):
    class Meta:
        model = ResponsePlan
        fields = ["status", "number"]


class ResponsePlanViewSet(ScopedViewSet, ReadOnlyApiViewSet):
    model = ResponsePlan
    serializer_class = ResponsePlanSerializer
    filterset_class = PlanFilterSet

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("rules")
