"""API of the BAF (docs/api.md): `/api/v1/baf/` lists the live principal risks the caller may
read (those who manage the board assurance framework, over their units; anyone else an empty
list), each with what the board page shows: strategic aim and goal, committee, owner, current
and target rating with bands, appetite and whether it is breached, key controls and gaps, the
three lines of assurance with the latest evidence of each source, gaps in assurance, live
actions and the safety events of its themes this quarter against the last. Read-only: the
BAF is kept on its pages; scores are changed on the risk register."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import mixins, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from quadrant.assurance.baf.board import build_rows
from quadrant.assurance.baf.models import PrincipalRisk
from quadrant.core.api.viewsets import ScopedViewSet


class RatingSerializer(serializers.Serializer[Any]):
    likelihood = serializers.IntegerField()
    consequence = serializers.IntegerField()
    score = serializers.IntegerField()
    band = serializers.CharField(help_text="low, moderate, high or extreme")
    band_label = serializers.CharField()


class EventsSerializer(serializers.Serializer[Any]):
    current = serializers.IntegerField(help_text="Events of its themes this quarter.")
    previous = serializers.IntegerField(help_text="The quarter before.")
    change_text = serializers.CharField()


class PrincipalRiskSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    risk_id = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    aim = serializers.CharField(help_text="The strategic aim of its goal.")
    goal = serializers.CharField()
    goal_id = serializers.IntegerField()
    committee = serializers.CharField()
    owner = serializers.CharField()
    category = serializers.CharField()
    appetite = serializers.IntegerField(
        help_text="The highest current score its category tolerates."
    )
    current = RatingSerializer()
    target = RatingSerializer()
    above_appetite = serializers.BooleanField()
    controls = serializers.ListField(child=serializers.CharField())
    gaps_in_control = serializers.ListField(child=serializers.CharField())
    gaps_in_assurance = serializers.ListField(child=serializers.CharField())
    lines = serializers.JSONField(
        help_text="The three lines of assurance, each with its sources and their latest "
        "evidence (a measure's variation and assurance icons, an audit's compliance, a "
        "document's approved version, review date and signature)."
    )
    themes = serializers.JSONField(help_text="Its themes of safety events, counted by quarter.")
    events = EventsSerializer()
    actions = serializers.JSONField(help_text="Its live actions in the tracker.")
    concerns = serializers.IntegerField(help_text="Sources of assurance showing concern.")
    commentary = serializers.CharField()


class BafViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The live BAF, a principal risk a record, its evidence worked out as it is asked for."""

    model = PrincipalRisk
    serializer_class = PrincipalRiskSerializer
    reads_archived = False
    http_method_names = ["get", "head", "options"]

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .filter(archived_at__isnull=True)
            .select_related(
                "risk__owner", "risk__category", "risk__org_unit", "goal__aim", "committee"
            )
        )

    def _rows(self, principals: list[PrincipalRisk]) -> list[dict[str, Any]]:
        return build_rows(principals, self.request.user, timezone.localdate())

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        if page is not None:
            return self.get_paginated_response(
                self.get_serializer(self._rows(page), many=True).data
            )
        return Response(self.get_serializer(self._rows(list(queryset)), many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        (row,) = self._rows([self.get_object()])
        return Response(self.get_serializer(row).data)
