"""What the organisation app adds to the shell: navigation, search and background jobs."""

from quadrant.core.permissions import Capability, has_role_anywhere
from quadrant.core.registry import NavItem, SearchProvider, register_nav, register_search
from quadrant.organisation import importers  # noqa: F401 - registers the import job handler
from quadrant.organisation.models import OrgUnit
from quadrant.organisation.references import register as register_references

register_nav(NavItem("Units", "organisation:units", order=10))
register_nav(
    NavItem(
        "People",
        "organisation:people",
        order=90,
        visible=lambda user: has_role_anywhere(user, Capability.MANAGE_PEOPLE),
    )
)
register_search(
    SearchProvider(
        "Units",
        OrgUnit,
        ("name", "code"),
        describe=lambda unit: f"{unit.get_kind_display()} · {unit.code}",
    )
)

register_references()  # whom one may name as an owner or lead, and how refusals name units
