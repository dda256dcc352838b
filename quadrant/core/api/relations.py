"""Related fields of the API that accept only what the caller may name (core/references.py).

An id of an object the caller may not see is refused exactly like an id that does not exist
("No goal with id 123"), so the API never tells whether something outside one's units exists.
`ScopedModelSerializer` makes every relation a model serializer builds by itself scoped too.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist
from django.db import models
from rest_framework import serializers

from quadrant.core.references import no_such, noun_for, referable

MAX_ID = 2**63 - 1  # the largest id a database column holds; anything above exists nowhere


class ScopedRelatedMixin:
    """Narrows the field's queryset to what the requesting person may name; with no request
    in the serializer's context nothing may be named (fail closed)."""

    context: dict[str, Any]

    def get_queryset(self) -> models.QuerySet[Any]:
        queryset = super().get_queryset()  # type: ignore[misc]
        request = self.context.get("request")
        return referable(queryset, getattr(request, "user", None))

    def target_model(self) -> type[models.Model]:
        return self.queryset.model  # type: ignore[attr-defined, no-any-return]


class ScopedPrimaryKeyRelatedField(ScopedRelatedMixin, serializers.PrimaryKeyRelatedField[Any]):
    def to_internal_value(self, data: Any) -> Any:
        model = self.target_model()
        if isinstance(data, bool) or not isinstance(data, int | str):
            raise serializers.ValidationError(f"Give the {noun_for(model)}'s id as a whole number")
        try:
            pk = int(data)
        except ValueError:
            raise serializers.ValidationError(
                f"Give the {noun_for(model)}'s id as a whole number"
            ) from None
        if not 0 < pk <= MAX_ID:
            raise serializers.ValidationError(no_such(model, data, "id"))
        try:
            return self.get_queryset().get(pk=pk)
        except ObjectDoesNotExist:
            raise serializers.ValidationError(no_such(model, pk, "id")) from None


class ScopedSlugRelatedField(ScopedRelatedMixin, serializers.SlugRelatedField[Any]):
    def to_internal_value(self, data: Any) -> Any:
        model = self.target_model()
        if not isinstance(data, str | int) or isinstance(data, bool):
            raise serializers.ValidationError(
                f"Give the {noun_for(model)}'s {self.slug_field.replace('_', ' ')} as text"
            )
        try:
            return self.get_queryset().get(**{self.slug_field: data})
        except (ObjectDoesNotExist, MultipleObjectsReturned, ValueError, TypeError):
            raise serializers.ValidationError(no_such(model, data, self.slug_field)) from None


class ScopedModelSerializer(serializers.ModelSerializer[Any]):
    """A model serializer whose own foreign keys and many-to-many fields are scoped."""

    serializer_related_field = ScopedPrimaryKeyRelatedField
