"""Look-ups and breadcrumbs shared by the audit pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse_lazy

from quadrant.assurance.audits.models import AuditQuestion, AuditSection, AuditTemplate
from quadrant.core.views.generic import visible_or_404

AUDITS_CRUMB = {"label": "Audits", "url": reverse_lazy("assurance:audits")}
TEMPLATES_CRUMB = {"label": "Audit templates", "url": reverse_lazy("assurance:audit_templates")}


def template_or_404(user: Any, pk: int) -> AuditTemplate:
    return visible_or_404(AuditTemplate, user, pk, what="audit template")  # type: ignore[no-any-return]


def section_or_404(user: Any, pk: int) -> AuditSection:
    queryset = AuditSection.objects.select_related("template")
    return visible_or_404(AuditSection, user, pk, queryset, live=True, what="section")  # type: ignore[no-any-return]


def question_or_404(user: Any, pk: int) -> AuditQuestion:
    queryset = AuditQuestion.objects.select_related("section__template")
    return visible_or_404(AuditQuestion, user, pk, queryset, live=True, what="question")  # type: ignore[no-any-return]


def template_crumbs(template: AuditTemplate) -> list[dict[str, Any]]:
    return [TEMPLATES_CRUMB, {"label": template.title, "url": template.get_absolute_url()}]
