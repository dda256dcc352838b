"""The links planning keeps to other components' objects, described once for the link
registry (quadrant.core.links): the measures that show a goal's progress, and the measures
placed on a driver diagram's nodes."""

from __future__ import annotations

from quadrant.core.links import Relation, register_relation, through_pairs
from quadrant.planning.models import DriverNodeLink, GoalMeasure

MEASURE = "control.measure"


def register() -> None:
    goal_from, goal_to = through_pairs(GoalMeasure, "goal", "measure", MEASURE)
    register_relation(
        Relation("planning.goal-measure", "planning.goal", MEASURE,
                 "Measures of its progress", "Goals it measures", goal_from, goal_to)
    )  # fmt: skip
    node_from, node_to = through_pairs(DriverNodeLink, "node", "measure", MEASURE)
    register_relation(
        Relation("planning.drivernode-measure", "planning.drivernode", MEASURE,
                 "Measures on this node", "Driver diagram nodes it measures",
                 node_from, node_to)
    )  # fmt: skip
