"""Demo data of the BAF (after planning, control, audits, risks and safety events): four
committees; eight principal risks — the highest-scoring open risks of the trust and its
divisions, one a different title — each against one of the trust's goals under its strategic
aim, with the goal's measures (first line) and an audit (second line) as assurance on the
register and the themes of safety events that bear on it; and last quarter's BAF frozen and
signed off by the board, its scores as they stood then (two higher, one risk not yet on it),
so that this quarter has something to be compared with. Once the controlled documents are
seeded, an approved trust-wide policy or procedure joins each principal risk's second line
(new since the frozen quarter, as the comparison says)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from quadrant.assurance.audits.models import AuditTemplate
from quadrant.assurance.baf.board import baf_document, build_rows, visible_principals
from quadrant.assurance.baf.models import BafCommittee, BafQuarter, PrincipalRisk
from quadrant.assurance.baf.snapshots import seal
from quadrant.assurance.documents.choices import DocumentType, VersionStatus
from quadrant.assurance.documents.models import Document
from quadrant.assurance.incidents.themes import Quarter
from quadrant.assurance.risks import scoring
from quadrant.assurance.risks.choices import AssuranceLevel, AssuranceLine, RiskStatus
from quadrant.assurance.risks.models import Risk, RiskAssurance
from quadrant.control.public import Measure
from quadrant.organisation.choices import UnitKind
from quadrant.planning.public import Goal, GoalMeasure

PRINCIPALS = 8
COMMITTEES = (
    ("Quality committee", "Safety, effectiveness and experience of care."),
    ("People committee", "Workforce, culture and wellbeing."),
    ("Finance and performance committee", "Money, productivity and operational performance."),
    ("Audit and risk committee", "Internal control, counter-fraud and the risk framework."),
)
COMMITTEE_OF = {
    "Patient safety": 0, "Quality and effectiveness": 0, "Patient experience": 0,
    "Workforce": 1, "Finance": 2, "Operations and service continuity": 2,
}  # fmt: skip
THEMES = {
    "fall": ["falls"], "pressure": ["pressure-ulcers"], "medicine": ["medication"],
    "sepsis": ["infection", "treatment"], "deteriorat": ["treatment", "diagnosis"],
    "infection": ["infection"],
}  # fmt: skip
#: Words of a risk's title and of the goal it threatens most (the first goal whose title has
#: the second word); a risk with none of them is set against the goals in turn.
GOAL_OF = {
    "deteriorat": "sepsis", "sepsis": "sepsis", "fall": "falls", "pressure": "pressure",
    "staff": "staffing", "agency": "staffing", "wait": "stays", "discharge": "discharge",
    "infection": "hygiene", "complaint": "feedback", "experience": "feedback",
}  # fmt: skip
COMMENTARY = "Reviewed at committee this quarter; actions on track except where shown overdue."


def _themes(title: str) -> list[str]:
    found: list[str] = []
    for word, categories in THEMES.items():
        if word in title.lower():
            found.extend(category for category in categories if category not in found)
    return found


def _goal_for(risk: Risk, goals: list[Any], n: int) -> Any:
    title = risk.title.lower()
    for word, goal_word in GOAL_OF.items():
        if word in title:
            found = next((goal for goal in goals if goal_word in goal.title.lower()), None)
            if found is not None:
                return found
    return goals[n % len(goals)]


def _chosen_risks() -> list[Risk]:
    """The highest-scoring open risks high in the tree, one of each title."""
    chosen: list[Risk] = []
    titles: set[str] = set()
    live = Risk.objects.filter(status=RiskStatus.OPEN, archived_at__isnull=True)
    for risk in live.select_related("org_unit", "category").order_by(
        "org_unit__depth", "-current_score", "pk"
    ):
        if risk.title not in titles:
            chosen.append(risk)
            titles.add(risk.title)
        if len(chosen) == PRINCIPALS:
            break
    return chosen


def seed_baf(context: Any) -> None:
    board = context.people["board"]
    today = context.reference_date
    committees = BafCommittee.objects.bulk_create(
        BafCommittee(name=name, description=text) for name, text in COMMITTEES
    )
    trust_goals = Goal.objects.filter(
        parent__isnull=True, aim__isnull=False, archived_at__isnull=True
    )
    goals = list(trust_goals.order_by("aim__order", "pk"))
    risks = _chosen_risks()
    if not goals or not risks:
        context.log("BAF: no trust goals or risks to build it on")
        return
    principals = [
        PrincipalRisk(
            risk=risk, goal=_goal_for(risk, goals, n),
            committee=committees[COMMITTEE_OF.get(risk.category.name, 3)],
            event_categories=_themes(risk.title), commentary=COMMENTARY if n % 2 else "",
        )
        for n, risk in enumerate(risks)
    ]  # fmt: skip
    PrincipalRisk.objects.bulk_create(principals)
    _assurances(principals)
    _last_quarter(board, today)
    context.log(f"BAF: {len(principals)} principal risks, last quarter signed off")


def _assurances(principals: list[PrincipalRisk]) -> None:
    """Each principal risk's goal's measures at the first line, an audit at the second."""
    measure_type = ContentType.objects.get_for_model(Measure)
    template_type = ContentType.objects.get_for_model(AuditTemplate)
    by_goal: dict[int, list[int]] = {}
    ids = [p.goal_id for p in principals]
    cascade = GoalMeasure.objects.filter(
        Q(goal_id__in=ids) | Q(goal__parent_id__in=ids) | Q(goal__parent__parent_id__in=ids)
    ).order_by("pk")
    for row in cascade.values("goal_id", "goal__parent_id", "goal__parent__parent_id",
                              "measure_id"):  # fmt: skip
        top = next(g for g in (row["goal_id"], row["goal__parent_id"],
                               row["goal__parent__parent_id"]) if g in ids)  # fmt: skip
        if row["measure_id"] not in by_goal.setdefault(top, []):
            by_goal[top].append(row["measure_id"])
    templates = list(AuditTemplate.objects.filter(superseded_at__isnull=True).order_by("pk"))
    rows = []
    # Where a goal has no measures yet, measures with an SPC reading stand in.
    spare = list(Measure.objects.filter(status__isnull=False).order_by("pk")
                 .values_list("pk", flat=True)[: 2 * len(principals)])  # fmt: skip
    for n, principal in enumerate(principals):
        measures = by_goal.get(principal.goal_id) or spare[2 * n : 2 * n + 2]
        for measure_id in measures[:2]:
            rows.append(RiskAssurance(risk=principal.risk, linked_type=measure_type,
                                      linked_id=measure_id, line=AssuranceLine.FIRST,
                                      level=AssuranceLevel.REASONABLE))  # fmt: skip
        if templates:
            rows.append(RiskAssurance(
                risk=principal.risk, linked_type=template_type,
                linked_id=templates[n % len(templates)].pk, line=AssuranceLine.SECOND,
                level=AssuranceLevel.LIMITED if n % 3 == 0 else AssuranceLevel.REASONABLE,
            ))  # fmt: skip
    RiskAssurance.objects.bulk_create(rows)


def _last_quarter(board: Any, today: dt.date) -> None:
    """Last quarter's BAF as the board signed it off: two risks scored higher then, the
    newest principal risk not yet on it."""
    last = Quarter.of(today).previous
    as_of = last.end - dt.timedelta(days=1)
    principals = list(visible_principals(board))
    rows = copy.deepcopy(build_rows(principals, board, as_of))[:-1]
    for row in rows[:2]:
        likelihood = min(5, row["current"]["likelihood"] + 1)
        consequence = row["current"]["consequence"]
        value = likelihood * consequence
        band = scoring.band_of(value)
        row["current"].update(likelihood=likelihood, score=value, band=band.key,
                              band_label=band.label)  # fmt: skip
        row["above_appetite"] = scoring.above_appetite(value, row["appetite"])
    snapshot = baf_document(rows, as_of)
    frozen = timezone.now() - dt.timedelta(days=max(1, (today - as_of).days))
    signed = frozen.replace(microsecond=0) + dt.timedelta(days=6)
    BafQuarter.objects.bulk_create([BafQuarter(
        quarter_start=last.start, snapshot=snapshot, frozen_at=frozen, frozen_by=board,
        signed_off_by=board, signed_off_at=signed,
        sha256=seal(last.start, snapshot, board.pk, signed),
    )])  # fmt: skip


def seed_baf_documents(context: Any) -> None:
    """An approved policy or procedure of the trust or a division as second-line assurance on
    each principal risk (round the list, the most senior units first)."""
    principals = list(PrincipalRisk.objects.select_related("risk").order_by("pk"))
    documents = list(
        Document.objects.filter(
            archived_at__isnull=True,
            org_unit__kind__in=[UnitKind.ORGANISATION, UnitKind.DIVISION],
            doc_type__in=[DocumentType.POLICY, DocumentType.PROCEDURE],
            versions__status=VersionStatus.APPROVED,
        ).order_by("org_unit__path", "identifier").values_list("pk", flat=True)[: len(principals)]
    )  # fmt: skip
    if not principals or not documents:
        context.log("BAF: no approved policies or procedures to give as assurance")
        return
    document_type = ContentType.objects.get_for_model(Document)
    RiskAssurance.objects.bulk_create(
        RiskAssurance(risk=principal.risk, linked_type=document_type,
                      linked_id=documents[n % len(documents)], line=AssuranceLine.SECOND,
                      level=AssuranceLevel.REASONABLE, note="Approved and in force")
        for n, principal in enumerate(principals)
    )  # fmt: skip
    context.log(f"BAF: {len(principals)} principal risks assured by policies and procedures")
