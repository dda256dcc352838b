"""API of the risk register (docs/api.md): list with the register's filters, read, create
and update, each risk carrying the `likelihood`, `consequence`, `score` and `band` of its
current rating. Writes go through the services: changing `likelihood` or `consequence` is a
review (a score-history row) and may escalate the risk; a risk stays with its unit; status,
escalation and assurances are changed on the risk's page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from rest_framework import serializers

from quadrant.assurance.risks import scoring, services
from quadrant.assurance.risks.filtersets import RiskFilterSet
from quadrant.assurance.risks.matrix import matrix_or_defaults
from quadrant.assurance.risks.models import Risk, RiskCategory
from quadrant.core.api.relations import ScopedSlugRelatedField
from quadrant.core.api.viewsets import ScopedModelViewSet, VersionedSerializer
from quadrant.core.permissions import Capability
from quadrant.organisation.models import OrgUnit

LEVEL_ERRORS = {
    "min_value": "must be a whole number from 1 to 5",
    "max_value": "must be a whole number from 1 to 5",
    "invalid": "must be a whole number from 1 to 5",
}


def level(what: str, source: str | None = None) -> serializers.IntegerField:
    """A level from 1 to 5 (of the current rating when SOURCE names its field)."""
    messages: dict[str, Any] = {key: f"{what} {text}" for key, text in LEVEL_ERRORS.items()}
    if source is None:
        return serializers.IntegerField(error_messages=messages, min_value=1, max_value=5)
    return serializers.IntegerField(
        source=source, error_messages=messages, min_value=1, max_value=5
    )


class RiskSerializer(VersionedSerializer):
    reference = serializers.CharField(read_only=True)
    org_unit = ScopedSlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    owner = ScopedSlugRelatedField(slug_field="username", queryset=get_user_model().objects.all())
    category = ScopedSlugRelatedField(
        slug_field="name", queryset=RiskCategory.objects.filter(archived_at__isnull=True)
    )
    likelihood = level("Likelihood", "current_likelihood")
    consequence = level("Consequence", "current_consequence")
    score = serializers.IntegerField(source="current_score", read_only=True)
    band = serializers.SerializerMethodField(help_text="The band of the current score.")
    above_appetite = serializers.BooleanField(source="is_above_appetite", read_only=True)
    initial_likelihood = level("Initial likelihood")
    initial_consequence = level("Initial consequence")
    target_likelihood = level("Target likelihood")
    target_consequence = level("Target consequence")
    escalated_to = serializers.SlugRelatedField[Any](
        slug_field="code", read_only=True, allow_null=True
    )
    status = serializers.CharField(read_only=True, help_text="Changed on the risk's page.")

    class Meta:
        model = Risk
        fields = [
            "id", "reference", "title", "cause", "event", "effect", "org_unit", "owner",
            "category", "likelihood", "consequence", "score", "band", "above_appetite",
            "initial_likelihood", "initial_consequence", "target_likelihood",
            "target_consequence", "controls", "gaps_in_control", "gaps_in_assurance",
            "review_date", "status", "status_reason", "escalated_to", "escalated_at",
            "created_at", "updated_at", "version",
        ]  # fmt: skip
        read_only_fields = ["status_reason", "escalated_at", "created_at", "updated_at"]

    def get_band(self, risk: Risk) -> str:
        bands = self.context.get("bands")
        if bands is None:
            bands = self.context["bands"] = matrix_or_defaults().bands
        return scoring.band_of(risk.current_score, bands).key


class RiskViewSet(ScopedModelViewSet):
    """Risks of the units one may see (and those one owns), highest current score first.
    Filters as the register's: `unit`, `escalated_to`, `category`, `band`, `status` (`live`
    for open or tolerated), `above_appetite`, `escalated`, `likelihood`, `consequence`,
    `owner`, `q`."""

    model = Risk
    serializer_class = RiskSerializer
    write_action = Capability.MANAGE_RISKS
    http_method_names = ["get", "post", "patch", "put", "head", "options"]  # closed, not deleted
    filterset_class = RiskFilterSet

    def get_queryset(self) -> Any:
        return (
            super().get_queryset().select_related("org_unit", "owner", "category", "escalated_to")
        )

    def perform_create_object(self, data: dict[str, Any]) -> Any:
        return services.create_risk(data, actor=self.request.user)

    def perform_update_object(
        self, obj: Any, data: dict[str, Any], *, expected_version: int | None
    ) -> Any:
        data.pop("org_unit", None)  # a risk stays with its unit
        return services.update_risk(
            obj, data, actor=self.request.user, expected_version=expected_version
        )
