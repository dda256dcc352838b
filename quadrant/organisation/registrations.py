"""What the organisation app adds to the shell: navigation and search."""

from quadrant.core.registry import NavItem, SearchProvider, register_nav, register_search
from quadrant.organisation.models import OrgUnit

register_nav(NavItem("Units", "organisation:units", order=10))
register_search(
    SearchProvider(
        "Units",
        OrgUnit,
        ("name", "code"),
        describe=lambda unit: f"{unit.get_kind_display()} · {unit.code}",
    )
)
