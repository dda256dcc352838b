"""Look-ups and breadcrumbs shared by the standards pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import reverse_lazy

from quadrant.assurance.standards.models import Framework, Standard
from quadrant.core.permissions import Capability, restrict
from quadrant.core.security import log_hidden_denial
from quadrant.core.views.generic import visible_or_404

STANDARDS_CRUMB = {"label": "Standards", "url": reverse_lazy("assurance:frameworks")}


def framework_or_404(user: Any, code: str) -> Framework:
    found: Framework | None = (
        restrict(Framework.objects.all(), user, Capability.VIEW).filter(code=code).first()
    )
    if found is None:
        log_hidden_denial(user, Framework, code=code)
        raise Http404("No such framework, or you may not see it.")
    return found


def standard_or_404(user: Any, pk: int) -> Standard:
    queryset = Standard.objects.select_related("framework", "group")
    return visible_or_404(Standard, user, pk, queryset, what="standard")  # type: ignore[no-any-return]


def framework_crumb(framework: Framework) -> dict[str, Any]:
    return {"label": framework.title, "url": framework.get_absolute_url()}
