"""Global search across every kind of object the components register."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from quadrant.core.registry import search_providers

RESULTS_PER_KIND = 20


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    groups = []
    if len(query) >= 2:
        for provider in search_providers:
            found = provider.search(request.user, query, RESULTS_PER_KIND)
            if found:
                groups.append(
                    {
                        "label": provider.label,
                        "results": [(obj, provider.describe(obj)) for obj in found],
                    }
                )
    return render(
        request,
        "core/search.html",
        {"query": query, "groups": groups, "too_short": 0 < len(query) < 2},
    )
