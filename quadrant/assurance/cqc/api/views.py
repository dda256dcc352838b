"""API of CQC self-assessments, `/api/v1/cqc-assessments/`: create one for a unit with
statement scores (or evidence-category scores), read it back with its key questions' ratings.
An assessment is kept as recorded: a new look at the unit is a new assessment (no PUT)."""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from quadrant.assurance.cqc import services
from quadrant.assurance.cqc.models import SelfAssessment
from quadrant.assurance.cqc.results import key_question_summary, results_of
from quadrant.core.api.relations import ScopedSlugRelatedField
from quadrant.core.api.viewsets import ScopedModelViewSet
from quadrant.core.filtersets import FilterSet, UnitFilter
from quadrant.core.permissions import Capability
from quadrant.organisation.models import OrgUnit


class CategoryScoreBody(serializers.Serializer[Any]):
    category = serializers.IntegerField(help_text="The evidence category's id.")
    score = serializers.IntegerField(help_text="1 to 4.")
    rationale = serializers.CharField(required=False, allow_blank=True, max_length=10_000)


class StatementScoreBody(serializers.Serializer[Any]):
    statement = serializers.IntegerField(
        help_text="The quality statement's id (a standard of the CQC framework)."
    )
    score = serializers.IntegerField(
        required=False, allow_null=True, help_text="1 to 4; or leave out and send categories."
    )
    rationale = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    categories = CategoryScoreBody(many=True, required=False)


class KeyQuestionSerializer(serializers.Serializer[Any]):
    key_question = serializers.CharField()
    percent = serializers.FloatField(help_text="To one decimal place.")
    rating = serializers.ChoiceField(
        choices=["Outstanding", "Good", "Requires improvement", "Inadequate"]
    )
    total = serializers.IntegerField()
    maximum = serializers.IntegerField()
    statements_scored = serializers.IntegerField()


class StatementResultSerializer(serializers.Serializer[Any]):
    statement = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    key_question = serializers.CharField()
    score = serializers.IntegerField(help_text="The statement's score, given or worked out.")
    percent = serializers.FloatField()
    given_directly = serializers.BooleanField()
    rationale = serializers.CharField()
    categories = serializers.ListField(child=serializers.DictField())


class SelfAssessmentSerializer(serializers.ModelSerializer[SelfAssessment]):
    org_unit = ScopedSlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    scores = StatementScoreBody(many=True, write_only=True)
    statement_scores = serializers.SerializerMethodField()
    key_questions = serializers.SerializerMethodField()

    class Meta:
        model = SelfAssessment
        fields = [
            "id",
            "org_unit",
            "assessed_on",
            "summary",
            "scores",
            "statement_scores",
            "key_questions",
            "created_at",
        ]
        read_only_fields = ["created_at"]

    def _lines(self, assessment: SelfAssessment) -> Any:
        found: dict[int, Any] = self.context.setdefault("results", {})
        if assessment.pk not in found:
            found[assessment.pk] = results_of(assessment)
        return found[assessment.pk]

    @extend_schema_field(KeyQuestionSerializer(many=True))
    def get_key_questions(self, assessment: SelfAssessment) -> list[dict[str, Any]]:
        return key_question_summary(self._lines(assessment))

    @extend_schema_field(StatementResultSerializer(many=True))
    def get_statement_scores(self, assessment: SelfAssessment) -> list[dict[str, Any]]:
        return [
            {
                "statement": line.statement.pk,
                "code": line.statement.code,
                "title": line.statement.title,
                "key_question": group.group.title,
                "score": line.result.score,
                "percent": float(line.result.percent),
                "given_directly": line.row.score is not None,
                "rationale": line.row.rationale,
                "categories": [
                    {
                        "category": c.category_id,
                        "title": c.category.title,
                        "score": c.score,
                        "rationale": c.rationale,
                    }
                    for c in line.row.category_scores.all()
                ],
            }
            for group in self._lines(assessment)
            for line in group.statements
            if line.row is not None and line.result is not None
        ]


class SelfAssessmentFilterSet(FilterSet):
    unit = UnitFilter()
    assessed_from = django_filters.DateFilter(field_name="assessed_on", lookup_expr="gte")
    assessed_to = django_filters.DateFilter(field_name="assessed_on", lookup_expr="lte")

    class Meta:
        model = SelfAssessment
        fields = ["unit", "assessed_from", "assessed_to"]


class SelfAssessmentViewSet(ScopedModelViewSet):
    """CQC self-assessments of the units the caller may see (`?unit=` takes the units below
    it too); recording one needs "record a CQC self-assessment" at the unit."""

    model = SelfAssessment
    serializer_class = SelfAssessmentSerializer
    filterset_class = SelfAssessmentFilterSet
    ordering_fields = ["assessed_on", "created_at", "updated_at", "id"]
    write_action = Capability.ASSESS_QUALITY
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("org_unit", "framework")

    def perform_create_object(self, data: dict[str, Any]) -> Any:
        return services.record_assessment(
            data["org_unit"],
            data["scores"],
            actor=self.request.user,
            assessed_on=data.get("assessed_on"),
            summary=data.get("summary", ""),
        )
