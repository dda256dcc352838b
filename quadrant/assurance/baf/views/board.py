"""The live BAF: the board's page (a row per principal risk by strategic aim, its scores,
appetite and evidence), a principal risk's evidence page, and the BAF as PDF and Excel."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from quadrant.assurance.baf import exports
from quadrant.assurance.baf.access import MANAGE, may_keep_quarters, require_baf
from quadrant.assurance.baf.board import build_rows, live_baf
from quadrant.assurance.baf.models import BafQuarter, PrincipalRisk
from quadrant.assurance.baf.snapshots import compare
from quadrant.assurance.baf.views.common import BAF_CRUMB, document_context
from quadrant.assurance.risks.history_chart import Point, step_chart
from quadrant.assurance.risks.matrix import matrix_or_defaults
from quadrant.core.permissions import may
from quadrant.core.views.generic import visible_or_404
from quadrant.core.views.history import history_url
from quadrant.core.views.pdf import pdf_response, svg_data_url

PRINCIPALS = PrincipalRisk.objects.select_related(
    "risk__owner", "risk__category", "risk__org_unit", "goal__aim", "committee"
)


@login_required
def baf_board(request: HttpRequest) -> HttpResponse:
    require_baf(request.user)
    document = live_baf(request.user)
    context = document_context(document, "Current and target score of each principal risk")
    last = None
    if may_keep_quarters(request.user):
        last = BafQuarter.objects.order_by("-quarter_start").first()
    context.update(
        last_quarter=last,
        since_last=compare(last.snapshot, document) if last is not None else None,
        may_add=may(request.user, MANAGE),
        may_keep_quarters=may_keep_quarters(request.user),
    )
    return render(request, "assurance/baf/board.html", context)


@login_required
def baf_risk(request: HttpRequest, pk: int) -> HttpResponse:
    """A principal risk's evidence: what the BAF shows of it, in full, with its score history."""
    require_baf(request.user)
    principal = visible_or_404(PrincipalRisk, request.user, pk, PRINCIPALS, live=True,
                               what="principal risk")  # fmt: skip
    today = timezone.localdate()
    (row,) = build_rows([principal], request.user, today)
    risk = principal.risk
    reviews = risk.reviews.filter(archived_at__isnull=True).order_by("reviewed_on", "id")
    points = [Point(review.reviewed_on, review.score) for review in reviews]
    title = f"Current score of {risk.reference} over time"
    context = {
        "principal": principal,
        "row": row,
        "chart": step_chart(points, matrix_or_defaults().bands, today, title),
        "may_edit": may(request.user, MANAGE, principal),
        "history_url": history_url(principal),
        "breadcrumbs": [BAF_CRUMB],
    }
    return render(request, "assurance/baf/risk.html", context)


def _filename(document: dict[str, Any], suffix: str) -> str:
    quarter = document["quarter"].replace(" ", "-").replace("/", "-")
    return f"board-assurance-framework-{quarter}-{document['as_of']}.{suffix}"


def document_pdf(
    request: HttpRequest, document: dict[str, Any], title: str, **extra: Any
) -> HttpResponse:
    """DOCUMENT (the live BAF or a frozen quarter) as the board paper's PDF."""
    context = {**document_context(document, title), **extra}
    context["chart_url"] = svg_data_url(str(context["chart"])) if context["chart"] else ""
    return pdf_response(request, "assurance/baf/pdf.html", context, title=title,
                        filename=_filename(document, "pdf"))  # fmt: skip


def document_xlsx(document: dict[str, Any]) -> HttpResponse:
    response = HttpResponse(
        exports.workbook_bytes(document),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(document, "xlsx")}"'
    return response


@login_required
def baf_pdf(request: HttpRequest) -> HttpResponse:
    require_baf(request.user)
    document = live_baf(request.user)
    return document_pdf(request, document, f"Board assurance framework, {document['quarter']}")


@login_required
def baf_xlsx(request: HttpRequest) -> HttpResponse:
    require_baf(request.user)
    return document_xlsx(live_baf(request.user))
