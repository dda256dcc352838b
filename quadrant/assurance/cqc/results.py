"""What a self-assessment adds up to, by CQC's scoring (cqc.scoring): each quality statement's
score and each key question's rating, with the arithmetic a page shows. A key question none
of whose statements was scored is "Not assessed". Four queries however many statements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quadrant.assurance.cqc.models import SelfAssessment, StatementScore
from quadrant.assurance.cqc.scoring import (
    KeyQuestionResult,
    StatementResult,
    key_question,
    statement_from_categories,
    statement_given,
)
from quadrant.assurance.standards.models import Standard, StandardGroup

NOT_ASSESSED = "Not assessed"


@dataclass
class StatementLine:
    statement: Standard
    row: StatementScore | None
    result: StatementResult | None

    @property
    def how(self) -> str:
        """How the score was reached, in words."""
        if self.row is None or self.result is None:
            return NOT_ASSESSED
        if self.row.score is not None:
            return "Scored directly"
        count = len(self.row.category_scores.all())
        return (
            f"From {count} evidence categor{'y' if count == 1 else 'ies'}: {self.result.arithmetic}"
        )


@dataclass
class KeyQuestionLine:
    group: StandardGroup
    statements: list[StatementLine]
    result: KeyQuestionResult | None

    @property
    def rating(self) -> str:
        return self.result.rating if self.result else NOT_ASSESSED

    @property
    def percent(self) -> float | None:
        """The percentage to one decimal place, as a number (the API's `percent`)."""
        return float(self.result.percent) if self.result else None

    @property
    def scored(self) -> int:
        return sum(line.result is not None for line in self.statements)


def framework_outline(framework_id: int) -> tuple[list[StandardGroup], list[Standard]]:
    """The key questions and statements of a framework, in order (read once for many
    assessments of it: `results_of(..., outline=...)`)."""
    groups = StandardGroup.objects.filter(framework=framework_id).order_by("order", "code")
    statements = Standard.objects.filter(framework=framework_id, archived_at__isnull=True)
    return list(groups), list(statements.order_by("order", "code"))


def results_of(
    assessment: SelfAssessment,
    outline: tuple[list[StandardGroup], list[Standard]] | None = None,
) -> list[KeyQuestionLine]:
    """ASSESSMENT's key questions in the framework's order, each with its statements (the
    framework's OUTLINE read here unless given)."""
    groups, statements = outline or framework_outline(assessment.framework_id)
    rows = {
        row.statement_id: row
        for row in assessment.statement_scores.filter(archived_at__isnull=True).prefetch_related(
            "category_scores__category"
        )
    }
    by_group: dict[int, list[StatementLine]] = {}
    for statement in statements:
        row = rows.get(statement.pk)
        by_group.setdefault(statement.group_id, []).append(
            StatementLine(statement, row, _statement_result(row))
        )
    lines = []
    for group in groups:
        found = by_group.get(group.pk, [])
        scores = [line.result.score for line in found if line.result is not None]
        lines.append(KeyQuestionLine(group, found, key_question(scores) if scores else None))
    return lines


def _statement_result(row: StatementScore | None) -> StatementResult | None:
    if row is None:
        return None
    if row.score is not None:
        return statement_given(row.score)
    categories = [category.score for category in row.category_scores.all()]
    return statement_from_categories(categories) if categories else None


def key_question_summary(lines: list[KeyQuestionLine]) -> list[dict[str, Any]]:
    """The API's `key_questions`: each scored key question's title, percent and rating."""
    return [
        {
            "key_question": line.group.title,
            "percent": line.percent,
            "rating": line.rating,
            "total": line.result.total,
            "maximum": line.result.maximum,
            "statements_scored": line.scored,
        }
        for line in lines
        if line.result is not None
    ]
