"""Writes of the improvement component; each is one transaction through the core services."""

from quadrant.improvement.services.cycles import (
    add_change_idea,
    chain_of,
    plan_cycle,
    record_act,
    record_do,
    record_study,
    update_plan,
)
from quadrant.improvement.services.ideas import decline_idea, submit_idea, turn_idea_into_project
from quadrant.improvement.services.learning import (
    adopt_change,
    move_to_routine_control,
    raise_procedure_action,
    save_learning_summary,
    unit_manager,
)
from quadrant.improvement.services.projects import (
    add_team_member,
    create_project,
    define_measure_for_project,
    link_measure,
    may_define_measure_for,
    may_manage,
    measure_code_problem,
    move_project_stage,
    remove_team_member,
    require_define_measure_for,
    suggest_measure_code,
    summary_gaps,
    team_of,
    touch_projects,
    unlink_measure,
    update_project,
)

__all__ = [
    "add_change_idea", "add_team_member", "adopt_change", "chain_of", "create_project",
    "decline_idea", "define_measure_for_project", "link_measure", "may_define_measure_for",
    "may_manage", "measure_code_problem", "move_project_stage", "move_to_routine_control",
    "plan_cycle", "raise_procedure_action", "record_act", "record_do", "record_study",
    "remove_team_member", "require_define_measure_for", "save_learning_summary", "submit_idea",
    "suggest_measure_code", "summary_gaps", "team_of",
    "touch_projects", "turn_idea_into_project", "unit_manager", "unlink_measure",
    "update_plan", "update_project",
]  # fmt: skip
