"""Pages of CQC self-assessments: the list (each unit's, newest first, with its ratings), an
assessment with its arithmetic and the evidence Quadrant holds for each statement, and the
form that records a new one (prefilled from the unit's last)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from quadrant.assurance.cqc import services
from quadrant.assurance.cqc.models import SelfAssessment
from quadrant.assurance.cqc.results import framework_outline, results_of
from quadrant.assurance.cqc.scoring import HIGHEST, LOWEST
from quadrant.assurance.standards.coverage import evidence_for
from quadrant.assurance.standards.models import EvidenceCategory, Standard, StandardGroup
from quadrant.core.permissions import Capability, require, restrict, units_where
from quadrant.core.security import log_hidden_denial
from quadrant.core.views.generic import visible_or_404
from quadrant.organisation.models import OrgUnit

CQC_CRUMB = {"label": "CQC self-assessments", "url": reverse_lazy("assurance:cqc_assessments")}
SCORE_CHOICES = [("", "Not assessed"), *((str(n), str(n)) for n in range(LOWEST, HIGHEST + 1))]


@login_required
def assessment_list(request: HttpRequest) -> HttpResponse:
    assessments = list(
        restrict(SelfAssessment.objects.all(), request.user, Capability.VIEW)
        .filter(archived_at__isnull=True)
        .select_related("org_unit", "created_by")
        .order_by("org_unit__path", "-assessed_on", "-pk")[:200]
    )
    outlines: dict[int, Any] = {}  # each framework's outline read once for the whole list
    rows = []
    for assessment in assessments:
        if assessment.framework_id not in outlines:
            outlines[assessment.framework_id] = framework_outline(assessment.framework_id)
        outline = outlines[assessment.framework_id]
        rows.append({"assessment": assessment, "ratings": results_of(assessment, outline)})
    units = units_where(request.user, Capability.ASSESS_QUALITY).order_by("path")[:500]
    return render(
        request,
        "assurance/cqc/assessment_list.html",
        {"rows": rows, "units": units, "breadcrumbs": []},
    )


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = SelfAssessment.objects.select_related("org_unit", "framework", "created_by")
    assessment = visible_or_404(SelfAssessment, request.user, pk, queryset, what="assessment")
    lines = results_of(assessment)
    for group in lines:
        for line in group.statements:
            line.evidence = evidence_for(line.statement, request.user) if line.row else []  # type: ignore[attr-defined]
    earlier = (
        restrict(SelfAssessment.objects.all(), request.user, Capability.VIEW)
        .filter(org_unit=assessment.org_unit, archived_at__isnull=True)
        .filter(assessed_on__lte=assessment.assessed_on)
        .exclude(pk=assessment.pk)
        .exclude(assessed_on=assessment.assessed_on, pk__gt=assessment.pk)
        .order_by("-assessed_on", "-pk")
        .first()
    )
    before = {line.group.pk: line for line in results_of(earlier)} if earlier else {}
    context = {
        "assessment": assessment,
        "lines": [(line, before.get(line.group.pk)) for line in lines],
        "earlier": earlier,
        "breadcrumbs": [CQC_CRUMB],
    }
    return render(request, "assurance/cqc/assessment_detail.html", context)


@login_required
def assessment_create(request: HttpRequest) -> HttpResponse:
    """Record a new assessment of the unit named by `?unit=` (its code; without one, the list
    page, where the unit is chosen)."""
    if not (request.GET.get("unit") or "").strip():
        return redirect("assurance:cqc_assessments")
    unit = _unit_to_assess(request)
    try:
        framework = services.cqc_framework()
    except services.FrameworkMissing as missing:
        return render(request, "assurance/cqc/no_framework.html", {"message": str(missing)})
    groups = list(StandardGroup.objects.filter(framework=framework).order_by("order", "code"))
    statements = list(
        Standard.objects.filter(framework=framework, archived_at__isnull=True).order_by(
            "order", "code"
        )
    )
    categories = list(EvidenceCategory.objects.filter(framework=framework).order_by("order"))
    errors: dict[str, str] = {}
    values = _last_answers(request.user, unit) if request.method != "POST" else request.POST
    if request.method == "POST":
        scores, places = _scores_from(request.POST, statements, categories)
        try:
            assessment = services.record_assessment(
                unit, scores, actor=request.user, summary=request.POST.get("summary", "")
            )
        except ValidationError as problem:
            errors = _errors_by_field(problem, places)
        else:
            return redirect(assessment)
    context = {
        "unit": unit,
        "groups": [
            (
                group,
                [
                    _statement_fields(s, categories, values, errors)
                    for s in statements
                    if s.group_id == group.pk
                ],
            )
            for group in groups
        ],
        "errors": errors,
        "summary": values.get("summary", ""),
        "score_choices": SCORE_CHOICES,
        "breadcrumbs": [CQC_CRUMB],
    }
    return render(
        request, "assurance/cqc/assessment_form.html", context, status=400 if errors else 200
    )


def _unit_to_assess(request: HttpRequest) -> Any:
    code = (request.GET.get("unit") or "").strip()
    unit = units_where(request.user, Capability.VIEW).filter(code__iexact=code).first()
    if unit is None:
        log_hidden_denial(request.user, OrgUnit, code__iexact=code)
        raise Http404("No such unit, or you may not see it.")
    require(request.user, Capability.ASSESS_QUALITY, unit)
    return unit


def _last_answers(user: Any, unit: Any) -> dict[str, str]:
    """The form's values from UNIT's latest assessment (a new one starts from the last)."""
    last = (
        restrict(SelfAssessment.objects.all(), user, Capability.VIEW)
        .filter(org_unit=unit, archived_at__isnull=True)
        .order_by("-assessed_on", "-pk")
        .first()
    )
    if last is None:
        return {}
    values: dict[str, str] = {"summary": last.summary}
    for row in last.statement_scores.prefetch_related("category_scores"):
        values[f"score-{row.statement_id}"] = str(row.score or "")
        values[f"rationale-{row.statement_id}"] = row.rationale
        for category in row.category_scores.all():
            values[f"category-{row.statement_id}-{category.category_id}"] = str(category.score)
    return values


def _scores_from(
    data: Any, statements: list[Standard], categories: list[EvidenceCategory]
) -> tuple[list[dict[str, Any]], dict[int, Standard]]:
    """The service's scores from the form: each statement given a score or category scores
    (the others are not assessed); and which statement each place in the list is."""
    scores: list[dict[str, Any]] = []
    places: dict[int, Standard] = {}
    for statement in statements:
        score = (data.get(f"score-{statement.pk}") or "").strip()
        by_category = [
            {"category": c.pk, "score": _number(value)}
            for c in categories
            if (value := (data.get(f"category-{statement.pk}-{c.pk}") or "").strip())
        ]
        if not score and not by_category:
            continue
        places[len(scores)] = statement
        scores.append(
            {
                "statement": statement.pk,
                "score": _number(score) if score else None,
                "categories": by_category,
                "rationale": data.get(f"rationale-{statement.pk}", ""),
            }
        )
    return scores, places


def _number(text: str) -> Any:
    return int(text) if text.isdigit() else text


def _errors_by_field(problem: ValidationError, places: dict[int, Standard]) -> dict[str, str]:
    """The service's problems (`scores[2].score`) as the form's fields (`score-<statement>`)."""
    found: dict[str, str] = {}
    for key, messages in problem.message_dict.items():
        message = messages[0]
        if not key.startswith("scores["):
            found["summary" if key != "scores" else "scores"] = message
            continue
        index = int(key[len("scores[") : key.index("]")])
        statement = places.get(index)
        found[f"score-{statement.pk}" if statement else "scores"] = message
    return found


def _statement_fields(
    statement: Standard, categories: list[EvidenceCategory], values: Any, errors: dict[str, str]
) -> dict[str, Any]:
    key = f"score-{statement.pk}"
    return {
        "statement": statement,
        "score_name": key,
        "score": values.get(key, ""),
        "rationale_name": f"rationale-{statement.pk}",
        "rationale": values.get(f"rationale-{statement.pk}", ""),
        "error": errors.get(key, ""),
        "categories": [
            {
                "category": category,
                "name": f"category-{statement.pk}-{category.pk}",
                "value": values.get(f"category-{statement.pk}-{category.pk}", ""),
            }
            for category in categories
        ],
        "by_category": any(
            values.get(f"category-{statement.pk}-{category.pk}") for category in categories
        ),
    }
