"""The response plan: the version in use (every member of staff reads it), the versions
before it, and the draft the safety team edits and publishes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from quadrant.assurance.incidents.response import services
from quadrant.assurance.incidents.response.access import may_edit_plan
from quadrant.assurance.incidents.response.choices import PlanStatus
from quadrant.assurance.incidents.response.forms import PublishForm, RuleForm
from quadrant.assurance.incidents.response.models import ResponsePlan, ResponseRule
from quadrant.assurance.incidents.response.views.common import PLAN_CRUMB
from quadrant.core.permissions import restrict
from quadrant.core.views.generic import add_validation_errors, run_posted_form

TEMPLATE = "assurance/incidents/response/plan.html"


def _plans(user: Any) -> Any:
    return restrict(ResponsePlan.objects.all(), user)


def _page(request: HttpRequest, plan: ResponsePlan | None, **forms: Any) -> HttpResponse:
    editing = plan is not None and plan.status == PlanStatus.DRAFT and may_edit_plan(request.user)
    context = {
        "plan": plan,
        "rules": plan.rules.filter(archived_at__isnull=True) if plan else [],
        "versions": _plans(request.user).select_related("published_by"),
        "draft": _plans(request.user).filter(status=PlanStatus.DRAFT).first(),
        "may_edit": may_edit_plan(request.user),
        "editing": editing,
        "rule_form": forms.get("rule") or (RuleForm() if editing else None),
        "publish_form": forms.get("publish") or (PublishForm() if editing else None),
        "breadcrumbs": [PLAN_CRUMB] if plan is None or plan.status != PlanStatus.PUBLISHED else [],
    }
    failed = any(form is not None and form.errors for form in forms.values())
    return render(request, TEMPLATE, context, status=400 if failed else 200)


@login_required
def plan_in_use(request: HttpRequest) -> HttpResponse:
    return _page(request, services.plan_in_use())


@login_required
def plan_version(request: HttpRequest, number: int) -> HttpResponse:
    plan = _plans(request.user).filter(number=number).first()
    if plan is None:
        raise Http404("No such version of the response plan")
    return _page(request, plan)


def _draft_or_404(request: HttpRequest) -> ResponsePlan:
    if not may_edit_plan(request.user):
        raise PermissionDenied(
            "You need permission to handle patient safety events for the whole organisation "
            "to change the response plan"
        )
    draft: ResponsePlan | None = ResponsePlan.objects.filter(status=PlanStatus.DRAFT).first()
    if draft is None:
        raise Http404("There is no draft of the response plan")
    return draft


@login_required
@require_POST
def plan_revise(request: HttpRequest) -> HttpResponse:
    draft = services.revise_plan(actor=request.user)
    messages.success(
        request, f"Draft version {draft.number} is open: change its rules, then publish it."
    )
    return redirect(draft)


@login_required
@require_POST
def rule_add(request: HttpRequest) -> HttpResponse:
    draft = _draft_or_404(request)
    form = RuleForm(request.POST)

    def save(data: dict[str, Any]) -> Any:
        data.pop("version", None)
        return services.add_rule(draft, data, actor=request.user)

    return run_posted_form(
        request,
        form,
        save,
        success="Rule added.",
        then=draft,
        redraw=lambda bound: _page(request, draft, rule=bound),
    )


def _rule_or_404(request: HttpRequest, draft: ResponsePlan, pk: int) -> ResponseRule:
    return get_object_or_404(ResponseRule, pk=pk, plan=draft)


@login_required
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft_or_404(request)
    rule = _rule_or_404(request, draft, pk)
    fields = services.RULE_FIELDS
    if request.method == "POST":
        form = RuleForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version", None)
            try:
                services.update_rule(rule, data, actor=request.user, expected_version=version)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, "Rule saved.")
                return redirect(draft)
    else:
        form = RuleForm(
            initial={**{name: getattr(rule, name) for name in fields}, "version": rule.version}
        )
    context = {
        "form": form,
        "rule": rule,
        "plan": draft,
        "breadcrumbs": [
            PLAN_CRUMB,
            {"label": f"Draft version {draft.number}", "url": draft.get_absolute_url()},
        ],
    }
    return render(
        request,
        "assurance/incidents/response/rule_form.html",
        context,
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def rule_change(request: HttpRequest, pk: int, change: str) -> HttpResponse:
    """Move a rule of the draft up or down, or remove it."""
    draft = _draft_or_404(request)
    rule = _rule_or_404(request, draft, pk)
    if change == "up":
        services.move_rule(rule, -1, actor=request.user)
    elif change == "down":
        services.move_rule(rule, 1, actor=request.user)
    elif change == "remove":
        services.remove_rule(rule, actor=request.user)
        messages.success(request, f"Rule “{rule.title}” removed.")
    else:
        raise Http404("No such change")
    return redirect(reverse("assurance:response_plan_version", args=[draft.number]) + "#rules")


@login_required
@require_POST
def plan_publish(request: HttpRequest) -> HttpResponse:
    draft = _draft_or_404(request)
    form = PublishForm(request.POST)
    return run_posted_form(
        request,
        form,
        lambda data: services.publish_plan(draft, data["summary"], actor=request.user),
        success=f"Version {draft.number} of the response plan is in use from now.",
        then="assurance:response_plan",
        redraw=lambda bound: _page(request, draft, publish=bound),
    )
