"""Base API viewsets: scoped to the user, versioned writes, archive instead of delete.

Each write goes to the component's own service: a viewset names it by overriding
perform_create_object, perform_update_object and perform_archive_object for every write its
http_method_names allow, or lists the write in `generic_writes` when the generic service is
the component's service (tests/foundation/test_writes_through_services.py checks). A PUT or
PATCH of a versioned record must say which version it changes (core/api/preconditions.py).
"""

from __future__ import annotations

import copy
from typing import Any, ClassVar

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from quadrant.core.api.ordering import OrderingFilter
from quadrant.core.api.preconditions import (
    PreconditionFailed,
    etag_of_data,
    expected_version,
    is_versioned,
)
from quadrant.core.api.query import ARCHIVED, refuse_unknown_parameters, true_or_false
from quadrant.core.api.relations import ScopedModelSerializer
from quadrant.core.api.schema import ApiAutoSchema
from quadrant.core.filtersets import FilterBackend
from quadrant.core.permissions import Capability, require, restrict
from quadrant.core.security import log_hidden_denial
from quadrant.core.services import StaleEdit, archive_object, create_object, update_object


class VersionedSerializer(ScopedModelSerializer):
    """Exposes `version`; an update must send the version it read (stale copies get 409).
    Its relations accept only what the caller may name (core/api/relations.py)."""

    version = serializers.IntegerField(
        required=False,
        help_text="The version you read. A PUT or PATCH must send it back (or its ETag in "
        "If-Match; without either the answer is 428): if it has changed, the update is "
        "refused with 409 and the current record.",
    )


class ApiViewSet(viewsets.GenericViewSet[Any]):
    """The conventions of every API address (docs/api.md): the filters and `ordering` of its
    list, a 400 for a query parameter it does not understand, JSON bodies in the schema."""

    filter_backends = [FilterBackend, OrderingFilter]
    schema = ApiAutoSchema()
    # Query parameters this view (or one action, as @action(query_parameters=...)) reads itself.
    query_parameters: ClassVar[frozenset[str] | set[str]] = frozenset()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # who is asking is settled first
        refuse_unknown_parameters(self, request)


class ReadOnlyApiViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """A list and its records, read-only."""


class ScopedViewSet(ApiViewSet):
    """Every query starts from the objects the user may see (never a bare .all())."""

    model: ClassVar[Any]
    write_action: ClassVar[Capability | None] = None
    reads_archived: ClassVar[bool] = True  # `?archived=true` (get_queryset below)

    def get_queryset(self) -> Any:
        queryset = restrict(self.model.objects.all(), self.request.user, Capability.VIEW)
        if hasattr(self.model, "archived_at") and not true_or_false(self.request, ARCHIVED):
            queryset = queryset.filter(archived_at__isnull=True)
        return queryset.order_by(*self.model._meta.ordering or ["pk"])

    def get_object(self) -> Any:
        try:
            return super().get_object()
        except Http404:
            lookup = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)
            log_hidden_denial(self.request.user, self.model, **{self.lookup_field: lookup})
            raise

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        """A versioned record in the answer carries its ETag (for If-Match)."""
        tag = etag_of_data(getattr(response, "data", None))
        if tag is not None and response.status_code in (200, 201):
            response["ETag"] = tag
        elif isinstance(exception_etag := getattr(response, "exception_etag", None), str):
            response["ETag"] = exception_etag
        return super().finalize_response(request, response, *args, **kwargs)

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)
        if isinstance(exc, PreconditionFailed):  # the tag one should have sent
            response.exception_etag = exc.etag  # type: ignore[attr-defined]
        return response


def _with_changes(obj: Any, data: dict[str, Any]) -> Any:
    """An unsaved copy of OBJ with the new field values (not many-to-many ones) applied."""
    proposed = copy.copy(obj)
    for name, value in data.items():
        if not isinstance(value, list):
            setattr(proposed, name, value)
    return proposed


class ScopedModelViewSet(
    ScopedViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
):
    """List, read, create, update and archive, each write through the services."""

    http_method_names: list[str] = [
        "get",
        "post",
        "patch",
        "put",
        "delete",
        "head",
        "options",
    ]

    # Writes ("create", "update", "archive") whose component service is the generic one.
    generic_writes: ClassVar[frozenset[str]] = frozenset()

    def check_write(self, obj: Any) -> None:
        if self.write_action is None:
            raise PermissionDenied("This list is read-only.")
        require(self.request.user, self.write_action, obj)

    def _generic(self, write: str) -> None:
        if write not in self.generic_writes:
            raise ImproperlyConfigured(
                f"{type(self).__name__} names no service to {write} {self.model.__name__}."
            )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("version", None)
        self.check_write(self.model(**{k: v for k, v in data.items() if not isinstance(v, list)}))
        obj = self.perform_create_object(data)
        return Response(self.get_serializer(obj).data, status=status.HTTP_201_CREATED)

    def perform_create_object(self, data: dict[str, Any]) -> Any:
        """The component's service that creates the record (overridden by the viewset)."""
        self._generic("create")
        return create_object(self.model, data, actor=self.request.user)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        self.check_write(obj)
        partial = kwargs.pop("partial", False) or request.method == "PATCH"
        serializer = self.get_serializer(obj, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        expected, from_tag = data.pop("version", None), False
        self.check_write(_with_changes(obj, data))  # moving it elsewhere needs rights there too
        if is_versioned(obj):
            expected, from_tag = expected_version(request, obj, expected)
        try:
            obj = self.perform_update_object(obj, data, expected_version=expected)
        except StaleEdit as stale:
            if from_tag:  # the tag was right when read, but another writer saved first
                raise PreconditionFailed(stale.current) from stale
            raise
        return Response(self.get_serializer(obj).data)

    def perform_update_object(
        self, obj: Any, data: dict[str, Any], *, expected_version: int | None
    ) -> Any:
        """The component's service that changes the record (overridden by the viewset)."""
        self._generic("update")
        return update_object(obj, data, actor=self.request.user, expected_version=expected_version)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """DELETE archives the record; nothing is ever deleted through the API."""
        obj = self.get_object()
        self.check_write(obj)
        self.perform_archive_object(obj)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def perform_archive_object(self, obj: Any) -> Any:
        """The component's service that archives the record (overridden by the viewset)."""
        self._generic("archive")
        return archive_object(obj, actor=self.request.user)
