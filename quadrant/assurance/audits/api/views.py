"""API of audit templates and runs: read-only, scoped like the pages (templates are read by
everyone signed in; a run and its answers by the people of its unit). Runs are answered and
signed off on their pages, through the services."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from quadrant.assurance.audits.filtersets import AuditRunFilterSet, AuditTemplateFilterSet
from quadrant.assurance.audits.models import (
    AuditAnswer,
    AuditEvidence,
    AuditQuestion,
    AuditRun,
    AuditSection,
    AuditTemplate,
)
from quadrant.core.api.viewsets import ReadOnlyApiViewSet, ScopedViewSet


class QuestionSerializer(serializers.ModelSerializer[AuditQuestion]):
    standards = serializers.PrimaryKeyRelatedField[Any](many=True, read_only=True)

    class Meta:
        model = AuditQuestion
        fields = [
            "id", "text", "guidance", "kind", "order", "weight", "max_score", "choices",
            "passing_choices", "pass_min", "pass_max", "evidence", "standards",
        ]  # fmt: skip


class SectionSerializer(serializers.ModelSerializer[AuditSection]):
    questions = QuestionSerializer(source="live_questions", many=True, read_only=True)

    class Meta:
        model = AuditSection
        fields = ["id", "title", "order", "questions"]


class AuditTemplateSerializer(serializers.ModelSerializer[AuditTemplate]):
    version_number = serializers.IntegerField(read_only=True)
    is_current = serializers.BooleanField(read_only=True)
    sections = SectionSerializer(source="live_sections", many=True, read_only=True)

    class Meta:
        model = AuditTemplate
        fields = [
            "id", "code", "version_number", "is_current", "title", "kind", "description",
            "pass_threshold", "sections",
        ]  # fmt: skip


class AuditEvidenceSerializer(serializers.ModelSerializer[AuditEvidence]):
    """A file attached to an answer; `download` is the only address that serves it."""

    download = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvidence
        fields = ["id", "name", "content_type", "size", "download", "created_at"]

    def get_download(self, evidence: AuditEvidence) -> str:
        request = self.context.get("request")
        path = evidence.get_absolute_url()
        return request.build_absolute_uri(path) if request is not None else path


class AnswerSerializer(serializers.ModelSerializer[AuditAnswer]):
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = AuditAnswer
        fields = ["question", "choice", "score", "number", "text", "note", "updated_at",
                  "evidence"]  # fmt: skip

    @extend_schema_field(AuditEvidenceSerializer(many=True))
    def get_evidence(self, answer: AuditAnswer) -> list[dict[str, Any]]:
        """The live evidence of the answer's question in its run (prefetched on the run)."""
        live = getattr(answer.run, "live_evidence", None)  # prefetched by the viewset
        if live is None:
            live = answer.run.evidence.filter(archived_at__isnull=True)
        files = [e for e in live if e.question_id == answer.question_id]
        return AuditEvidenceSerializer(files, many=True, context=self.context).data  # type: ignore[return-value]


class AuditRunSerializer(serializers.ModelSerializer[AuditRun]):
    template = serializers.PrimaryKeyRelatedField[Any](read_only=True)
    template_code = serializers.CharField(source="template.code", read_only=True)
    org_unit = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    auditor = serializers.SlugRelatedField[Any](slug_field="username", read_only=True)
    signed_off_by = serializers.SlugRelatedField[Any](
        slug_field="username", read_only=True, allow_null=True
    )
    answers = AnswerSerializer(many=True, read_only=True)

    class Meta:
        model = AuditRun
        fields = [
            "id", "template", "template_code", "org_unit", "auditor", "run_date", "status",
            "score", "passed", "signed_off_by", "signed_off_at", "answers",
        ]  # fmt: skip


class AuditTemplateViewSet(ScopedViewSet, ReadOnlyApiViewSet):
    """Audit templates, every version (`?current=true` for the current ones), with their
    sections and questions."""

    model = AuditTemplate
    serializer_class = AuditTemplateSerializer
    filterset_class = AuditTemplateFilterSet

    def get_queryset(self) -> Any:
        questions = AuditQuestion.objects.filter(archived_at__isnull=True).prefetch_related(
            "standards"
        )
        sections = AuditSection.objects.filter(archived_at__isnull=True).prefetch_related(
            Prefetch("questions", questions, to_attr="live_questions")
        )
        return (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("sections", sections, to_attr="live_sections"))
        )


class AuditRunViewSet(ScopedViewSet, ReadOnlyApiViewSet):
    """Audit runs of the units one may see, with their answers."""

    model = AuditRun
    serializer_class = AuditRunSerializer
    filterset_class = AuditRunFilterSet

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("template", "org_unit", "auditor", "signed_off_by")
            .prefetch_related(
                "answers",
                Prefetch(
                    "evidence",
                    AuditEvidence.objects.filter(archived_at__isnull=True),
                    to_attr="live_evidence",
                ),
            )
        )
