"""The one way a stored upload is sent to a reader, after the caller has checked that the
reader may see the record it belongs to: the stored type, nosniff, a policy that lets the file
run nothing, no caching on shared PCs, and a line in the security log."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest

from quadrant.core.security import exported
from quadrant.core.uploads.kinds import KINDS

FILE_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


def file_response(
    request: HttpRequest, stored: Any, *, name: str, content_type: str, what: str
) -> FileResponse:
    """STORED (a FieldFile) as NAME: shown in the browser when it is a JPEG, PNG or PDF,
    otherwise (a file kept from before uploads were checked) only downloaded."""
    kind = KINDS.get(content_type)
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The file is no longer available.") from None
    response = FileResponse(
        handle,
        as_attachment=kind is None,
        filename=name,
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_POLICY
    response["Cache-Control"] = "private, no-store"
    return exported(request, response, what, rows=1)
