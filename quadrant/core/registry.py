"""Where components plug into the shell: navigation, global search and the home page.

Each component registers in its AppConfig.ready(); the shell shows only what is registered,
so navigation never links to a page that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import models
from django.db.models import Q


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int
    visible: Callable[[Any], bool] = field(default=lambda user: True)


@dataclass(frozen=True)
class SearchProvider:
    """One kind of object found by the global search."""

    label: str
    model: type[models.Model]
    fields: tuple[str, ...]
    describe: Callable[[Any], str] = field(default=lambda obj: "")
    related: tuple[str, ...] = ()  # what describe() reads, fetched in the same query

    def search(self, user: Any, query: str, limit: int) -> list[Any]:
        from quadrant.core.permissions import restrict

        condition = Q()
        for name in self.fields:
            condition |= Q(**{f"{name}__icontains": query})
        queryset = restrict(cast(Any, self.model).objects.all(), user).filter(condition)
        if hasattr(self.model, "archived_at"):
            queryset = queryset.filter(archived_at__isnull=True)
        if self.related:
            queryset = queryset.select_related(*self.related)
        return list(queryset[:limit])


@dataclass(frozen=True)
class HomeSection:
    """A section of "My quality"; CONTEXT returns None when the user has nothing there."""

    title: str
    template: str
    order: int
    context: Callable[[Any], dict[str, Any] | None]


@dataclass(frozen=True)
class UnitSection:
    """A section of a unit's page; CONTEXT(unit, user) returns None when there is nothing."""

    title: str
    template: str
    order: int
    context: Callable[[Any, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class ImportCommand:
    """One kind of `quadrant import KIND ...` besides observations: ADD_ARGUMENTS(parser) adds
    its arguments, HANDLE(command, options) runs it (raising CommandError on a problem)."""

    name: str
    help: str
    add_arguments: Callable[[Any], None]
    handle: Callable[[Any, dict[str, Any]], None]


navigation: list[NavItem] = []
import_commands: list[ImportCommand] = []
search_providers: list[SearchProvider] = []
home_sections: list[HomeSection] = []
unit_sections: list[UnitSection] = []


def register_nav(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in navigation):
        navigation.append(item)
        navigation.sort(key=lambda nav: nav.order)


def register_search(provider: SearchProvider) -> None:
    if all(existing.model is not provider.model for existing in search_providers):
        search_providers.append(provider)


def register_home_section(section: HomeSection) -> None:
    if all(existing.template != section.template for existing in home_sections):
        home_sections.append(section)
        home_sections.sort(key=lambda item: item.order)


def register_unit_section(section: UnitSection) -> None:
    if all(existing.template != section.template for existing in unit_sections):
        unit_sections.append(section)
        unit_sections.sort(key=lambda item: item.order)


def register_import_command(command: ImportCommand) -> None:
    if all(existing.name != command.name for existing in import_commands):
        import_commands.append(command)
