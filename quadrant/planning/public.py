"""What other components may use of planning: the goals and driver diagram nodes their own
records link to, and the vocabulary those links use; for the pages that compose components,
a goal's progress rolled up from its measures and child goals by RULE (goal_progress;
goals_progress for many goals with a fixed number of queries; judge over measure_readings for
measures alone), the goal statuses, the Quality Account's priorities and the financial years.
Anything else of planning is its own."""

from quadrant.planning.choices import DriverKind, GoalStatus, MeasureRole
from quadrant.planning.models import DriverNode, Goal, GoalMeasure, QualityAccountPriority
from quadrant.planning.periods import year_label, year_of
from quadrant.planning.progress import (
    RULE,
    Progress,
    goal_progress,
    goals_progress,
    judge,
    measure_readings,
)

__all__ = [
    "RULE",
    "DriverKind",
    "DriverNode",
    "Goal",
    "GoalMeasure",
    "GoalStatus",
    "MeasureRole",
    "Progress",
    "QualityAccountPriority",
    "goal_progress",
    "goals_progress",
    "judge",
    "measure_readings",
    "year_label",
    "year_of",
]
