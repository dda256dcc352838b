"""The writes of the risks concept, each through core's recorded services in one
transaction: risks and their reviews (with escalation), status, assurances, actions and the
organisation's settings."""

from quadrant.assurance.risks.services.assurances import add_assurance, withdraw_assurance
from quadrant.assurance.risks.services.risks import (
    create_risk,
    deescalate_risk,
    open_risk_action,
    review_risk,
    set_risk_status,
    update_risk,
)
from quadrant.assurance.risks.services.settings import (
    create_category,
    set_threshold,
    update_category,
    update_matrix,
)

__all__ = [
    "add_assurance",
    "create_category",
    "create_risk",
    "deescalate_risk",
    "open_risk_action",
    "review_risk",
    "set_risk_status",
    "set_threshold",
    "update_category",
    "update_matrix",
    "update_risk",
    "withdraw_assurance",
]
