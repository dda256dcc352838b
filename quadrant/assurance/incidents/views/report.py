"""Reporting: the one-page form, its autosaved draft, and the acknowledgement.

The draft is kept twice, so that nothing typed is lost: in the browser (localStorage, by
report-draft.js, without the patient's details) and, for a signed-in reporter who is not
reporting anonymously, on the server as they type (a ReportDraft, private to them). After
signing in again the form comes back from whichever copy is newer.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from quadrant.assurance.incidents import services
from quadrant.assurance.incidents.forms import ReportForm
from quadrant.assurance.incidents.views.common import MY_REPORTS_CRUMB, event_or_404
from quadrant.core.permissions import Capability, require
from quadrant.core.views.generic import add_validation_errors

TEMPLATE = "assurance/incidents/report_form.html"


@login_required
def report_new(request: HttpRequest) -> HttpResponse:
    """Report a patient safety event: named (acknowledged by reference, followed on "My
    reports") or anonymous (acknowledged with a receipt code shown once, on this answer)."""
    require(request.user, Capability.REPORT_INCIDENT)
    draft = services.load_draft(request.user) if request.method == "GET" else None
    form = ReportForm(request.POST or None, user=request.user)
    if draft is not None and draft.data and not form.is_bound:
        form = ReportForm(initial=_initial(draft.data), user=request.user)
    if request.method == "POST" and form.is_valid():
        anonymous = bool(form.cleaned_data["anonymous"])
        try:
            submitted = services.submit_report(
                form.report_fields(), anonymous=anonymous,
                submission=form.cleaned_data["submission"], actor=request.user,
            )  # fmt: skip
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            if submitted.repeated:
                return _sent_already(request, submitted.event)
            if anonymous:
                context = {"event": submitted.event, "receipt_code": submitted.receipt_code}
                return render(request, "assurance/incidents/received.html", context)
            return redirect("assurance:safety_report_received", pk=submitted.event.pk)
    context = {
        "form": form,
        "draft_saved_at": draft.saved_at.isoformat() if draft is not None else "",
    }
    return render(request, TEMPLATE, context, status=400 if form.errors else 200)


def _sent_already(request: HttpRequest, event: Any) -> HttpResponse:
    """The same form page sent again (a refresh of the acknowledgement, a second tap): nothing
    more is stored. The reporter of a named report goes back to its acknowledgement; for an
    anonymous one nothing says whose it was, and its receipt code was shown the first time."""
    if not event.anonymous and event.reporter_id == request.user.pk:
        return redirect("assurance:safety_report_received", pk=event.pk)
    return render(request, "assurance/incidents/sent_already.html", status=200)


def _initial(data: dict[str, Any]) -> dict[str, Any]:
    """A stored draft as the form's initial values (dates from their three boxes)."""
    initial = dict(data)
    for date in ("occurred_on", "patient_date_of_birth"):
        parts = [data.get(f"{date}-{part}", "") for part in ("day", "month", "year")]
        if any(parts):
            initial[date] = tuple(parts)
    initial["reportable_to_cqc"] = data.get("reportable_to_cqc") in ("on", "true", True)
    return initial


@login_required
@require_POST
def draft_save(request: HttpRequest) -> HttpResponse:
    """Keep the draft as typed (the page posts it a moment after each change). A reporter
    whose session has lapsed is sent to the sign-in page like any request; the page sees the
    redirect, keeps the draft in the browser and says so. An anonymous draft is not kept
    here: asking to keep one discards the server copy instead."""
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"detail": "The draft must be JSON."}, status=400)
    if not isinstance(data, dict):
        return JsonResponse({"detail": "The draft must be a JSON object."}, status=400)
    try:
        if data.get("anonymous") in ("on", "true", True):
            services.discard_draft(actor=request.user)
            return JsonResponse({"saved": False, "kept": "browser"})
        draft = services.save_draft(data, actor=request.user)
    except PermissionDenied as denied:
        return JsonResponse({"detail": str(denied)}, status=403)
    return JsonResponse({"saved": True, "saved_at": draft.saved_at.isoformat()})


@login_required
def report_received(request: HttpRequest, pk: int) -> HttpResponse:
    """The acknowledgement of a named report: its reference, and what happens next."""
    event = event_or_404(request.user, pk)
    if event.reporter_id != request.user.pk:
        return redirect(event)
    context = {"event": event, "breadcrumbs": [MY_REPORTS_CRUMB]}
    return render(request, "assurance/incidents/received.html", context)
