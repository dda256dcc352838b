"""Serializers of the control API (measures by code, people by username, units by code)."""

from __future__ import annotations

from rest_framework import serializers

from quadrant.control.models import Annotation, Measure, MeasureTarget, Observation
from quadrant.core.api.viewsets import VersionedSerializer
from quadrant.organisation.models import OrgUnit, Person


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeasureTarget
        fields = ["value", "effective_from"]


class MeasureSerializer(VersionedSerializer):
    org_unit = serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    owner = serializers.SlugRelatedField(
        slug_field="username", queryset=Person.objects.all(), allow_null=True, required=False
    )
    targets = TargetSerializer(many=True, read_only=True)

    class Meta:
        model = Measure
        fields = [
            "id", "code", "name", "definition", "numerator_definition", "denominator_definition",
            "unit_label", "multiplier", "chart_type", "direction", "frequency", "rule_profile",
            "owner", "org_unit", "domain", "data_source", "valid_min", "valid_max",
            "published_to_partners", "targets", "archived_at", "version",
        ]  # fmt: skip
        read_only_fields = ["archived_at"]


class ObservationSerializer(serializers.ModelSerializer):
    measure = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Observation
        fields = ["id", "measure", "period", "value", "numerator", "denominator", "updated_at"]


class AnnotationSerializer(VersionedSerializer):
    measure = serializers.SlugRelatedField(slug_field="code", queryset=Measure.objects.all())

    class Meta:
        model = Annotation
        fields = ["id", "measure", "date", "kind", "text", "version"]


class BulkRowSerializer(serializers.Serializer):
    """One row of a bulk upload (documentation of the format; rows are checked by the upsert)."""

    measure = serializers.CharField(help_text="The measure's code.")
    period = serializers.DateField(help_text="The first day of the period, YYYY-MM-DD.")
    value = serializers.FloatField(required=False)
    numerator = serializers.FloatField(required=False)
    denominator = serializers.FloatField(required=False)


class BulkResultSerializer(serializers.Serializer):
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    summary = serializers.CharField()
