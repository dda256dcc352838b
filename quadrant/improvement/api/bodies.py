"""The request bodies of improvement's API actions (stage moves, PDSA steps, declining ideas),
read with quadrant.core.api.bodies.read_body and documented in the schema."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from quadrant.improvement.choices import ActDecision, Stage


class StageMoveBody(serializers.Serializer[Any]):
    stage = serializers.ChoiceField(choices=Stage.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DeclineBody(serializers.Serializer[Any]):
    reason = serializers.CharField(allow_blank=True)


class DoStepBody(serializers.Serializer[Any]):
    what_happened = serializers.CharField(allow_blank=True)
    observations = serializers.CharField(required=False, allow_blank=True, default="")
    end_date = serializers.DateField(required=False, allow_null=True, default=None)


class StudyStepBody(serializers.Serializer[Any]):
    results = serializers.CharField(allow_blank=True)


class ActStepBody(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=ActDecision.choices)
    next_steps = serializers.CharField(required=False, allow_blank=True, default="")


STEP_BODIES: dict[str, type[serializers.Serializer[Any]]] = {
    "do": DoStepBody,
    "study": StudyStepBody,
    "act": ActStepBody,
}
