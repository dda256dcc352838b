"""The latest evidence of the principal risks, worked out each time the BAF is shown (never
stored, except in a frozen quarter's snapshot): for each risk, its assurances (the register's,
with their line and level) with what each source says now — a measure's Making Data Count
variation and assurance icons, an audit's compliance in its latest month of signed-off runs, a
controlled document's approved version, review date and signature (document_evidence)
— and the safety events of the risk's themes this quarter against the quarter before.

The reads are a fixed number of queries for any number of risks, each scoped to the reader:
a measure, an audit run or a unit's events the reader may not see is left out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Q, Sum

from quadrant.assurance.audits.choices import RunStatus
from quadrant.assurance.audits.models import AuditRun, AuditTemplate
from quadrant.assurance.baf.document_evidence import document_sources
from quadrant.assurance.documents.models import Document
from quadrant.assurance.incidents.choices import CATEGORY_CHOICES
from quadrant.assurance.incidents.theme_access import scope_unit_ids
from quadrant.assurance.incidents.themes import Quarter, ThemeRow, compute_themes
from quadrant.assurance.risks.choices import AssuranceLevel, AssuranceLine
from quadrant.assurance.risks.models import RiskAssurance
from quadrant.control.public import Measure, assurance_text, measure_statuses, variation_text
from quadrant.core.permissions import Capability, restrict

AUDIT_MONTHS = 13  # how far back an audit's latest month of runs is looked for
CATEGORY_LABELS = dict(CATEGORY_CHOICES)
LINE_LABELS = dict(AssuranceLine.choices)
LEVEL_LABELS = dict(AssuranceLevel.choices)


@dataclass
class Evidence:
    """What the sources of one risk say now, as plain values (a snapshot stores them)."""

    assurances: list[dict[str, Any]] = field(default_factory=list)
    themes: list[dict[str, Any]] = field(default_factory=list)
    events: dict[str, Any] = field(default_factory=dict)


def _month_label(day: dt.date | None) -> str:
    return f"{day:%B %Y}" if day else ""


def _measure_evidence(measure: Any, status: Any) -> dict[str, Any]:
    variation = getattr(status, "variation_icon", "") or ""
    assurance = getattr(status, "assurance_icon", "") or ""
    latest = getattr(status, "latest_period", None)
    return {
        "kind": "measure",
        "id": measure.pk,
        "code": measure.code,
        "title": measure.name,
        "url": measure.get_absolute_url(),
        "variation": variation,
        "variation_text": variation_text(variation or None),
        "assurance": assurance,
        "assurance_text": assurance_text(assurance or None),
        "concern": variation.startswith("concern") or assurance == "consistent_fail",
        "latest_period": latest.isoformat() if latest else "",
        "latest_label": _month_label(latest),
        "latest_value": getattr(status, "latest_value", None),
        "target": getattr(status, "target", None),
        "reading": getattr(status, "reading", "") or "",
    }


def _percent(value: Any) -> float | None:
    return None if value is None else float(round(Decimal(str(value)), 1))


def _month_start(day: dt.date, back: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def audit_compliance(codes: Sequence[str], user: Any, today: dt.date) -> dict[str, dict[str, Any]]:
    """By template code: the mean score of the signed-off runs (of any version of the
    template, on units USER may see) in the latest month that has any, within the last
    AUDIT_MONTHS, and in the month before it. Two grouped queries on the runs' series index
    (template, unit, date), with no date function on each row: the latest run of each
    template, then the two months of each (one query per distinct pair of months)."""
    if not codes:
        return {}
    versions = dict(AuditTemplate.objects.filter(code__in=list(codes)).values_list("pk", "code"))
    runs = restrict(AuditRun.objects.all(), user, Capability.VIEW).filter(
        template_id__in=list(versions), status=RunStatus.SIGNED_OFF, archived_at__isnull=True,
        run_date__gte=_month_start(today, AUDIT_MONTHS), run_date__lte=today,
        score__isnull=False,
    )  # fmt: skip
    latest: dict[str, dt.date] = {}
    for back in (1, AUDIT_MONTHS):  # most audits ran last month: look further only if not
        missing = [pk for pk, code in versions.items() if code not in latest]
        if not missing:
            break
        for template_id, day in (
            runs.filter(template_id__in=missing, run_date__gte=_month_start(today, back))
            .order_by().values("template_id").annotate(day=Max("run_date"))
            .values_list("template_id", "day")
        ):  # fmt: skip
            code = versions[template_id]
            latest[code] = max(day, latest.get(code, day))
    if not latest:
        return {}
    months = {code: (_month_start(day, 1), _month_start(day), _month_start(day, -1))
              for code, day in latest.items()}  # fmt: skip
    by_months: dict[tuple[dt.date, dt.date, dt.date], list[int]] = defaultdict(list)
    for template_id, code in versions.items():
        if code in months:
            by_months[months[code]].append(template_id)
    sums: dict[str, list[Any]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for (before, start, end), ids in by_months.items():  # mostly one group: the same month
        now, then = Q(run_date__gte=start), Q(run_date__lt=start)
        grouped = (
            runs.filter(template_id__in=ids, run_date__gte=before, run_date__lt=end)
            .order_by()
            .values("template_id")
            .annotate(
                now_sum=Sum("score", filter=now), now_runs=Count("pk", filter=now),
                passed=Count("pk", filter=now & Q(passed=True)),
                then_sum=Sum("score", filter=then), then_runs=Count("pk", filter=then),
            )
        )  # fmt: skip
        for row in grouped:
            total = sums[versions[row["template_id"]]]
            for index, name in enumerate(
                ("now_sum", "now_runs", "passed", "then_sum", "then_runs")
            ):
                total[index] += row[name] or 0
    found: dict[str, dict[str, Any]] = {}
    for code, (_, start, _) in months.items():
        now_sum, now_runs, passed, then_sum, then_runs = sums[code]
        found[code] = {
            "month": start.isoformat(),
            "month_label": _month_label(start),
            "compliance": _percent(now_sum / now_runs) if now_runs else None,
            "runs": now_runs,
            "passed": passed,
            "previous_compliance": _percent(then_sum / then_runs) if then_runs else None,
        }
    return found


def _audit_evidence(template: Any, compliance: dict[str, Any] | None) -> dict[str, Any]:
    threshold = float(template.pass_threshold)
    figure = compliance or {}
    value = figure.get("compliance")
    return {
        "kind": "audit",
        "id": template.pk,
        "code": template.code,
        "title": template.title,
        "url": template.get_absolute_url(),
        "threshold": threshold,
        "compliance": value,
        "previous_compliance": figure.get("previous_compliance"),
        "month_label": figure.get("month_label", ""),
        "runs": figure.get("runs", 0),
        "passed": figure.get("passed", 0),
        "meets_threshold": value is not None and value >= threshold,
        "concern": value is not None and value < threshold,
    }


def _row_theme(row: ThemeRow | None, key: str) -> dict[str, Any]:
    current, previous = (row.current, row.previous) if row is not None else (0, 0)
    shown = ThemeRow(key, str(CATEGORY_LABELS.get(key, key)), current, previous)
    return {"key": key, "label": shown.label, "current": current, "previous": previous,
            "change_text": shown.change_text, "direction": shown.direction}  # fmt: skip


def evidence_for(principals: Sequence[Any], user: Any, today: dt.date) -> dict[int, Evidence]:
    """The evidence of each of PRINCIPALS (principal risks, their risk loaded), by their id,
    as USER may see it on TODAY."""
    risk_ids = [principal.risk_id for principal in principals]
    measure_type = ContentType.objects.get_for_model(Measure)
    template_type = ContentType.objects.get_for_model(AuditTemplate)
    document_type = ContentType.objects.get_for_model(Document)
    rows = list(
        RiskAssurance.objects.filter(risk_id__in=risk_ids, archived_at__isnull=True)
        .filter(linked_type__in=[measure_type, template_type, document_type])
        .order_by("risk_id", "line", "id")
    )
    measure_ids = {row.linked_id for row in rows if row.linked_type_id == measure_type.pk}
    template_ids = {row.linked_id for row in rows if row.linked_type_id == template_type.pk}
    measures = restrict(Measure.objects.all(), user, Capability.VIEW).in_bulk(measure_ids)
    statuses = measure_statuses(measures)
    templates = restrict(AuditTemplate.objects.all(), user, Capability.VIEW).in_bulk(template_ids)
    compliance = audit_compliance(sorted({t.code for t in templates.values()}), user, today)
    documents = document_sources(
        {row.linked_id for row in rows if row.linked_type_id == document_type.pk}, user, today
    )
    by_risk: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row.linked_type_id == measure_type.pk and row.linked_id in measures:
            source = _measure_evidence(measures[row.linked_id], statuses.get(row.linked_id))
        elif row.linked_type_id == template_type.pk and row.linked_id in templates:
            template = templates[row.linked_id]
            source = _audit_evidence(template, compliance.get(template.code))
        elif row.linked_type_id == document_type.pk and row.linked_id in documents:
            source = dict(documents[row.linked_id])
        else:
            continue  # a source the reader may not see is left out, as if it were not there
        source.update(line=row.line, line_label=LINE_LABELS[row.line], level=row.level,
                      level_label=LEVEL_LABELS[row.level], note=row.note)  # fmt: skip
        by_risk[row.risk_id].append(source)
    themes = _themes(principals, user, today)
    found: dict[int, Evidence] = {}
    for principal in principals:
        keys = [key for key in principal.event_categories if key in CATEGORY_LABELS]
        rows_of = [_row_theme(themes.get(key), key) for key in keys]
        current = sum(theme["current"] for theme in rows_of)
        previous = sum(theme["previous"] for theme in rows_of)
        total = _row_theme(ThemeRow("all", "", current, previous), "all")
        total["label"] = "Events of these themes"
        found[principal.pk] = Evidence(by_risk.get(principal.risk_id, []), rows_of, total)
    return found


def _themes(principals: Sequence[Any], user: Any, today: dt.date) -> dict[str, ThemeRow]:
    """This quarter's and last quarter's events by national category, of the units whose
    themes USER sees (one grouped query, as the themes page counts them)."""
    if not any(principal.event_categories for principal in principals):
        return {}
    units = scope_unit_ids(user)
    if units == []:
        return {}
    counted = compute_themes(units, quarter=Quarter.of(today), today=today, with_keywords=False)
    return {row.key: row for row in counted.categories}
