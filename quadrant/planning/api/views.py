"""API for strategies, goals (with their `parent` in the cascade) and driver diagrams (with
their nodes nested). Reads are scoped by restrict(); writes go through planning's services.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
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
from quadrant.planning.progress import LABELS, RULE, Progress, goal_progress, goals_progress


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


class GoalProgressSerializer(serializers.Serializer[Progress]):
    status = serializers.ChoiceField(
        choices=list(LABELS.items()), read_only=True,
        help_text="on_track, at_risk, off_track, or unknown (not yet known).",
    )  # fmt: skip
    reason = serializers.CharField(
        read_only=True,
        help_text="Why, in words: what is off track or at risk, or why nothing is known yet "
        "(for example “No measure linked.” or “No new data since March 2025.”).",
    )
    rule = serializers.CharField(read_only=True, help_text=f"How the status is worked out: {RULE}")


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
    progress = serializers.SerializerMethodField(
        help_text="The goal's progress rolled up from its linked measures and its child goals "
        "(read-only)."
    )

    class Meta:
        model = Goal
        fields = [
            "id", "title", "statement", "org_unit", "parent", "aim", "owner", "domains",
            "first_year", "last_year", "status", "review_cadence", "next_review", "rag",
            "rag_rationale", "measures", "progress", "version",
        ]  # fmt: skip

    @extend_schema_field(GoalProgressSerializer)
    def get_progress(self, goal: Goal) -> dict[str, str]:
        """From the progress of every goal being answered, worked out once (a fixed number
        of queries for a whole page of goals)."""
        found: dict[int, Progress] = self.context.setdefault("goal_progress", {})
        if goal.pk not in found:
            shown = self.root.instance
            goals = [goal] if shown is None or isinstance(shown, Goal) else list(shown)
            found.update(goals_progress(g.pk for g in goals))
        progress = found.get(goal.pk) or goal_progress(goal)
        return progress.as_dict()


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
