"""The BAF as the board reads it: one row per principal risk, grouped by strategic aim, each
row a plain dictionary (JSON-able, so that a frozen quarter stores exactly what the live page
shows and both are drawn, exported and compared by the same code).

A row reads the risk itself for everything the register already holds (owner, scores and
bands, appetite, controls and gaps, the three lines of assurance, actions) and evidence.py for
what the sources say now. `live_baf(user, today)` costs a fixed number of queries however many
principal risks there are.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone

from quadrant.actions.public import Action, ActionStatus
from quadrant.assurance.baf.evidence import Evidence, evidence_for
from quadrant.assurance.baf.models import PrincipalRisk
from quadrant.assurance.incidents.themes import Quarter
from quadrant.assurance.risks import scoring
from quadrant.assurance.risks.choices import AssuranceLine, RiskStatus
from quadrant.assurance.risks.matrix import matrix_or_defaults
from quadrant.assurance.risks.models import Risk
from quadrant.core.permissions import Capability, restrict

LIVE_ACTIONS = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
NO_AIM = "Goals without a strategic aim"
SNAPSHOT_FORMAT = 1
ORDERING = ("goal__aim__order", "goal__title", "-risk__current_score", "id")


def visible_principals(user: Any) -> QuerySet[PrincipalRisk]:
    """The live principal risks USER may read, with what a row needs loaded."""
    return (
        restrict(PrincipalRisk.objects.all(), user, Capability.VIEW)
        .filter(archived_at__isnull=True)
        .select_related(
            "risk__owner",
            "risk__category",
            "risk__org_unit",
            "goal__aim",
            "goal__org_unit",
            "committee",
        )
        .order_by(*ORDERING)
    )


def _rating(likelihood: int, consequence: int, bands: Sequence[scoring.Band]) -> dict[str, Any]:
    value = likelihood * consequence
    band = scoring.band_of(value, bands)
    return {"likelihood": likelihood, "consequence": consequence, "score": value,
            "band": band.key, "band_label": band.label}  # fmt: skip


def _person(person: Any) -> str:
    return person.get_full_name() or person.username if person is not None else ""


def _actions(risks: Iterable[Risk], user: Any, today: dt.date) -> dict[int, list[dict[str, Any]]]:
    """The live actions raised from each risk (the tracker's), soonest due first."""
    ids = [risk.pk for risk in risks]
    kind = ContentType.objects.get_for_model(Risk)
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    actions = (
        restrict(Action.objects.all(), user, Capability.VIEW)
        .filter(source_type=kind, source_id__in=ids, status__in=LIVE_ACTIONS)
        .select_related("owner")
        .order_by("due_date", "id")
    )
    for action in actions:
        found[action.source_id].append({
            "id": action.pk, "title": action.title, "url": action.get_absolute_url(),
            "status": action.get_status_display(), "owner": _person(action.owner),
            "due_date": action.due_date.isoformat(), "overdue": action.due_date < today,
            "due_label": f"{action.due_date.day} {action.due_date:%B %Y}",
        })  # fmt: skip
    return found


def row_of(
    principal: PrincipalRisk,
    evidence: Evidence,
    actions: list[dict[str, Any]],
    bands: Sequence[scoring.Band],
) -> dict[str, Any]:
    """One principal risk's row of the BAF, as plain values."""
    risk = principal.risk
    goal = principal.goal
    appetite = risk.category.appetite
    lines = []
    for line, label in AssuranceLine.choices:
        sources = [source for source in evidence.assurances if source["line"] == line]
        lines.append({"line": line, "label": label, "sources": sources})
    sources = evidence.assurances
    return {
        "id": principal.pk,
        "risk_id": risk.pk,
        "reference": risk.reference,
        "title": risk.title,
        "status": risk.status,
        "status_label": risk.get_status_display(),
        "aim": str(goal.aim) if goal.aim_id else NO_AIM,
        "aim_id": goal.aim_id,
        "goal": goal.title,
        "goal_id": goal.pk,
        "committee": principal.committee.name,
        "owner": _person(risk.owner),
        "unit": risk.org_unit.name,
        "category": risk.category.name,
        "appetite": appetite,
        "initial": _rating(risk.initial_likelihood, risk.initial_consequence, bands),
        "current": _rating(risk.current_likelihood, risk.current_consequence, bands),
        "target": _rating(risk.target_likelihood, risk.target_consequence, bands),
        "above_appetite": scoring.above_appetite(risk.current_score, appetite),
        "target_above_appetite": scoring.above_appetite(risk.target_score, appetite),
        "review_date": risk.review_date.isoformat(),
        "cause": risk.cause,
        "event": risk.event,
        "effect": risk.effect,
        "controls": risk.lines("controls"),
        "gaps_in_control": risk.lines("gaps_in_control"),
        "gaps_in_assurance": risk.lines("gaps_in_assurance"),
        "lines": lines,
        "measures": [source for source in sources if source["kind"] == "measure"],
        "audits": [source for source in sources if source["kind"] == "audit"],
        "documents": [source for source in sources if source["kind"] == "document"],
        "concerns": sum(1 for source in sources if source["concern"]),
        "themes": evidence.themes,
        "events": evidence.events,
        "actions": actions,
        "overdue_actions": sum(1 for action in actions if action["overdue"]),
        "commentary": principal.commentary,
    }


def build_rows(
    principals: Sequence[PrincipalRisk], user: Any, today: dt.date
) -> list[dict[str, Any]]:
    bands = matrix_or_defaults().bands
    evidence = evidence_for(principals, user, today)
    actions = _actions([principal.risk for principal in principals], user, today)
    return [
        row_of(principal, evidence[principal.pk], actions.get(principal.risk_id, []), bands)
        for principal in principals
    ]


def summary_of(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The figures the BAF leads with."""
    open_rows = [row for row in rows if row["status"] != RiskStatus.CLOSED]
    return {
        "risks": len(rows),
        "above_appetite": sum(1 for row in open_rows if row["above_appetite"]),
        "extreme": sum(1 for row in open_rows if row["current"]["band"] == "extreme"),
        "at_target": sum(1 for row in rows if row["current"]["score"] <= row["target"]["score"]),
        "concerns": sum(row["concerns"] for row in rows),
        "overdue_actions": sum(row["overdue_actions"] for row in rows),
    }


def baf_document(rows: list[dict[str, Any]], today: dt.date) -> dict[str, Any]:
    """The whole BAF on TODAY (the live page's content; a frozen quarter's snapshot)."""
    quarter = Quarter.of(today)
    return {
        "format": SNAPSHOT_FORMAT,
        "as_of": today.isoformat(),
        "as_of_label": f"{today.day} {today:%B %Y}",
        "quarter": quarter.short,
        "quarter_start": quarter.start.isoformat(),
        "rows": rows,
        "summary": summary_of(rows),
    }


def live_baf(user: Any, today: dt.date | None = None) -> dict[str, Any]:
    """The BAF as USER may read it today (their principal risks, evidence as they see it)."""
    today = today or timezone.localdate()
    return baf_document(build_rows(list(visible_principals(user)), user, today), today)


def by_aim(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """ROWS grouped by strategic aim, in the order they come (aims in their strategy's order)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row["aim"], []).append(row)
    return [{"aim": aim, "rows": members} for aim, members in groups.items()]
