"""Which query parameters an API address understands; any other is a 400 naming those it does.

A list understands its filters, `ordering`, `page` and `page_size`; every address `format`
(DRF's renderer choice) and, for records that are archived rather than deleted, `archived`.
A view (or an action, through `@action(query_parameters=...)`) adds its own names in
`query_parameters`. FHIR addresses speak FHIR's search parameters and answer FHIR errors, so
the rule leaves them to their views.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from quadrant.core.api.ordering import ORDERING, OrderingFilter, model_of
from quadrant.core.filtersets import FALSE, TRUE, FilterBackend, not_true_or_false

ALWAYS = frozenset({"format"})
ARCHIVED = "archived"
PAGES = ("page", "page_size")
FHIR_MEDIA = "fhir"


@cache
def filter_names(view_class: Any, model: Any) -> frozenset[str]:
    """The filters of VIEW_CLASS's list (the same for every request, so worked out once)."""
    view = view_class()
    filterset = FilterBackend().get_filterset_class(view, model._default_manager.none())
    return frozenset(filterset.base_filters) if filterset is not None else frozenset()


def is_archivable(view: Any) -> bool:
    """Whether VIEW leaves archived records out unless `archived=true` asks for them."""
    return bool(getattr(view, "reads_archived", False)) and hasattr(model_of(view), "archived_at")


def understood_parameters(view: Any) -> set[str]:
    """The query parameters VIEW answers to for the action it is running."""
    names = set(ALWAYS) | set(getattr(view, "query_parameters", ()))
    action = getattr(view, "action", None)  # None: a plain view, such as the token endpoint
    if is_archivable(view) and (action == "list" or getattr(view, "detail", False)):
        names.add(ARCHIVED)
    if action == "list":
        backends = tuple(view.filter_backends)
        if any(issubclass(backend, FilterBackend) for backend in backends):
            names.update(filter_names(view.__class__, model_of(view)))
        if any(issubclass(backend, OrderingFilter) for backend in backends):
            names.add(ORDERING)
        if view.paginator is not None:
            names.update(PAGES)
    return names


def speaks_fhir(view: Any) -> bool:
    media = [kind.media_type for kind in (*view.renderer_classes, *view.parser_classes)]
    return any(FHIR_MEDIA in name for name in media)


def refuse_unknown_parameters(view: Any, request: Request) -> None:
    """A 400 naming each query parameter VIEW does not understand, and those it does."""
    if speaks_fhir(view):
        return
    understood = understood_parameters(view)
    unknown = sorted(set(request.query_params) - understood)
    if not unknown:
        return
    known = ", ".join(sorted(understood))
    raise ValidationError(
        {
            name[:60]: [
                f"“{name[:60]}” is not a query parameter of this address: use one of {known}"
            ]
            for name in unknown
        }
    )


def true_or_false(request: Request, name: str) -> bool:
    """The query parameter NAME as a yes or no (no when it is not sent), else a 400."""
    text = request.query_params.get(name, "").strip().lower()
    if text in TRUE:
        return True
    if text in FALSE or not text:
        return False
    raise ValidationError({name: [not_true_or_false(name)]})
