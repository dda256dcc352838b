"""What assurance adds to the shell: the "Standards" navigation entry, standards in the site
search, and its links to other components' objects (a standard's evidence)."""

from __future__ import annotations

from quadrant.assurance import links
from quadrant.assurance.standards.models import Standard
from quadrant.core.registry import NavItem, SearchProvider, register_nav, register_search

register_nav(NavItem("Standards", "assurance:frameworks", order=45))
register_search(
    SearchProvider(
        "Standards",
        Standard,
        ("code", "title", "text"),
        describe=lambda standard: f"Standard · {standard.framework} · {standard.group}",
        related=("framework", "group"),
    )
)
links.register()
