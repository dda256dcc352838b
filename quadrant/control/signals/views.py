"""Signal pages: a signal with its measure, acknowledging it, turning it into an action, and
the signals of a unit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from quadrant.actions.public import ActionForm, actions_for_source
from quadrant.control.signals.models import Signal, SignalStatus
from quadrant.control.signals.rules import acknowledge_signal, turn_signal_into_action
from quadrant.core.permissions import Capability, may, require, restrict, visible_units
from quadrant.core.views.generic import form_page, paginate


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label="What you found",
        help_text="For example: checked with the ward; a known cause; no action needed.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what you found, or why no action is needed"},
    )


def _signal(request: HttpRequest, pk: int) -> Signal:
    queryset = restrict(Signal.objects.all(), request.user, Capability.VIEW).select_related(
        "measure", "measure__org_unit", "measure__owner", "handled_by"
    )
    signal: Signal = get_object_or_404(queryset, pk=pk)
    return signal


def _crumbs(signal: Signal) -> list[dict[str, str]]:
    return [{"label": signal.measure.name, "url": signal.measure.get_absolute_url()}]


@login_required
def signal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    signal = _signal(request, pk)
    context = {
        "signal": signal,
        "measure": signal.measure,
        "actions": list(actions_for_source(signal).select_related("owner")),
        "can_act": signal.status in (SignalStatus.OPEN, SignalStatus.ACKNOWLEDGED)
        and may(request.user, Capability.ACT_ON_SIGNALS, signal),
        "breadcrumbs": _crumbs(signal),
    }
    return render(request, "control/signal_detail.html", context)


def _signal_form_page(
    request: HttpRequest, signal: Signal, form: forms.BaseForm, save: Any, **context: Any
) -> HttpResponse:
    """A form page about one signal: its measure and detail as the lede, back to it on cancel."""
    return form_page(
        request,
        form,
        save,
        lede=f"{signal.measure.name}: {signal.detail}",
        cancel_url=signal.get_absolute_url(),
        breadcrumbs=_crumbs(signal),
        **context,
    )


@login_required
def signal_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    signal = _signal(request, pk)
    require(request.user, Capability.ACT_ON_SIGNALS, signal)
    return _signal_form_page(
        request,
        signal,
        AcknowledgeForm(request.POST or None),
        lambda data: acknowledge_signal(signal, note=data["note"], actor=request.user),
        success="The signal is acknowledged.",
        then=signal,
        title="Acknowledge the signal",
        submit_label="Acknowledge",
    )


@login_required
def signal_to_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Turn the signal into an action with an owner and a due date."""
    signal = _signal(request, pk)
    require(request.user, Capability.ACT_ON_SIGNALS, signal)
    unit = signal.measure.org_unit
    initial = {"title": f"Investigate: {signal.measure.name}"}
    return _signal_form_page(
        request,
        signal,
        ActionForm(request.POST or None, unit=unit, user=request.user, initial=initial),
        lambda data: turn_signal_into_action(signal, actor=request.user, **data),
        success=lambda action: f"The action “{action}” has been raised from the signal.",
        title="Turn the signal into an action",
        submit_label="Raise the action",
    )


@login_required
def unit_signals(request: HttpRequest, code: str) -> HttpResponse:
    """The signals of a unit and the units below it (open ones unless asked for all)."""
    unit = get_object_or_404(visible_units(request.user), code=code)
    queryset: Any = restrict(Signal.objects.all(), request.user, Capability.VIEW).filter(
        measure__org_unit__path__startswith=unit.path
    )
    show = request.GET.get("show", "open")
    if show == "open":
        queryset = queryset.filter(status=SignalStatus.OPEN)
    context = {
        "unit": unit,
        "show": show,
        "page": paginate(request, queryset.select_related("measure", "measure__org_unit")),
        "breadcrumbs": [{"label": unit.name, "url": unit.get_absolute_url()}],
    }
    return render(request, "control/signal_list.html", context)
