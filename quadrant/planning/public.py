"""What other components may use of planning: the goals and driver diagram nodes their own
records link to, and the vocabulary those links use. Anything else of planning is its own."""

from quadrant.planning.choices import DriverKind, MeasureRole
from quadrant.planning.models import DriverNode, Goal

__all__ = ["DriverKind", "DriverNode", "Goal", "MeasureRole"]
