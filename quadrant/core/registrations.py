"""What core adds to the shell: the audit log, for those who may read it."""

from quadrant.core.permissions import Action, has_role_anywhere
from quadrant.core.registry import NavItem, register_nav

register_nav(
    NavItem(
        "Audit log",
        "audit-log",
        order=95,
        visible=lambda user: has_role_anywhere(user, Action.READ_AUDIT_LOG),
    )
)
