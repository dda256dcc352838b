"""`?ordering=code` or `?ordering=-updated_at,code` on every API list.

A list orders by the fields its viewset names in `ordering_fields`, or else by those of
ORDERABLE its model has (code, title or name, status, dates, and when it was created and last
changed). A
field it does not know is a 400 naming the fields it does, never silently ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from rest_framework import filters
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

ORDERING = "ordering"
ORDERABLE = (
    "code", "title", "name", "username", "last_name", "number", "role", "status", "period",
    "date", "start_date", "due_date", "next_review", "at", "created_at", "updated_at", "id",
)  # fmt: skip


def model_of(view: Any) -> Any:
    """The model a viewset lists."""
    model = getattr(view, "model", None)
    return model if model is not None else view.serializer_class.Meta.model


def ordering_fields_of(view: Any) -> list[str]:
    """The fields VIEW's list can be ordered by."""
    declared = getattr(view, "ordering_fields", None)
    if declared is not None:
        return list(declared)
    model = model_of(view)
    found = []
    for name in ORDERABLE:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.concrete and not field.is_relation:
            found.append(name)
    return found


class OrderingFilter(filters.OrderingFilter):
    """Orders a list by the `ordering` parameter: comma-separated fields, `-` for descending;
    the id breaks ties so that pages never overlap."""

    ordering_param = ORDERING

    def get_valid_fields(
        self, queryset: Any, view: Any, context: Mapping[str, Any] | None = None
    ) -> list[tuple[str, str]]:
        return [(name, name) for name in ordering_fields_of(view)]

    def get_ordering(self, request: Request, queryset: Any, view: Any) -> list[str] | None:
        sent = request.query_params.getlist(self.ordering_param)
        if not sent:
            return None
        text = ",".join(sent)  # `ordering=a,b` or, as some clients send a list, `ordering=a&…=b`
        allowed = ordering_fields_of(view)
        asked = [term.strip() for term in text.split(",") if term.strip()]
        unknown = [term for term in asked if term.removeprefix("-") not in allowed]
        if not asked or unknown:
            shown = f"“{unknown[0][:60]}” is not" if unknown else "Nothing is"
            raise ValidationError(
                {
                    self.ordering_param: [
                        f"{shown} a field this list can be ordered by: use one of "
                        f"{', '.join(allowed)} (with - before it for descending order)"
                    ]
                }
            )
        return asked

    def filter_queryset(self, request: Request, queryset: Any, view: Any) -> Any:
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        return queryset.order_by(*ordering, "pk")

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        allowed = ordering_fields_of(view)
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "Order the list by these fields, comma-separated; a - before a "
                f"field orders it descending. Fields: {', '.join(allowed)}.",
                "style": "form",
                "explode": False,
                "schema": {
                    "type": "array",
                    "items": {
                        "type": "string",
                        "enum": [term for name in allowed for term in (name, f"-{name}")],
                    },
                },
            }
        ]
