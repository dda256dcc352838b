"""Conditional writes of versioned records: no PUT or PATCH without saying which version it
changes, so that an edit can never overwrite one it has not seen (a lost update).

Every versioned record read or written through the API carries an `ETag` ("<id>.<version>").
A PUT or PATCH must send either the `version` it read in the body or that tag in `If-Match`:
- neither → 428 Precondition Required;
- an `If-Match` that is not the record's current tag → 412 Precondition Failed (also when
  another writer wins the race while this one is being saved);
- a `version` in the body that is no longer current → 409 Conflict with the current record.
"""

from __future__ import annotations

from typing import Any

from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.request import Request

VERSION_REQUIRED = (
    "Send the version you are changing: the `version` you read, in the body, or its ETag "
    "in an If-Match header. Without it your change could overwrite someone else's."
)


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = VERSION_REQUIRED
    default_code = "precondition_required"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"

    def __init__(self, current: Any) -> None:
        self.etag = etag_for(current)
        super().__init__(
            f"The If-Match header does not name the current version of {current} (now "
            f"{self.etag}). Read it again and send the new ETag. Nothing was saved."
        )


def is_versioned(obj: Any) -> bool:
    return getattr(obj, "pk", None) is not None and isinstance(getattr(obj, "version", None), int)


def etag_for(obj: Any) -> str:
    """A strong tag for one version of one record."""
    return f'"{obj.pk}.{obj.version}"'


def etag_of_data(data: Any) -> str | None:
    """The tag of a serialized record (with `id` and `version`), else None."""
    if isinstance(data, dict) and isinstance(data.get("version"), int) and "id" in data:
        return f'"{data["id"]}.{data["version"]}"'
    return None


def if_match_tags(request: Request) -> list[str] | None:
    """The tags of the If-Match header (None when there is none)."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def expected_version(request: Request, obj: Any, body_version: int | None) -> tuple[int, bool]:
    """The version a PUT or PATCH of OBJ may change, and whether it came from If-Match.

    Raises PreconditionRequired without a version or a tag, PreconditionFailed when the
    tag is not OBJ's current one. `If-Match: *` does not say which version, so it is not one.
    """
    tags = if_match_tags(request)
    if tags is not None and tags != ["*"]:
        if etag_for(obj) not in tags:
            raise PreconditionFailed(obj)
        return (obj.version if body_version is None else body_version), body_version is None
    if body_version is None:
        raise PreconditionRequired()
    return body_version, False
