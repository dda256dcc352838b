"""How an audit run scores: the percentage compliant, weighted.

Each scoring question's answer is compliant to a degree between 0 and 1 (yes 1, no 0, a score
its share of the maximum, a choice 1 when it is one of the passing choices, a number 1 when it
lies within the question's rule). "Not applicable", unanswered questions, free text and numbers
or choices without a rule leave the denominator. The percentage is rounded half up to one
decimal place, and that figure is compared with the threshold, so a page never shows a score
equal to the threshold as failed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from quadrant.assurance.audits.choices import QuestionKind, YesNo

ONE_PLACE = Decimal("0.1")


def scores(question: Any) -> bool:
    """Does QUESTION count towards the score at all (given an answer that is not N/A)?"""
    kind = question.kind
    if kind in (QuestionKind.YES_NO, QuestionKind.SCORE):
        return True
    if kind == QuestionKind.CHOICE:
        return bool(question.passing_list)
    if kind == QuestionKind.NUMBER:
        return question.pass_min is not None or question.pass_max is not None
    return False


def compliance(question: Any, answer: Any) -> Decimal | None:
    """How compliant ANSWER (or None, unanswered) is with QUESTION, 0 to 1; None when it
    leaves the denominator."""
    if answer is None or not scores(question) or answer.choice == YesNo.NOT_APPLICABLE:
        return None
    kind = question.kind
    if kind == QuestionKind.YES_NO:
        return {YesNo.YES: Decimal(1), YesNo.NO: Decimal(0)}.get(answer.choice)
    if kind == QuestionKind.SCORE:
        if answer.score is None:
            return None
        return Decimal(answer.score) / Decimal(question.max_score)
    if kind == QuestionKind.CHOICE:
        return (
            Decimal(1 if answer.choice in question.passing_list else 0) if answer.choice else None
        )
    if answer.number is None:
        return None
    low, high = question.pass_min, question.pass_max
    within = (low is None or answer.number >= low) and (high is None or answer.number <= high)
    return Decimal(1 if within else 0)


@dataclass(frozen=True)
class RunScore:
    percent: Decimal | None  # None when no question scored
    passed: bool | None
    failed: tuple[Any, ...]  # the questions answered less than fully compliant
    scored: int


def score_run(pairs: Iterable[tuple[Any, Any]], threshold: Decimal) -> RunScore:
    """The score of (question, answer) PAIRS against THRESHOLD (a percentage)."""
    total = achieved = Decimal(0)
    failed = []
    scored = 0
    for question, answer in pairs:
        degree = compliance(question, answer)
        if degree is None:
            continue
        scored += 1
        weight = Decimal(question.weight)
        total += weight
        achieved += weight * degree
        if degree < 1:
            failed.append(question)
    if not total:
        return RunScore(None, None, tuple(failed), scored)
    percent = (achieved * 100 / total).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
    return RunScore(percent, percent >= Decimal(threshold), tuple(failed), scored)
