"""The base of every filterset (pages and API): whole-number filters that refuse values the
database cannot hold with a 400 naming the parameter, never an OverflowError."""

from __future__ import annotations

from copy import deepcopy
from typing import Any, ClassVar

import django_filters
from django import forms
from django.db import models
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.rest_framework.filterset import FILTER_FOR_DBFIELD_DEFAULTS
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

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
    """Use instead of django_filters.FilterSet: generated integer filters are bounded, and a
    filter value that means nothing gives no rows (and its error), never the unfiltered list."""

    FILTER_DEFAULTS = FILTER_DEFAULTS

    @property
    def form(self) -> Any:
        """The filters' form; a field that looks records up for a person (`user`) is told who."""
        form = super().form
        user = getattr(self.request, "user", None)
        for field in form.fields.values():
            if hasattr(field, "user"):
                field.user = user
        return form

    @property
    def qs(self) -> Any:
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return super().qs


class CodeFilter(django_filters.CharFilter):  # type: ignore[misc]  # django-filter has no stubs
    """`?code=w07`: the record with that code, whatever its case."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("field_name", "code")
        kwargs.setdefault("lookup_expr", "iexact")
        kwargs.setdefault("label", "Code (any case)")
        super().__init__(*args, **kwargs)


TRUE, FALSE = frozenset({"true", "1"}), frozenset({"false", "0"})


def not_true_or_false(name: str) -> str:
    """What a yes-or-no query parameter NAME that is neither says."""
    return f"{name} must be true or false"


def has_code(model: type[models.Model]) -> bool:
    """Does MODEL have a `code` (lists of it filter by `?code=`)?"""
    return any(field.name == "code" for field in model._meta.concrete_fields)


def addressed_by_code(model: type[models.Model]) -> bool:
    """Is MODEL addressed by its code in URLs: a code that alone names one record (a
    standard's code is unique only in its framework, so standards are addressed by id)."""
    return any(f.name == "code" and f.unique for f in model._meta.concrete_fields)


class FilterBackend(DjangoFilterBackend):  # type: ignore[misc]  # django-filter has no stubs
    """The API's filter backend: `filterset_fields` lists get the bounded FilterSet too, every
    list of records with a code filters by `?code=` (any case), and a filter value that means
    nothing (`?active=maybe`) is a 400 naming the parameter rather than ignored."""

    filterset_base = FilterSet
    _classes: ClassVar[dict[tuple[type[Any], type[models.Model]], type[FilterSet] | None]] = {}

    def get_filterset_class(self, view: Any, queryset: Any = None) -> type[FilterSet] | None:
        if queryset is None:
            return super().get_filterset_class(view, queryset)  # type: ignore[no-any-return]
        key = (type(view), queryset.model)
        if key not in self._classes:  # built once per list: filterset_fields make a new class
            found = super().get_filterset_class(view, queryset)
            if has_code(queryset.model) and (found is None or "code" not in found.base_filters):
                attrs: dict[str, Any] = {"code": CodeFilter()}
                if found is None:
                    attrs["Meta"] = type("Meta", (), {"model": queryset.model, "fields": []})
                base = found or self.filterset_base
                found = type(base.__name__, (base,), attrs)
            self._classes[key] = found
        return self._classes[key]

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        errors = {
            name: [not_true_or_false(name)]
            for name, found in filterset.filters.items()
            if isinstance(found, django_filters.BooleanFilter)
            and request.query_params.get(name, "").strip().lower() not in {"", *TRUE, *FALSE}
        }
        if not filterset.is_valid():
            errors.update(
                {
                    name: [str(message) for message in found]
                    for name, found in filterset.errors.items()
                }
            )
        if errors:
            raise ValidationError(errors)
        return filterset.qs


# ---------------------------------------------------------------- filters by what people know


class UnitField(forms.CharField):
    """A unit named by its code or its name (either case): the OrgUnit, or an error that says
    no unit has it (the page shows it in the error summary, the API answers 400)."""

    def clean(self, value: Any) -> Any:
        from quadrant.organisation.models import OrgUnit

        text = (super().clean(value) or "").strip()
        if not text:
            return None
        units = OrgUnit.objects.only("pk", "path", "code", "name")
        unit = units.filter(code__iexact=text).first() or units.filter(name__iexact=text).first()
        if unit is None:
            raise forms.ValidationError(
                f"No unit has the code or name “{text[:100]}”", code="unknown_unit"
            )
        return unit


@extend_schema_field(OpenApiTypes.STR)  # a code or a name, not the unit's id
class UnitFilter(django_filters.Filter):  # type: ignore[misc]  # django-filter has no stubs
    """`?unit=WARDA` or `?unit=Ward A`: the records of that unit and of the units below it.
    FIELD_NAME is the path from the record to its unit (`org_unit` unless told)."""

    field_class = UnitField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("field_name", "org_unit")
        kwargs.setdefault("label", "Unit code or name (includes the units below it)")
        super().__init__(*args, **kwargs)

    def filter(self, qs: Any, value: Any) -> Any:
        if value is None:
            return qs
        return qs.filter(**{f"{self.field_name}__path__startswith": value.path})


class PersonField(forms.CharField):
    """A person named by their full name or their username: the ids of those who match."""

    def clean(self, value: Any) -> Any:
        from django.contrib.auth import get_user_model
        from django.db.models import Q, Value
        from django.db.models.functions import Concat

        text = " ".join((super().clean(value) or "").split())
        if not text:
            return None
        people = get_user_model()._base_manager.annotate(
            full=Concat("first_name", Value(" "), "last_name")
        )
        ids = list(
            people.filter(Q(username__iexact=text) | Q(full__iexact=text)).values_list(
                "pk", flat=True
            )
        )
        if not ids:
            raise forms.ValidationError(f"No one is called “{text[:100]}”", code="unknown_person")
        return ids


@extend_schema_field(OpenApiTypes.STR)  # a name or a username, not the person's id
class PersonFilter(django_filters.Filter):  # type: ignore[misc]  # django-filter has no stubs
    """`?owner=Jo Bloggs` or `?owner=jbloggs`: the records of that person (FIELD_NAME)."""

    field_class = PersonField

    def filter(self, qs: Any, value: Any) -> Any:
        if value is None:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})
