"""The BAF's link for the quality thread: a principal risk's register entry threatens a goal
of planning, so the risk shows the goal it is set against and the goal its principal risks
(each seen only by those who may see it; a risk taken off the BAF links nothing)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from quadrant.assurance.baf.models import PrincipalRisk
from quadrant.core.links import Relation, register_relation

GOAL_RELATION = "assurance.baf-goal"


def pairs_from(ids: Sequence[int]) -> Iterable[tuple[int, str, int]]:
    rows = PrincipalRisk.objects.filter(archived_at__isnull=True, risk_id__in=ids)
    for risk_id, goal_id in rows.values_list("risk_id", "goal_id").order_by():
        yield risk_id, "planning.goal", goal_id


def pairs_to(label: str, ids: Sequence[int]) -> Iterable[tuple[int, int]]:
    rows = PrincipalRisk.objects.filter(archived_at__isnull=True, goal_id__in=ids)
    return rows.values_list("risk_id", "goal_id").order_by()


def register() -> None:
    register_relation(
        Relation(GOAL_RELATION, "assurance.risk", "planning.goal",
                 "Strategic goal it threatens (board assurance framework)",
                 "Principal risks to it (board assurance framework)", pairs_from, pairs_to)
    )  # fmt: skip
