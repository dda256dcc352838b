"""Pages of every API list: `page` and `page_size` (1 to MAX_PAGE_SIZE), refused when wrong."""

from __future__ import annotations

from typing import Any

from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from quadrant.core.filtersets import parse_id

PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000


def _whole_number(request: Request, name: str, message: str) -> int | None:
    """The parameter NAME as a whole number of 1 or more (None when not sent), else a 400."""
    text = request.query_params.get(name)
    if text is None:
        return None
    number = parse_id(text)
    if number is None:
        raise ValidationError({name: [message]})
    return number


class PageNumberPagination(pagination.PageNumberPagination):
    """`{"count", "next", "previous", "results"}`, with `page` and `page_size` parameters."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request: Request) -> int:
        size = _whole_number(
            request,
            self.page_size_query_param,
            f"Page size must be a whole number from 1 to {MAX_PAGE_SIZE}",
        )
        if size is None:
            return self.page_size
        if size > MAX_PAGE_SIZE:
            raise ValidationError(
                {self.page_size_query_param: [f"Page size must be {MAX_PAGE_SIZE} or fewer"]}
            )
        return size

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        _whole_number(request, self.page_query_param, "Page must be a whole number, 1 or more")
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"] = {"type": "integer", "minimum": 1}
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = MAX_PAGE_SIZE
                parameter["description"] = (
                    f"Results per page: 1 to {MAX_PAGE_SIZE} ({PAGE_SIZE} unless told)."
                )
        return parameters
