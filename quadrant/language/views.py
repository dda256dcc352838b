"""Shared-language pages: the settings (quality leads and administrators) and the glossary
(everyone signed in)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from quadrant.core.permissions import Capability, may, require
from quadrant.core.services import archive_object
from quadrant.core.views.generic import VersionedUpdateView, add_validation_errors
from quadrant.language import forms, services
from quadrant.language.choices import Component
from quadrant.language.models import (
    GlossaryTerm,
    GuidingQuestion,
    QualityDomain,
    QualityDomainSet,
)
from quadrant.organisation.models import OrganisationSettings

SETTINGS_CRUMB = {"label": "Shared language", "url": reverse_lazy("language:settings")}


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    """The QMS name, the domain sets (which one is in use) and the guiding questions."""
    require(request.user, Capability.SHARED_LANGUAGE)
    name_form = forms.QmsNameForm(
        request.POST or None, initial={"qms_name": OrganisationSettings.current().qms_name}
    )
    if request.method == "POST" and name_form.is_valid():
        try:
            services.set_qms_name(name_form.cleaned_data["qms_name"], actor=request.user)
        except ValidationError as error:
            add_validation_errors(name_form, error)
        else:
            messages.success(request, "The name of your quality management system is saved.")
            return redirect("language:settings")
    questions = GuidingQuestion.objects.filter(archived_at__isnull=True)
    by_component = [
        (label, [q for q in questions if q.component == value])
        for value, label in Component.choices
    ]
    context = {
        "form": name_form,
        "domain_sets": QualityDomainSet.objects.filter(archived_at__isnull=True).prefetch_related(
            "domains"
        ),
        "questions": by_component,
        "question_form": forms.QuestionForm(),
        "set_form": forms.DomainSetForm(),
    }
    return render(request, "language/settings.html", context)


def _form_post(
    request: HttpRequest, form: Any, write: Any, success: str, template: str, **context: Any
) -> HttpResponse:
    """Validate FORM, call WRITE(cleaned_data), redirect with SUCCESS or show the errors."""
    if form.is_valid():
        try:
            obj = write(form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, success.format(object=obj))
            return redirect(obj.get_absolute_url())
    return render(request, template, {"form": form, **context}, status=400)


@login_required
def domain_set_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.SHARED_LANGUAGE)
    form = forms.DomainSetForm(request.POST or None)
    if request.method != "POST":
        context = {"form": form, **_form_context("Add a set of domains")}
        return render(request, "core/form.html", context)
    return _form_post(
        request,
        form,
        lambda data: services.create_domain_set(
            data["name"], data["description"], actor=request.user
        ),
        "“{object}” has been added. Now add its domains.",
        "core/form.html",
        **_form_context("Add a set of domains"),
    )


def _form_context(title: str) -> dict[str, Any]:
    return {
        "title": title,
        "breadcrumbs": [SETTINGS_CRUMB],
        "cancel_url": reverse("language:settings"),
    }


@login_required
def domain_set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Capability.SHARED_LANGUAGE)
    domain_set = get_object_or_404(QualityDomainSet, pk=pk)
    form = forms.DomainForm(request.POST or None)
    if request.method == "POST":
        return _form_post(
            request,
            form,
            lambda data: services.add_quality_domain(
                domain_set, data["name"], data["description"], actor=request.user
            ),
            "The domain “{object}” has been added.",
            "language/domain_set.html",
            domain_set=domain_set,
            breadcrumbs=[SETTINGS_CRUMB],
        )
    context = {"domain_set": domain_set, "form": form, "breadcrumbs": [SETTINGS_CRUMB]}
    return render(request, "language/domain_set.html", context)


@login_required
@require_POST
def domain_set_activate(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Capability.SHARED_LANGUAGE)
    domain_set = get_object_or_404(QualityDomainSet, pk=pk)
    try:
        services.activate_domain_set(domain_set, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{domain_set}” is now the set of domains in use.")
    return redirect("language:settings")


@login_required
@require_POST
def question_add(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.SHARED_LANGUAGE)
    form = forms.QuestionForm(request.POST)
    return _form_post(
        request,
        form,
        lambda data: services.add_guiding_question(
            data["component"], data["text"], actor=request.user
        ),
        "The guiding question has been added.",
        "core/form.html",
        **_form_context("Add a guiding question"),
    )


@login_required
@require_POST
def question_remove(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(GuidingQuestion, pk=pk, archived_at__isnull=True)
    require(request.user, Capability.SHARED_LANGUAGE, question)
    archive_object(question, actor=request.user)
    messages.success(request, f"“{question}” has been removed.")
    return redirect("language:settings")


@login_required
def glossary(request: HttpRequest) -> HttpResponse:
    """Every term with its definition (everyone signed in); quality leads add and edit terms."""
    can_edit = may(request.user, Capability.SHARED_LANGUAGE)
    form = forms.TermForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        require(request.user, Capability.SHARED_LANGUAGE)
        assert form is not None
        terms = GlossaryTerm.objects.filter(archived_at__isnull=True)
        return _form_post(
            request,
            form,
            lambda data: services.add_glossary_term(
                data["term"], data["definition"], actor=request.user
            ),
            "“{object}” has been added to the glossary.",
            "language/glossary.html",
            terms=terms,
            can_edit=can_edit,
        )
    terms = GlossaryTerm.objects.filter(archived_at__isnull=True)
    return render(
        request, "language/glossary.html", {"terms": terms, "form": form, "can_edit": can_edit}
    )


class LanguageEditView(VersionedUpdateView):
    """Edit a domain, guiding question or glossary term (versioned)."""

    model: Any = None
    template_name = "core/form.html"
    success_message = "Your changes to “{object}” have been saved."

    def get_object(self) -> Any:
        obj = get_object_or_404(self.model, pk=self.kwargs["pk"], archived_at__isnull=True)
        require(self.request.user, Capability.SHARED_LANGUAGE, obj)
        return obj

    def save(self, changes: dict[str, Any], expected_version: int) -> Any:
        return services.edit_language_record(
            self.object, changes, actor=self.request.user, expected_version=expected_version
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(title=f"Edit “{self.object}”", breadcrumbs=[SETTINGS_CRUMB])
        return context


domain_edit = LanguageEditView.as_view(model=QualityDomain, form_class=forms.DomainEditForm)
question_edit = LanguageEditView.as_view(model=GuidingQuestion, form_class=forms.QuestionEditForm)
term_edit = LanguageEditView.as_view(model=GlossaryTerm, form_class=forms.TermEditForm)
