"""What other components may use of improvement: its projects, and the services that start one
and link a measure to it (so that, for example, a failing audit can open a project whose
measure goes under control); and `register_project_origin`, through which another component
lets a project be started from one of its records (prefilled from it, linked to it on
saving). Anything else of improvement is its own."""

from quadrant.improvement.choices import ActDecision
from quadrant.improvement.models import ChangeIdea, Project
from quadrant.improvement.services.origins import (
    ProjectOrigin,
    ProjectProposal,
    register_project_origin,
    start_project_from,
)
from quadrant.improvement.services.projects import create_project, link_measure

__all__ = [
    "ActDecision",
    "ChangeIdea",
    "Project",
    "ProjectOrigin",
    "ProjectProposal",
    "create_project",
    "link_measure",
    "register_project_origin",
    "start_project_from",
]
