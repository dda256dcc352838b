"""Recording a CQC self-assessment: checked whole, then written in one transaction (each row
through the shared services, so the change history holds it). Nothing is half-recorded: a
problem anywhere refuses the lot, with a message naming the statement and field at fault."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from quadrant.assurance.cqc.models import CategoryScore, SelfAssessment, StatementScore
from quadrant.assurance.cqc.scoring import HIGHEST, LOWEST, ScoreOutOfRange, check_score
from quadrant.assurance.standards.cqc import CQC_CODE
from quadrant.assurance.standards.models import EvidenceCategory, Framework, Standard
from quadrant.core.actors import PERSON_OR_SYSTEM
from quadrant.core.context import acting_as
from quadrant.core.permissions import Capability, check_actor
from quadrant.core.services import create_object

OUT_OF_RANGE = f"must be a whole number from {LOWEST} to {HIGHEST}"


@dataclass
class CategoryInput:
    category: EvidenceCategory
    score: int
    rationale: str = ""


@dataclass
class StatementInput:
    statement: Standard
    score: int | None = None
    rationale: str = ""
    categories: list[CategoryInput] = field(default_factory=list)


class FrameworkMissing(Exception):
    """The CQC framework has not been loaded (`quadrant load-cqc`, or the demo)."""


def cqc_framework() -> Framework:
    found: Framework | None = Framework.objects.filter(
        code=CQC_CODE, archived_at__isnull=True
    ).first()
    if found is None:
        raise FrameworkMissing(
            "The CQC single assessment framework is not loaded yet: ask an administrator to "
            "load it before recording a self-assessment."
        )
    return found


def record_assessment(
    org_unit: Any,
    scores: Sequence[Mapping[str, Any]],
    *,
    actor: Any,
    assessed_on: dt.date | None = None,
    summary: str = "",
) -> SelfAssessment:
    """Record ACTOR's self-assessment of ORG_UNIT. Each of SCORES names its `statement` (a
    quality statement or its id) and either a `score` (1 to 4) or `categories` (a list of
    `{"category", "score", "rationale"}`), with a `rationale`."""
    check_actor(actor, Capability.ASSESS_QUALITY, org_unit, allow=PERSON_OR_SYSTEM)
    framework = cqc_framework()
    assessed_on = assessed_on or dt.date.today()
    inputs = read_scores(framework, scores)
    if assessed_on > dt.date.today():
        raise ValidationError(
            {"assessed_on": "The date of the assessment must be today or in the past"}
        )
    with acting_as(actor), transaction.atomic():
        assessment = create_object(
            SelfAssessment,
            {"org_unit": org_unit, "framework": framework, "assessed_on": assessed_on,
             "summary": summary.strip()},
            actor=actor,
        )  # fmt: skip
        for given in inputs:
            row = create_object(
                StatementScore,
                {"assessment": assessment, "statement": given.statement, "score": given.score,
                 "rationale": given.rationale.strip()},
                actor=actor,
            )  # fmt: skip
            for category in given.categories:
                create_object(
                    CategoryScore,
                    {"statement_score": row, "category": category.category,
                     "score": category.score, "rationale": category.rationale.strip()},
                    actor=actor,
                )  # fmt: skip
    return assessment


def read_scores(framework: Framework, scores: Sequence[Mapping[str, Any]]) -> list[StatementInput]:
    """SCORES checked against FRAMEWORK, or a ValidationError naming every problem by the
    place it is in (`scores[2].categories[0].score`)."""
    if not scores:
        raise ValidationError({"scores": "Score at least one quality statement"})
    statements = _by_id(Standard.objects.filter(framework=framework, archived_at__isnull=True))
    categories = _by_id(EvidenceCategory.objects.filter(framework=framework))
    errors: dict[str, str] = {}
    inputs: list[StatementInput] = []
    seen: set[int] = set()
    for index, entry in enumerate(scores):
        place = f"scores[{index}]"
        statement = statements.get(_id_of(entry.get("statement")))
        if statement is None:
            errors[f"{place}.statement"] = "Choose a quality statement of the CQC framework"
            continue
        if statement.pk in seen:
            errors[f"{place}.statement"] = f"Score “{statement}” once: it is scored twice"
            continue
        seen.add(statement.pk)
        given = StatementInput(statement, rationale=str(entry.get("rationale") or ""))
        _read_statement(given, entry, categories, place, errors)
        inputs.append(given)
    if errors:
        raise ValidationError(errors)
    return inputs


def _read_statement(
    given: StatementInput,
    entry: Mapping[str, Any],
    categories: dict[int | None, EvidenceCategory],
    place: str,
    errors: dict[str, str],
) -> None:
    score, rows = entry.get("score"), entry.get("categories") or []
    name = f"“{given.statement}”"
    if score is not None and rows:
        errors[f"{place}.score"] = f"Give {name} a score or score its evidence categories, not both"
    elif score is None and not rows:
        errors[f"{place}.score"] = (
            f"Give {name} a score from 1 to 4, or score its evidence categories"
        )
    elif score is not None:
        given.score = _score(score, f"{place}.score", f"The score of {name}", errors)
    seen: set[int] = set()
    for number, row in enumerate(rows if isinstance(rows, list) else []):
        at = f"{place}.categories[{number}]"
        category = categories.get(_id_of(row.get("category")) if isinstance(row, Mapping) else None)
        if category is None:
            errors[f"{at}.category"] = "Choose an evidence category of the CQC framework"
            continue
        if category.pk in seen:
            errors[f"{at}.category"] = f"Score “{category}” once for {name}"
            continue
        seen.add(category.pk)
        value = _score(row.get("score"), f"{at}.score", f"The score of “{category}”", errors)
        if value is not None:
            given.categories.append(CategoryInput(category, value, str(row.get("rationale") or "")))


def _score(value: Any, place: str, what: str, errors: dict[str, str]) -> int | None:
    try:
        return check_score(value)
    except ScoreOutOfRange:
        errors[place] = f"{what} {OUT_OF_RANGE}"
        return None


def _by_id(queryset: Any) -> dict[int | None, Any]:
    return {row.pk: row for row in queryset}


def _id_of(value: Any) -> int | None:
    if hasattr(value, "pk"):
        return int(value.pk)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None
