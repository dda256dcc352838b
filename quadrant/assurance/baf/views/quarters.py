"""Frozen quarters: the list, freezing this quarter, a quarter as frozen (its seal checked
again, compared with the quarter before), its sign-off, and its PDF and Excel."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from quadrant.assurance.baf import services
from quadrant.assurance.baf.access import require_quarters
from quadrant.assurance.baf.models import BafQuarter
from quadrant.assurance.baf.snapshots import compare, seal_holds, utc_text
from quadrant.assurance.baf.views.board import document_pdf, document_xlsx
from quadrant.assurance.baf.views.common import BAF_CRUMB, document_context
from quadrant.core.services import StaleEdit
from quadrant.core.views.generic import visible_or_404
from quadrant.core.views.history import history_url

QUARTERS_CRUMB = {"label": "Frozen quarters", "url": reverse_lazy("assurance:baf_quarters")}


def _quarter_or_404(request: HttpRequest, pk: int) -> BafQuarter:
    require_quarters(request.user)
    found: BafQuarter = visible_or_404(
        BafQuarter, request.user, pk,
        BafQuarter.objects.select_related("frozen_by", "signed_off_by"), what="frozen quarter",
    )  # fmt: skip
    return found


@login_required
def quarter_list(request: HttpRequest) -> HttpResponse:
    require_quarters(request.user)
    quarters = list(BafQuarter.objects.select_related("frozen_by", "signed_off_by"))
    rows = [{"quarter": q, "sealed": seal_holds(q), "signed": utc_text(q.signed_off_at)}
            for q in quarters]  # fmt: skip
    context = {"rows": rows, "breadcrumbs": [BAF_CRUMB]}
    return render(request, "assurance/baf/quarters.html", context)


@login_required
@require_POST
def quarter_freeze(request: HttpRequest) -> HttpResponse:
    require_quarters(request.user)
    try:
        quarter = services.freeze_quarter(actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assurance:baf_quarters")
    messages.success(request, f"The BAF of {quarter.label} has been frozen. Check it, then "
                              "sign it off.")  # fmt: skip
    return redirect(quarter)


def _quarter_context(quarter: BafQuarter) -> dict[str, Any]:
    earlier = BafQuarter.objects.filter(quarter_start__lt=quarter.quarter_start)
    previous = earlier.order_by("-quarter_start").first()
    title = f"Current and target score of each principal risk, {quarter.label}"
    return {
        **document_context(quarter.snapshot, title),
        "quarter": quarter,
        "sealed": seal_holds(quarter),
        # in groups of eight, so that a phone can wrap it
        "seal_text": " ".join(quarter.sha256[n : n + 8] for n in range(0, len(quarter.sha256), 8)),
        "signed_text": utc_text(quarter.signed_off_at),
        "frozen_text": utc_text(quarter.frozen_at),
        "previous": previous,
        "comparison": compare(previous.snapshot, quarter.snapshot) if previous else None,
    }


@login_required
def quarter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    quarter = _quarter_or_404(request, pk)
    context = {**_quarter_context(quarter), "history_url": history_url(quarter),
               "breadcrumbs": [BAF_CRUMB, QUARTERS_CRUMB]}  # fmt: skip
    return render(request, "assurance/baf/quarter.html", context)


@login_required
@require_POST
def quarter_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    quarter = _quarter_or_404(request, pk)
    if not seal_holds(quarter):
        messages.error(request, "This quarter's snapshot does not match its seal: it cannot be "
                                "signed off. Freeze the quarter again.")  # fmt: skip
        return redirect(quarter)
    try:
        version = int(request.POST.get("version") or quarter.version)
        services.sign_off_quarter(quarter, actor=request.user, expected_version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(quarter)
    except (StaleEdit, ValueError) as error:
        messages.error(request, str(error))
        return redirect(quarter)
    messages.success(request, f"The BAF of {quarter.label} is signed off.")
    return redirect(quarter)


@login_required
def quarter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    quarter = _quarter_or_404(request, pk)
    context = _quarter_context(quarter)
    title = f"Board assurance framework, {quarter.label} (frozen)"
    return document_pdf(request, quarter.snapshot, title, quarter=quarter,
                        sealed=context["sealed"], signed_text=context["signed_text"])  # fmt: skip


@login_required
def quarter_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return document_xlsx(_quarter_or_404(request, pk).snapshot)
