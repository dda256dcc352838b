"""What core adds to the shell: the change history, for those who may read it."""

from quadrant.core.permissions import Capability, has_role_anywhere
from quadrant.core.registry import NavItem, register_nav

register_nav(
    NavItem(
        "Change history",
        "history-log",
        order=95,
        visible=lambda user: has_role_anywhere(user, Capability.READ_HISTORY),
    )
)
