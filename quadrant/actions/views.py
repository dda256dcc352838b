"""Pages of the action tracker: my actions, a unit's actions, one action and its steps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from quadrant.actions import forms, services
from quadrant.actions.choices import LIVE_STATUSES, ActionStatus
from quadrant.actions.models import Action
from quadrant.core.permissions import Capability, may, require, restrict
from quadrant.core.uploads import file_response, kind_of_stored
from quadrant.core.views.generic import (
    form_page,
    paginate,
    versioned_form_page,
)

MY_CRUMB = {"label": "My actions", "url": "/actions/"}
STATUS_FILTERS = {"live": LIVE_STATUSES, "done": (ActionStatus.DONE,),
                  "verified": (ActionStatus.VERIFIED,)}  # fmt: skip


def _visible(request: HttpRequest, pk: int) -> Action:
    queryset = forms.visible_actions(request.user).select_related(
        "owner", "org_unit", "verified_by", "source_type"
    )
    action: Action = get_object_or_404(queryset, pk=pk)
    return action


def _status_filter(request: HttpRequest, queryset: Any) -> tuple[Any, str]:
    chosen = request.GET.get("status", "live")
    if chosen in STATUS_FILTERS:
        queryset = queryset.filter(status__in=STATUS_FILTERS[chosen])
    else:
        chosen = "all"
    return queryset, chosen


@login_required
def my_actions(request: HttpRequest) -> HttpResponse:
    """The actions I own (overdue first) and those waiting for me to verify them."""
    mine, chosen = _status_filter(
        request, forms.visible_actions(request.user).filter(owner=request.user)
    )
    to_verify = (
        restrict(Action.objects.all(), request.user, Capability.ACT_ON_SIGNALS)
        .filter(status=ActionStatus.DONE, archived_at__isnull=True)
        .exclude(owner=request.user)
    )
    context = {
        "page": paginate(request, mine.select_related("org_unit").order_by("due_date", "pk")),
        "to_verify": to_verify.select_related("owner", "org_unit")[:20],
        "status": chosen,
        "today": dt.date.today(),
    }
    return render(request, "actions/my_actions.html", context)


@login_required
def unit_actions(request: HttpRequest, code: str) -> HttpResponse:
    """The actions of a unit and the units below it."""
    from quadrant.core.permissions import visible_units

    unit = get_object_or_404(visible_units(request.user), code=code)
    queryset = forms.visible_actions(request.user).filter(org_unit__path__startswith=unit.path)
    queryset, chosen = _status_filter(request, queryset)
    context = {
        "unit": unit,
        "page": paginate(request, queryset.select_related("owner", "org_unit")),
        "status": chosen,
        "today": dt.date.today(),
        "can_add": may(request.user, Capability.ACT_ON_SIGNALS, unit),
        "breadcrumbs": [{"label": unit.name, "url": unit.get_absolute_url()}],
    }
    return render(request, "actions/unit_actions.html", context)


@login_required
def action_create(request: HttpRequest, code: str) -> HttpResponse:
    """Raise an action at a unit (without a source)."""
    from quadrant.core.permissions import visible_units

    unit = get_object_or_404(visible_units(request.user), code=code)
    require(request.user, Capability.ACT_ON_SIGNALS, unit)
    return form_page(
        request,
        forms.ActionForm(request.POST or None, unit=unit, user=request.user),
        lambda data: services.raise_action(org_unit=unit, actor=request.user, **data),
        success=lambda action: f"The action “{action}” has been raised.",
        title=f"Raise an action for {unit.name}",
        cancel_url=unit.get_absolute_url(),
    )


@login_required
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = _visible(request, pk)
    user = request.user
    manages = may(user, Capability.ACT_ON_SIGNALS, action.org_unit)
    works_on = manages or user.pk == action.owner_id
    context = {
        "action": action,
        "source": action.source if action.source_id else None,
        "today": dt.date.today(),
        "can_edit": manages and action.is_live,
        "can_start": works_on and action.status == ActionStatus.OPEN,
        "can_complete": works_on and action.is_live,
        "can_verify": manages and action.status == ActionStatus.DONE and user.pk != action.owner_id,
        "verify_refusal": (
            "You own this action, so someone else must verify it."
            if action.status == ActionStatus.DONE and user.pk == action.owner_id
            else ""
        ),
        "can_reassign": manages and action.is_live,
        "complete_form": forms.CompleteForm(),
        "reassign_form": forms.ReassignForm(unit=action.org_unit) if manages else None,
        "reopen_form": forms.ReopenForm() if manages else None,
        "breadcrumbs": [MY_CRUMB],
    }
    return render(request, "actions/action_detail.html", context)


def _step(request: HttpRequest, pk: int, step: Any, done: str) -> HttpResponse:
    """Take one step on a visible action, ``step(action, actor=...)``, and go back to it."""
    action = _visible(request, pk)
    try:
        step(action, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect(action)
    else:
        messages.success(request, done)
    return redirect(action)


@login_required
@require_POST
def action_start(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.start_action, "The action is now in progress.")


@login_required
@require_POST
def action_verify(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.verify_action, "You have verified the action.")


@login_required
def action_complete(request: HttpRequest, pk: int) -> HttpResponse:
    action = _visible(request, pk)
    return form_page(
        request,
        forms.CompleteForm(request.POST or None, request.FILES or None),
        lambda data: services.complete_action(action, actor=request.user, **data),
        success="The action is marked done and waits for verification.",
        then=action,
        title=f"Complete “{action}”",
        cancel_url=action.get_absolute_url(),
        multipart=True,
    )


@login_required
def action_evidence(request: HttpRequest, pk: int) -> FileResponse:
    """The file attached as evidence, to the people who may see the action."""
    action = _visible(request, pk)
    if not action.evidence_file:
        raise Http404("This action has no file attached.")
    kind = kind_of_stored(action.evidence_file.name)
    extension = kind.extensions[0] if kind else "bin"
    return file_response(
        request, action.evidence_file, name=f"evidence-of-action-{action.pk}.{extension}",
        content_type=kind.content_type if kind else "application/octet-stream",
        what=f"evidence file of action {action.pk}",
    )  # fmt: skip


@login_required
def action_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    action = _visible(request, pk)
    require(request.user, Capability.ACT_ON_SIGNALS, action.org_unit)
    return form_page(
        request,
        forms.ReassignForm(request.POST or None, unit=action.org_unit),
        lambda data: services.reassign_action(action, data["owner"], actor=request.user),
        success=lambda _: f"The action now belongs to {action.owner}.",
        then=action,
        title=f"Give “{action}” to someone else",
        cancel_url=action.get_absolute_url(),
    )


@login_required
def action_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    action = _visible(request, pk)
    return form_page(
        request,
        forms.ReopenForm(request.POST or None),
        lambda data: services.reopen_action(action, reason=data["reason"], actor=request.user),
        success="The action has been sent back to its owner.",
        then=action,
        title=f"Send “{action}” back",
        cancel_url=action.get_absolute_url(),
    )


@login_required
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = _visible(request, pk)
    require(request.user, Capability.ACT_ON_SIGNALS, action.org_unit)
    initial = {"version": action.version, "title": action.title,
               "description": action.description, "due_date": action.due_date}  # fmt: skip
    form = forms.EditActionForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any], expected: int) -> Any:
        return services.update_action(action, data, actor=request.user, expected_version=expected)

    return versioned_form_page(
        request, form, save, success="The action has been updated.", then=action,
        title=f"Change “{action}”", cancel_url=action.get_absolute_url(),
    )  # fmt: skip
