"""A JSON 404 for any path under /api/v1/ that no route matches (not the HTML error page)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from quadrant.core.api.errors import PROBLEM_JSON, problem


@csrf_exempt  # changes nothing; without this a POST would get the HTML CSRF page instead
def api_not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """API clients always get JSON, even for a malformed address such as /api/v1/jobs/1.5/."""
    return JsonResponse(problem(404, detail="Not found."), status=404, content_type=PROBLEM_JSON)


@csrf_exempt  # the redirect changes nothing; the new address checks the request as usual
def moved_permanently(request: HttpRequest, rest: str = "", *, to: str) -> HttpResponse:
    """A 308 from an old API address to its new one (TO + REST, query kept): the method and
    body are sent again unchanged, so old clients that follow redirects go on working."""
    query = request.META.get("QUERY_STRING", "")
    response = HttpResponse(status=308)
    response["Location"] = f"/api/v1/{to}{rest}" + (f"?{query}" if query else "")
    return response
