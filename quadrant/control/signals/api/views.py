"""API of signals: /api/v1/signals/ (read), acknowledge and turn into an action (POST)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from rest_framework import mixins, serializers
from rest_framework.decorators import action as route
from rest_framework.request import Request
from rest_framework.response import Response

from quadrant.actions.public import ActionSerializer
from quadrant.control.measures.models import Measure
from quadrant.control.signals.models import Signal
from quadrant.control.signals.rules import acknowledge_signal, turn_signal_into_action
from quadrant.core.api.bodies import read_body, takes_body
from quadrant.core.api.relations import ScopedSlugRelatedField
from quadrant.core.api.viewsets import ScopedViewSet


class SignalSerializer(serializers.ModelSerializer[Signal]):
    measure: serializers.SlugRelatedField[Measure] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    handled_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = Signal
        fields = [
            "id", "measure", "kind", "status", "period", "detail", "history", "note",
            "handled_by", "handled_at", "closed_at", "created_at",
        ]  # fmt: skip


class NoteSerializer(serializers.Serializer[Any]):
    note = serializers.CharField()


class SignalActionSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    owner = ScopedSlugRelatedField(slug_field="username", queryset=get_user_model().objects.all())
    due_date = serializers.DateField()
    description = serializers.CharField(required=False, allow_blank=True)


class SignalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Special causes of concern and failing targets found on new data."""

    model = Signal
    serializer_class = SignalSerializer
    filterset_fields = ["status", "kind"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("measure", "handled_by")

    @takes_body(NoteSerializer, responses=SignalSerializer)
    @route(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: Any = None) -> Response:
        signal = self.get_object()
        body = read_body(request, NoteSerializer)
        signal = acknowledge_signal(signal, note=body["note"], actor=request.user)
        return Response(SignalSerializer(signal).data)

    @takes_body(SignalActionSerializer, responses={201: ActionSerializer})
    @route(detail=True, methods=["post"], url_path="action")
    def turn_into_action(self, request: Request, pk: Any = None) -> Response:
        signal = self.get_object()
        body = read_body(request, SignalActionSerializer, self.get_serializer_context())
        created = turn_signal_into_action(signal, actor=request.user, **body)
        return Response(
            ActionSerializer(created, context=self.get_serializer_context()).data, status=201
        )
