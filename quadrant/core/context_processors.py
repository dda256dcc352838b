"""What every page's shell needs: the organisation's name, navigation, the signed-in person."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from quadrant.core.registry import navigation


def shell(request: HttpRequest) -> dict[str, Any]:
    """Worked out once a request: a page that renders its sections separately (the home page,
    a unit's page) runs the context processors once for each of them."""
    cached = getattr(request, "_quadrant_shell", None)
    if cached is None:
        cached = _shell(request)
        setattr(request, "_quadrant_shell", cached)  # noqa: B010 - an attribute HttpRequest lacks
    return cached


def _shell(request: HttpRequest) -> dict[str, Any]:
    from quadrant.organisation.models import OrganisationSettings

    org = OrganisationSettings.current()
    user = request.user
    items = []
    if user.is_authenticated:
        for item in navigation:
            if not item.visible(user):
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            current = request.path == url or (url != "/" and request.path.startswith(url))
            items.append({"label": item.label, "url": url, "current": current})
    return {
        "organisation_name": settings.QUADRANT_ORGANISATION_NAME or org.name,
        "qms_name": org.qms_name,
        "nav_items": items,
        "quadrant_env": settings.QUADRANT_ENV,
    }
