"""Serializers of the control API (measures by code, people by username, units by code)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from quadrant.control.measures.models import Annotation, Measure, MeasureTarget, Observation
from quadrant.control.summary.icons import assurance_text, variation_text
from quadrant.control.summary.models import is_stale
from quadrant.core.api.relations import ScopedSlugRelatedField
from quadrant.core.api.viewsets import VersionedSerializer
from quadrant.language.models import QualityDomain, QualityDomainSet
from quadrant.organisation.models import OrgUnit, Person


class TargetSerializer(serializers.ModelSerializer[MeasureTarget]):
    class Meta:
        model = MeasureTarget
        fields = ["value", "effective_from"]


class DomainField(ScopedSlugRelatedField):
    """A quality domain by its name ("Safe"); on write the name or the code ("safe") of a
    domain of the set in use, ignoring case (or the measure's present domain); null for none."""

    default_error_messages = {
        "unknown": "There is no quality domain “{value}” in the domain set in use ({set}); "
        "give one of: {names}.",
        "no_set": "There is no quality domain “{value}”: no domain set is in use.",
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "The quality domain's name, one of the set in use.")
        super().__init__(slug_field="name", queryset=QualityDomain.objects.all(), **kwargs)

    def to_internal_value(self, data: Any) -> QualityDomain:
        text = data.strip() if isinstance(data, str) else ""
        present = getattr(getattr(self.parent, "instance", None), "domain", None)
        if isinstance(present, QualityDomain) and text == present.name:
            return present  # sent back as read, although its set is no longer in use
        if text:
            found = self.get_queryset().filter(pk__in=QualityDomain.in_use().values("pk"))
            found = found.filter(Q(name__iexact=text) | Q(code__iexact=text))
            by_name: list[QualityDomain] = sorted(
                found, key=lambda domain: domain.name.lower() != text.lower()
            )
            if by_name:
                return by_name[0]
        domain_set = QualityDomainSet.active()
        if domain_set is None:
            self.fail("no_set", value=str(data)[:60])
        names = ", ".join(QualityDomain.in_use().values_list("name", flat=True))
        self.fail("unknown", value=str(data)[:60], set=domain_set.name, names=names)


def _stored_status(measure: Measure) -> Any:
    """The measure's stored status, attached by the view for a page of measures at once."""
    if not hasattr(measure, "stored_status"):
        from quadrant.control.signals.rules import attach_statuses

        attach_statuses([measure])
    return getattr(measure, "stored_status", None)


class MeasureSerializer(VersionedSerializer):
    latest_period = serializers.SerializerMethodField(
        help_text="The first day of the latest period with data (null: no data yet)."
    )
    latest_value = serializers.SerializerMethodField(
        help_text="The latest value, in the measure's unit (null: no data yet)."
    )
    variation_icon = serializers.SerializerMethodField(
        help_text="The Making Data Count variation icon of the latest data, such as "
        "concern_high or common_cause (empty: too few points)."
    )
    assurance_icon = serializers.SerializerMethodField(
        help_text="The Making Data Count assurance icon: consistent_pass, consistent_fail or "
        "inconsistent (empty: no target, or too few points)."
    )
    variation_label = serializers.SerializerMethodField(
        help_text="What the variation icon says, as the pages word it (or why there is none)."
    )
    assurance_label = serializers.SerializerMethodField(
        help_text="What the assurance icon says, as the pages word it (or why there is none)."
    )
    reading = serializers.SerializerMethodField(
        help_text="The one-line reading of the latest data, as the measure page leads with."
    )
    stale = serializers.SerializerMethodField(
        help_text="True when two complete periods of the measure's frequency have ended since "
        "its latest data without new data (the pages say “No new data since <month>”)."
    )
    org_unit = ScopedSlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    owner = ScopedSlugRelatedField(
        slug_field="username", queryset=Person.objects.all(), allow_null=True, required=False
    )
    domain = DomainField(allow_null=True, required=False)
    targets = TargetSerializer(many=True, read_only=True)

    class Meta:
        model = Measure
        fields = [
            "id", "code", "name", "definition", "numerator_definition", "denominator_definition",
            "unit_label", "multiplier", "chart_type", "direction", "frequency", "rule_profile",
            "owner", "org_unit", "domain", "data_source", "valid_min", "valid_max",
            "published_to_partners", "targets", "latest_period", "latest_value",
            "variation_icon", "variation_label", "assurance_icon", "assurance_label", "reading",
            "stale", "archived_at", "version",
        ]  # fmt: skip
        read_only_fields = ["archived_at"]

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_latest_period(self, measure: Measure) -> Any:
        status = _stored_status(measure)
        return status.latest_period.isoformat() if status and status.latest_period else None

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_latest_value(self, measure: Measure) -> float | None:
        status = _stored_status(measure)
        return status.latest_value if status else None

    def get_variation_icon(self, measure: Measure) -> str:
        status = _stored_status(measure)
        return status.variation_icon if status else ""

    def get_assurance_icon(self, measure: Measure) -> str:
        status = _stored_status(measure)
        return status.assurance_icon if status else ""

    def get_variation_label(self, measure: Measure) -> str:
        return variation_text(self.get_variation_icon(measure))

    def get_assurance_label(self, measure: Measure) -> str:
        return assurance_text(self.get_assurance_icon(measure))

    def get_reading(self, measure: Measure) -> str:
        status = _stored_status(measure)
        return status.reading if status else "No data yet"

    def get_stale(self, measure: Measure) -> bool:
        status = _stored_status(measure)
        return is_stale(measure, status.latest_period if status else None)


class ObservationSerializer(serializers.ModelSerializer[Observation]):
    measure: serializers.SlugRelatedField[Measure] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Observation
        fields = ["id", "measure", "period", "value", "numerator", "denominator", "updated_at"]


class AnnotationSerializer(VersionedSerializer):
    measure = ScopedSlugRelatedField(slug_field="code", queryset=Measure.objects.all())

    class Meta:
        model = Annotation
        fields = ["id", "measure", "date", "kind", "text", "version"]


class BulkRowSerializer(serializers.Serializer[Any]):
    """One row of a bulk upload (documentation of the format; rows are checked by the upsert)."""

    measure = serializers.CharField(help_text="The measure's code.")
    period = serializers.DateField(help_text="The first day of the period, YYYY-MM-DD.")
    value = serializers.FloatField(required=False)
    numerator = serializers.FloatField(required=False)
    denominator = serializers.FloatField(required=False)


class BulkResultSerializer(serializers.Serializer[Any]):
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    summary = serializers.CharField()
