"""What other components may use of improvement: its projects, and the services that start one
and link a measure to it (so that, for example, a failing audit can open a project whose
measure goes under control). Anything else of improvement is its own."""

from quadrant.improvement.models import Project
from quadrant.improvement.services.projects import create_project, link_measure

__all__ = ["Project", "create_project", "link_measure"]
