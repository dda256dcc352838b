"""Look-ups and breadcrumbs shared by the response pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse_lazy

from quadrant.assurance.incidents.response.models import LearningResponse
from quadrant.core.views.generic import visible_or_404

RESPONSES_CRUMB = {
    "label": "Learning responses",
    "url": reverse_lazy("assurance:learning_responses"),
}
TRIAGE_CRUMB = {"label": "Triage", "url": reverse_lazy("assurance:triage_queue")}
PLAN_CRUMB = {"label": "Response plan", "url": reverse_lazy("assurance:response_plan")}
RESPONSE_QUERYSET = LearningResponse.objects.select_related("event", "event__org_unit", "lead")


def response_or_404(user: Any, pk: int) -> LearningResponse:
    return visible_or_404(  # type: ignore[no-any-return]
        LearningResponse, user, pk, RESPONSE_QUERYSET, what="learning response"
    )
