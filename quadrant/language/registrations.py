"""What the shared language adds to the shell: its settings page and the glossary in search."""

from quadrant.core.permissions import Capability, has_role_anywhere
from quadrant.core.registry import NavItem, SearchProvider, register_nav, register_search
from quadrant.language.models import GlossaryTerm

register_nav(
    NavItem(
        "Shared language",
        "language:settings",
        order=85,
        visible=lambda user: has_role_anywhere(user, Capability.SHARED_LANGUAGE),
    )
)
register_search(
    SearchProvider(
        "Glossary", GlossaryTerm, ("term", "definition"), describe=lambda term: term.definition
    )
)
