"""Demo data of risks: the NPSA matrix and the default categories; about 60 risks across
the tree (the trust, its divisions, services and wards, with manager's ward among them),
each with a score history of reviews over the last eighteen months; escalation worked out
with each unit's threshold (Medicine's is 20) so some are escalated, one has been
de-escalated with its reason, some are above their category's appetite, some tolerated or
closed with a reason, some overdue for review; actions from a few, and assurances from the
unit's measures. Everything is bulk-created (the history records each bulk write)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from quadrant.actions.public import Action, ActionStatus
from quadrant.assurance.risks import scoring
from quadrant.assurance.risks.choices import AssuranceLevel, RiskStatus
from quadrant.assurance.risks.demo_data import (
    CLOSED_REASON,
    CONTROLS,
    DE_ESCALATION_REASON,
    GAPS_IN_ASSURANCE,
    GAPS_IN_CONTROL,
    RISKS,
    TOLERATED_REASON,
)
from quadrant.assurance.risks.matrix import DEFAULT_CATEGORIES, target_along
from quadrant.assurance.risks.models import (
    EscalationThreshold,
    Risk,
    RiskAssurance,
    RiskCategory,
    RiskMatrix,
    RiskReview,
)
from quadrant.control.public import Measure

RISKS_PER_WARD_OF_MANAGER = 4
TOTAL = 60
MEDICINE_THRESHOLD = 20


def seed_risks(context: Any) -> None:
    rng = context.rng_for("risks")
    today = context.reference_date
    RiskMatrix.objects.bulk_create([RiskMatrix()])
    categories = {c.name: c for c in RiskCategory.objects.bulk_create(
        RiskCategory(name=name, appetite=appetite) for name, appetite in DEFAULT_CATEGORIES
    )}  # fmt: skip
    units = list(context.units.values())
    by_id = {unit.pk: unit for unit in units}
    thresholds = _thresholds(units)
    owners = context.unit_leads()
    places = _places(context, units, rng)
    risks: list[Risk] = []
    histories: list[list[tuple[dt.date, int, int]]] = []
    for n, unit in enumerate(places):
        title, category, cause, event, effect, (lk, cq) = RISKS[n % len(RISKS)]
        lk, cq = _vary(rng, lk, cq)
        history = _history(rng, today, lk, cq)
        risk = Risk(
            title=title, cause=cause, event=event, effect=effect, org_unit=unit,
            owner=owners.get(unit.pk) or context.people["quality"],
            category=categories[category],
            initial_likelihood=min(5, lk + 1), initial_consequence=cq,
            current_likelihood=lk, current_consequence=cq, current_score=lk * cq,
            target_likelihood=max(1, lk - 2), target_consequence=cq,
            controls=CONTROLS, gaps_in_control=GAPS_IN_CONTROL if n % 3 else "",
            gaps_in_assurance=GAPS_IN_ASSURANCE if n % 4 == 0 else "",
            review_date=today + dt.timedelta(days=rng.randint(-20, 80)),
        )  # fmt: skip
        _escalate(risk, by_id, thresholds, history)
        _status(risk, n)
        risks.append(risk)
        histories.append(history)
    Risk.objects.bulk_create(risks)
    RiskReview.objects.bulk_create(
        RiskReview(risk=risk, reviewed_on=on, likelihood=lk, consequence=cq, score=lk * cq,
                   note=note, reviewed_by=risk.owner)
        for risk, history in zip(risks, histories, strict=True)
        for (on, lk, cq), note in zip(history, _notes(len(history)), strict=True)
    )  # fmt: skip
    _actions(risks, today)
    _assurances(risks)
    context.log(f"Risks: {len(risks)} with {sum(len(h) for h in histories)} reviews")


def _thresholds(units: list[Any]) -> dict[int, int]:
    """Medicine sets 20 for its own risks: its divisions' extreme ones stop with it."""
    medicine = next((u for u in units if u.kind == "division" and "edicine" in u.name), None)
    if medicine is None:
        return {}
    EscalationThreshold.objects.bulk_create(
        [EscalationThreshold(org_unit=medicine, threshold=MEDICINE_THRESHOLD)]
    )
    return {medicine.pk: MEDICINE_THRESHOLD}


def _places(context: Any, units: list[Any], rng: random.Random) -> list[Any]:
    """Where the TOTAL risks sit: a few at the top, two a division, one a service, four on
    manager's ward and the rest on wards chosen at random."""
    top = [u for u in units if u.parent_id is None]
    divisions = sorted((u for u in units if u.kind == "division"), key=lambda u: u.code)
    services = sorted((u for u in units if u.kind in ("service", "directorate")),
                      key=lambda u: u.code)  # fmt: skip
    wards = sorted((u for u in units if u.kind in ("ward", "team")), key=lambda u: u.code)
    places = top * 4 + divisions * 2 + services[:12]
    places += [context.manager_ward] * RISKS_PER_WARD_OF_MANAGER
    others = [ward for ward in wards if ward != context.manager_ward]
    while len(places) < TOTAL and others:
        places.append(rng.choice(others))
    return places[:TOTAL]


def _vary(rng: random.Random, lk: int, cq: int) -> tuple[int, int]:
    return max(1, min(5, lk + rng.choice((-1, 0, 0, 1)))), cq


def _history(
    rng: random.Random, today: dt.date, lk: int, cq: int
) -> list[tuple[dt.date, int, int]]:
    """Reviews every two or three months from up to eighteen months ago, ending on the
    current rating (earlier ones a little higher or lower, as a risk moves)."""
    count = rng.randint(3, 8)
    start = today - dt.timedelta(days=rng.randint(300, 540))
    step = (today - start).days // count
    history = []
    for n in range(count - 1):
        earlier = max(1, min(5, lk + rng.choice((-1, 0, 1, 1))))
        history.append((start + dt.timedelta(days=n * step), earlier, cq))
    history.append((today - dt.timedelta(days=rng.randint(1, 20)), lk, cq))
    return history


def _notes(count: int) -> list[str]:
    return ["First rating", *["Reviewed at the unit's governance meeting"] * (count - 1)]


def _escalate(risk: Risk, by_id: dict[int, Any], thresholds: dict[int, int],
              history: list[tuple[dt.date, int, int]]) -> None:  # fmt: skip
    chain = [risk.org_unit]
    while chain[-1].parent_id is not None:
        chain.append(by_id[chain[-1].parent_id])
    target = target_along(chain, thresholds, risk.current_score)
    if target is not None:
        risk.escalated_to = target
        risk.escalated_at = timezone.make_aware(dt.datetime.combine(history[-1][0], dt.time(10)))
        risk.escalated_by = risk.owner


def _status(risk: Risk, n: int) -> None:
    if n % 15 == 7 and risk.escalated_to is not None:
        risk.escalated_to, risk.escalated_at, risk.escalated_by = None, None, None
        risk.deescalated_at = timezone.now()
        risk.deescalation_reason = DE_ESCALATION_REASON
    if n % 13 == 5:
        risk.status, risk.status_reason = RiskStatus.TOLERATED, TOLERATED_REASON
    elif n % 13 == 11:
        risk.status, risk.status_reason = RiskStatus.CLOSED, CLOSED_REASON


def _actions(risks: list[Risk], today: dt.date) -> None:
    risk_type = ContentType.objects.get_for_model(Risk)
    statuses = [ActionStatus.OPEN, ActionStatus.IN_PROGRESS]
    Action.objects.bulk_create(
        Action(
            title=f"Reduce the risk: {risk.title}"[:200],
            description=f"To reduce the risk {risk}",
            source_type=risk_type,
            source_id=risk.pk,
            owner=risk.owner,
            org_unit=risk.org_unit,
            due_date=today + dt.timedelta(days=30 + n),
            status=statuses[n % 2],
        )
        for n, risk in enumerate(risks)
        if risk.status == RiskStatus.OPEN and scoring.band_of(risk.current_score).key == "extreme"
    )


def _assurances(risks: list[Risk]) -> None:
    """A measure of the risk's own unit as first-line assurance, where the unit has one."""
    measure_type = ContentType.objects.get_for_model(Measure)
    measures: dict[int, int] = {}
    for unit_id, pk in Measure.objects.order_by("org_unit_id", "pk").values_list(
        "org_unit_id", "pk"
    ):
        measures.setdefault(unit_id, pk)
    levels = [AssuranceLevel.REASONABLE, AssuranceLevel.LIMITED, AssuranceLevel.NONE]
    RiskAssurance.objects.bulk_create(
        RiskAssurance(
            risk=risk,
            linked_type=measure_type,
            linked_id=measures[risk.org_unit_id],
            line=1,
            level=levels[n % 3],
        )
        for n, risk in enumerate(risks)
        if risk.org_unit_id in measures
    )
