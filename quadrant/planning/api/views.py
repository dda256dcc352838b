"""API for strategies, goals (with their `parent` in the cascade) and driver diagrams (with
their nodes nested). Reads are scoped by restrict(); writes go through planning's services.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from rest_framework import serializers

from quadrant.core.api.relations import ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from quadrant.core.api.viewsets import ScopedModelViewSet, VersionedSerializer
from quadrant.core.permissions import Capability
from quadrant.language.models import QualityDomain
from quadrant.organisation.models import OrgUnit
from quadrant.planning import diagrams, services
from quadrant.planning.models import (
    DriverDiagram,
    DriverNode,
    Goal,
    GoalMeasure,
    StrategicAim,
    Strategy,
)


class StrategySerializer(VersionedSerializer):
    org_unit = ScopedSlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    aims = serializers.SlugRelatedField[StrategicAim](slug_field="title", many=True, read_only=True)
    period = serializers.CharField(read_only=True)

    class Meta:
        model = Strategy
        fields = [
            "id", "title", "org_unit", "first_year", "last_year", "period", "summary", "aims",
            "version",
        ]  # fmt: skip


class StrategyViewSet(ScopedModelViewSet):
    """Quality strategies over NHS financial years, with their strategic aims."""

    model = Strategy
    serializer_class = StrategySerializer
    write_action = Capability.EDIT_GOALS
    http_method_names = ["get", "post", "patch", "put", "head", "options"]  # archived on its page

    def get_queryset(self) -> Any:
        live_aims = StrategicAim.objects.filter(archived_at__isnull=True)
        return (
            super()
            .get_queryset()
            .select_related("org_unit")
            .prefetch_related(Prefetch("aims", queryset=live_aims))
        )

    def perform_create_object(self, data: dict[str, Any]) -> Any:
        return services.create_strategy(actor=self.request.user, **data)

    def perform_update_object(
        self, obj: Any, data: dict[str, Any], *, expected_version: int | None
    ) -> Any:
        return services.update_strategy(
            obj, data, actor=self.request.user, expected_version=expected_version
        )


class GoalMeasureSerializer(serializers.ModelSerializer[GoalMeasure]):
    measure = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    role = serializers.CharField(read_only=True, help_text="outcome, process or balancing")

    class Meta:
        model = GoalMeasure
        fields = ["measure", "role"]


class GoalSerializer(VersionedSerializer):
    org_unit = ScopedSlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    # A declared field: DRF's metaclass takes it out of the class; the stubs see Field.parent.
    parent = ScopedPrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=Goal.objects.all(), allow_null=True, required=False,
        help_text="The goal above this one in the cascade.",
    )  # fmt: skip
    domains = ScopedPrimaryKeyRelatedField(
        queryset=QualityDomain.objects.all(), many=True, required=False
    )
    measures = GoalMeasureSerializer(source="measure_links", many=True, read_only=True)

    class Meta:
        model = Goal
        fields = [
            "id", "title", "statement", "org_unit", "parent", "aim", "owner", "domains",
            "first_year", "last_year", "status", "review_cadence", "next_review", "rag",
            "rag_rationale", "measures", "version",
        ]  # fmt: skip


class GoalViewSet(ScopedModelViewSet):
    """Goals (quality priorities) cascaded from the board to the wards."""

    model = Goal
    serializer_class = GoalSerializer
    write_action = Capability.EDIT_GOALS
    http_method_names = ["get", "post", "patch", "put", "head", "options"]  # archived on its page
    filterset_fields = ["status", "parent", "org_unit", "first_year"]

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("org_unit")
            .prefetch_related("domains", "measure_links__measure")
        )

    def perform_create_object(self, data: dict[str, Any]) -> Any:
        domains = data.pop("domains", [])
        return services.create_goal(actor=self.request.user, domains=domains, **data)

    def perform_update_object(
        self, obj: Any, data: dict[str, Any], *, expected_version: int | None
    ) -> Any:
        return services.update_goal(
            obj, data, actor=self.request.user, expected_version=expected_version
        )


class DriverNodeSerializer(serializers.ModelSerializer[DriverNode]):
    measures = serializers.SerializerMethodField()

    class Meta:
        model = DriverNode
        fields = ["id", "parent", "kind", "text", "order", "measures"]

    def get_measures(self, node: DriverNode) -> list[str]:
        return [link.measure.code for link in self.context["links"].get(node.pk, [])]


class DriverDiagramSerializer(VersionedSerializer):
    org_unit = serializers.SlugRelatedField[OrgUnit](slug_field="code", read_only=True)
    nodes = serializers.SerializerMethodField(help_text="Every node, parents before children.")

    class Meta:
        model = DriverDiagram
        fields = ["id", "title", "org_unit", "goal", "nodes", "version"]

    def get_nodes(self, diagram: DriverDiagram) -> list[dict[str, Any]]:
        rows = diagrams.walk(diagrams.load_tree(diagram))
        links = {item.node.pk: [lk for lk in item.links if lk.measure] for item, _ in rows}
        return [DriverNodeSerializer(item.node, context={"links": links}).data for item, _ in rows]


class DriverDiagramViewSet(ScopedModelViewSet):
    """Driver diagrams with their nodes (aim → primary → secondary → change ideas); read-only
    here: diagrams are edited on their page."""

    model = DriverDiagram
    serializer_class = DriverDiagramSerializer
    http_method_names = ["get", "head", "options"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("org_unit")
