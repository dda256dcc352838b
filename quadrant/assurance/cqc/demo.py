"""Demo CQC self-assessments: Medicine twice (spring and autumn, so its ratings can be
followed) and Surgery once, by the quality lead, some statements scored directly and some from
their evidence categories, each with a rationale."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from quadrant.assurance.cqc.services import record_assessment
from quadrant.assurance.standards.cqc import CQC_CODE
from quadrant.assurance.standards.models import EvidenceCategory, Standard

# The scores a division tends to give each key question (drawn around these, 1 to 4).
TENDENCY = {
    "MED": {"safe": 2.6, "effective": 3.0, "caring": 3.4, "responsive": 2.2, "well-led": 2.9},
    "SURG": {"safe": 3.0, "effective": 3.1, "caring": 3.3, "responsive": 2.6, "well-led": 3.0},
}
WHY = {
    "safe": "Incident reporting is good; learning does not yet reach night shifts reliably.",
    "effective": "Care follows NICE guidance; audit of sepsis screening shows gains.",
    "caring": "Friends and family test and complaints show kind, respectful care.",
    "responsive": "Long waits for beds in the emergency department and delayed discharges.",
    "well-led": "Governance meetings are regular; the risk register needs updating.",
}
BY_CATEGORY = 4  # every fourth statement is scored from two evidence categories
ASSESSED = (("MED", 240), ("MED", 60), ("SURG", 45))  # (division, days before the reference)


def seed_cqc_assessments(context: Any) -> None:
    rng = context.rng_for("cqc-assessments")
    statements = list(
        Standard.objects.filter(framework__code=CQC_CODE)
        .select_related("group")
        .order_by("group__order", "order")
    )
    categories = list(EvidenceCategory.objects.filter(framework__code=CQC_CODE).order_by("order"))
    author = context.people.get("quality")
    made = 0
    for code, days in ASSESSED:
        unit = context.units.get(code)
        if unit is None or author is None or not statements:
            continue
        later = days < 100  # the second look: a little better
        scores = [
            _score(rng, index, statement, categories, TENDENCY[code], later)
            for index, statement in enumerate(statements)
        ]
        record_assessment(
            unit,
            scores,
            actor=author,
            assessed_on=context.reference_date - dt.timedelta(days=days),
            summary=f"{unit.name}'s self-assessment for the quality committee.",
        )
        made += 1
    context.log(f"CQC self-assessments: {made}")


def _score(
    rng: random.Random,
    index: int,
    statement: Any,
    categories: list[Any],
    tendency: dict[str, float],
    later: bool,
) -> dict[str, Any]:
    centre = tendency.get(statement.group.code, 3.0) + (0.3 if later else 0.0)

    def draw() -> int:
        return max(1, min(4, round(rng.gauss(centre, 0.6))))

    entry: dict[str, Any] = {
        "statement": statement.pk,
        "rationale": WHY.get(statement.group.code, ""),
    }
    if index % BY_CATEGORY == 0 and len(categories) >= 2:
        chosen = rng.sample(categories, 2)
        entry["categories"] = [{"category": c.pk, "score": draw()} for c in chosen]
    else:
        entry["score"] = draw()
    return entry
