"""The API's view of frameworks, standards, mappings and evidence, and the bodies it reads."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from quadrant.assurance.standards.choices import FrameworkKind
from quadrant.assurance.standards.models import (
    EvidenceCategory,
    Framework,
    Standard,
    StandardEvidence,
    StandardGroup,
    StandardMapping,
)
from quadrant.core.api.relations import ScopedPrimaryKeyRelatedField


def address(help_text: str) -> serializers.CharField:
    """A web address that may be empty (the schema's "uri" format would refuse "")."""
    return serializers.CharField(read_only=True, help_text=help_text)


class GroupSerializer(serializers.ModelSerializer[StandardGroup]):
    class Meta:
        model = StandardGroup
        fields = ["id", "code", "title", "order", "description"]


class CategorySerializer(serializers.ModelSerializer[EvidenceCategory]):
    class Meta:
        model = EvidenceCategory
        fields = ["id", "code", "title", "order"]


class FrameworkSerializer(serializers.ModelSerializer[Framework]):
    version = serializers.CharField(
        source="framework_version", read_only=True, help_text="The framework's own edition."
    )
    source_url = address("Where the framework is published (may be empty).")
    groups = GroupSerializer(many=True, read_only=True)
    evidence_categories = CategorySerializer(many=True, read_only=True)

    class Meta:
        model = Framework
        fields = [
            "id", "code", "title", "kind", "version", "publisher", "source_url",
            "effective_from", "effective_to", "description", "groups", "evidence_categories",
        ]  # fmt: skip
        read_only_fields = fields


class StandardSerializer(serializers.ModelSerializer[Standard]):
    framework = serializers.IntegerField(source="framework_id", read_only=True)
    framework_code = serializers.CharField(source="framework.code", read_only=True)
    group = serializers.CharField(source="group.title", read_only=True)
    group_code = serializers.CharField(source="group.code", read_only=True)
    source_url = address("The standard's own page, where known (may be empty).")

    class Meta:
        model = Standard
        fields = [
            "id", "code", "title", "group", "group_code", "text", "framework", "framework_code",
            "order", "effective_from", "effective_to", "source_url", "note",
        ]  # fmt: skip
        read_only_fields = fields


class MappingSerializer(serializers.ModelSerializer[StandardMapping]):
    external = ScopedPrimaryKeyRelatedField(queryset=Standard.objects.all())
    internal = ScopedPrimaryKeyRelatedField(queryset=Standard.objects.all())

    class Meta:
        model = StandardMapping
        fields = ["id", "external", "internal"]


class EvidenceSerializer(serializers.ModelSerializer[StandardEvidence]):
    standard = ScopedPrimaryKeyRelatedField(queryset=Standard.objects.all())
    category = ScopedPrimaryKeyRelatedField(
        queryset=EvidenceCategory.objects.all(), required=False, allow_null=True
    )
    record_type = serializers.SerializerMethodField(
        help_text="The linked record's kind (for example control.measure), or null."
    )
    record_id = serializers.IntegerField(source="linked_id", read_only=True, allow_null=True)
    url = address("The evidence's web address (may be empty).")

    class Meta:
        model = StandardEvidence
        fields = [
            "id", "standard", "category", "title", "url", "evidence_date", "note",
            "record_type", "record_id",
        ]  # fmt: skip

    def get_record_type(self, evidence: StandardEvidence) -> str | None:
        if evidence.linked_type_id is None:
            return None
        kind = evidence.linked_type
        return f"{kind.app_label}.{kind.model}" if kind is not None else None


class EvidenceBody(serializers.Serializer[Any]):
    """A new piece of evidence: a titled reference, or a record named by kind and id."""

    standard = ScopedPrimaryKeyRelatedField(queryset=Standard.objects.all())
    category = ScopedPrimaryKeyRelatedField(
        queryset=EvidenceCategory.objects.all(), required=False, allow_null=True
    )
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    evidence_date = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    record_type = serializers.CharField(
        required=False, allow_blank=True, default="",
        help_text="For example control.measure, improvement.project.",
    )  # fmt: skip
    record_id = serializers.IntegerField(required=False, min_value=1, default=None)


class FrameworkImportBody(serializers.Serializer[Any]):
    """A framework and its standards as the text of a CSV file (the page's columns)."""

    code = serializers.RegexField(
        r"^[a-z0-9][a-z0-9-]*$", max_length=40,
        error_messages={"invalid": "Framework code must contain only lower-case letters, "
                                   "numbers and hyphens, like cqc-saf"},
    )  # fmt: skip
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=FrameworkKind.choices)
    publisher = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    version = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)
    source_url = serializers.URLField(max_length=500, required=False, default="", allow_blank=True)
    csv = serializers.CharField(trim_whitespace=False, help_text="The CSV file's text.")
