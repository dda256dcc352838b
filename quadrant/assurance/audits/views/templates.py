"""Template pages: the list, a template's questions by section, and the pages that build and
edit it (quality leads; an edit of a template in use makes a new version)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from quadrant.assurance.audits import services
from quadrant.assurance.audits.access import manages_audits, require_template_manager
from quadrant.assurance.audits.forms import QuestionForm, SectionForm, TemplateForm
from quadrant.assurance.audits.models import AuditQuestion, AuditTemplate
from quadrant.assurance.audits.views.common import (
    TEMPLATES_CRUMB,
    question_or_404,
    section_or_404,
    template_crumbs,
    template_or_404,
)
from quadrant.core.permissions import Capability, restrict
from quadrant.core.views.generic import form_page

NEW_VERSION_NOTE = " Runs of the earlier version keep it."


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    templates = restrict(AuditTemplate.objects.all(), request.user, Capability.VIEW).filter(
        superseded_at__isnull=True, archived_at__isnull=True
    )
    context = {"templates": templates, "may_manage": manages_audits(request.user)}
    return render(request, "assurance/audits/template_list.html", context)


@login_required
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = template_or_404(request.user, pk)
    questions = (
        AuditQuestion.objects.filter(section__template=template, archived_at__isnull=True)
        .select_related("section")
        .prefetch_related("standards")
    )
    sections: dict[Any, list[AuditQuestion]] = {
        section: [] for section in template.sections.filter(archived_at__isnull=True)
    }
    for question in questions:
        sections.setdefault(question.section, []).append(question)
    versions = AuditTemplate.objects.filter(code=template.code).order_by("-version_number")
    context = {
        "template": template,
        "sections": sections.items(),
        "versions": versions,
        "may_manage": manages_audits(request.user) and template.is_current,
        "in_use": template.runs.exists(),
        "breadcrumbs": [TEMPLATES_CRUMB],
    }
    return render(request, "assurance/audits/template_detail.html", context)


@login_required
def template_create(request: HttpRequest) -> HttpResponse:
    require_template_manager(request.user)
    return form_page(
        request,
        TemplateForm(request.POST or None),
        lambda data: services.create_template(data, actor=request.user),
        success=lambda template: f"Template “{template}” has been created: add its sections.",
        title="New audit template",
        cancel_url=TEMPLATES_CRUMB["url"],
        breadcrumbs=[TEMPLATES_CRUMB],
    )


@login_required
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = template_or_404(request.user, pk)
    require_template_manager(request.user)
    form = TemplateForm(request.POST or None, instance=template, editing=True)
    return _editing_page(
        request, template, form,
        lambda data: services.update_template(template, data, actor=request.user),
        what="The template", title=f"Change “{template}”",
    )  # fmt: skip


@login_required
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
    template = template_or_404(request.user, pk)
    require_template_manager(request.user)
    return _editing_page(
        request, template, SectionForm(request.POST or None),
        lambda data: services.add_section(template, data["title"], actor=request.user).template,
        what="The section", title="Add a section",
    )  # fmt: skip


@login_required
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    section = section_or_404(request.user, pk)
    require_template_manager(request.user)

    def save(data: dict[str, Any]) -> AuditTemplate:
        standards = data.pop("standards", [])
        question = services.add_question(section, data, standards=standards, actor=request.user)
        return question.section.template

    return _editing_page(
        request, section.template, QuestionForm(request.POST or None, user=request.user), save,
        what="The question", title=f"Add a question to “{section}”",
    )  # fmt: skip


@login_required
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_or_404(request.user, pk)
    require_template_manager(request.user)

    def save(data: dict[str, Any]) -> AuditTemplate:
        standards = data.pop("standards", [])
        saved = services.update_question(question, data, standards=standards, actor=request.user)
        return saved.section.template

    form = QuestionForm(request.POST or None, instance=question, user=request.user)
    return _editing_page(
        request, question.section.template, form, save,
        what="The question", title="Change the question",
    )  # fmt: skip


def _editing_page(
    request: HttpRequest,
    template: AuditTemplate,
    form: Any,
    save: Callable[[dict[str, Any]], AuditTemplate],
    *,
    what: str,
    title: str,
) -> HttpResponse:
    """A page that edits TEMPLATE: SAVE returns the version it changed (a new one once the
    template has runs), where the page then goes."""
    return form_page(
        request,
        form,
        save,
        success=lambda new: _saved_message(what, template, new.version_number),
        title=title,
        lede=_lede(template),
        cancel_url=template.get_absolute_url(),
        breadcrumbs=template_crumbs(template),
    )


@login_required
@require_POST
def question_remove(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_or_404(request.user, pk)
    template = question.section.template
    new = services.remove_question(question, actor=request.user)
    messages.success(request, _saved_message("The question", template, new.version_number,
                                             done="removed"))  # fmt: skip
    return redirect(new)


def _lede(template: AuditTemplate) -> str:
    if template.runs.exists():
        return (
            f"This template has been used. Saving makes version {template.version_number + 1};"
            f"{NEW_VERSION_NOTE}"
        )
    return ""


def _saved_message(
    what: str, template: AuditTemplate, new_version: int, done: str = "saved"
) -> str:
    if new_version != template.version_number:
        return f"{what} has been {done} in version {new_version} of “{template}”.{NEW_VERSION_NOTE}"
    return f"{what} has been {done}."
