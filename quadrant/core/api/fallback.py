"""A JSON 404 for any path under /api/v1/ that no route matches (not the HTML error page)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # changes nothing; without this a POST would get the HTML CSRF page instead
def api_not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """API clients always get JSON, even for a malformed address such as /api/v1/jobs/1.5/."""
    return JsonResponse({"detail": "Not found."}, status=404)
