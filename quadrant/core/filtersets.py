"""The base of every filterset (pages and API): whole-number filters that refuse values the
database cannot hold with a 400 naming the parameter, never an OverflowError."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

import django_filters
from django import forms
from django.db import models
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.rest_framework.filterset import FILTER_FOR_DBFIELD_DEFAULTS

# The range of a 64-bit signed column (PostgreSQL bigint, SQLite INTEGER): the widest we store.
SMALLEST_WHOLE_NUMBER = -(2**63)
LARGEST_WHOLE_NUMBER = 2**63 - 1
LARGEST_ID = LARGEST_WHOLE_NUMBER


class WholeNumberField(forms.IntegerField):
    """A whole number the database can compare with (a 64-bit integer)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", SMALLEST_WHOLE_NUMBER)
        kwargs.setdefault("max_value", LARGEST_WHOLE_NUMBER)
        kwargs.setdefault("localize", False)
        super().__init__(**kwargs)


class WholeNumberFilter(django_filters.NumberFilter):  # type: ignore[misc]  # django-filter has no stubs
    """`?name=12`: a whole number within the 64-bit range, else 400 naming the parameter."""

    field_class = WholeNumberField


class IdFilter(WholeNumberFilter):
    """`?goal=12`: the id of a record (1 and above, at most the largest id a table can hold)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", LARGEST_ID)
        super().__init__(*args, **kwargs)


def parse_id(text: str) -> int | None:
    """TEXT as a record id, or None when it is not one (letters, 0, or beyond any table)."""
    text = text.strip()
    if not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    return value if 1 <= value <= LARGEST_ID else None


_WHOLE_NUMBER_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.SmallAutoField,
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveBigIntegerField,
    models.PositiveSmallIntegerField,
)
FILTER_DEFAULTS = deepcopy(FILTER_FOR_DBFIELD_DEFAULTS)
FILTER_DEFAULTS.update(
    {field: {"filter_class": WholeNumberFilter} for field in _WHOLE_NUMBER_FIELDS}
)


class FilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter has no stubs
    """Use instead of django_filters.FilterSet: generated integer filters are bounded."""

    FILTER_DEFAULTS = FILTER_DEFAULTS


class FilterBackend(DjangoFilterBackend):  # type: ignore[misc]  # django-filter has no stubs
    """The API's filter backend: `filterset_fields` lists get the bounded FilterSet too."""

    filterset_base = FilterSet
