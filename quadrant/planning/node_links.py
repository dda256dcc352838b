"""Other components list what hangs from a driver diagram's nodes (improvement's projects, later
audits or risks) on the diagram's page, without planning importing them:
`register_node_link_provider(func)`, where func(diagram, user) returns the NodeLink rows the
user may see for the whole diagram, from a fixed number of queries whatever their number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NodeLink:
    """One thing linked to one node, as the diagram page lists it under the node."""

    node_id: int
    kind: str  # what it is, for example "Project"
    title: str
    url: str
    unit: str = ""
    status: str = ""


NodeLinkProvider = Callable[[Any, Any], list[NodeLink]]

_providers: list[NodeLinkProvider] = []


def register_node_link_provider(provider: NodeLinkProvider) -> None:
    """Add PROVIDER (once) to the sources of what the diagram page lists under its nodes."""
    if provider not in _providers:
        _providers.append(provider)


def node_links(diagram: Any, user: Any) -> dict[int, list[NodeLink]]:
    """Every registered provider's links on DIAGRAM that USER may see, by node id."""
    by_node: dict[int, list[NodeLink]] = {}
    for provider in _providers:
        for link in provider(diagram, user):
            by_node.setdefault(link.node_id, []).append(link)
    return by_node
