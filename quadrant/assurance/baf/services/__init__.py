"""The writes of the BAF, each one transaction through core's recorded services."""

from quadrant.assurance.baf.services.committees import (
    create_committee,
    retire_committee,
    update_committee,
)
from quadrant.assurance.baf.services.entries import (
    add_principal_risk,
    remove_principal_risk,
    update_principal_risk,
)
from quadrant.assurance.baf.services.quarters import freeze_quarter, sign_off_quarter

__all__ = [
    "add_principal_risk",
    "create_committee",
    "freeze_quarter",
    "remove_principal_risk",
    "retire_committee",
    "sign_off_quarter",
    "update_committee",
    "update_principal_risk",
]
