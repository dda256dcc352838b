"""Where the parts of safety-event work plug into the pages they share.

- An event's page shows the panels registered here (triage and the learning response, the
  duty of candour...), each deciding for itself whether this user sees it: CONTEXT(request,
  event) returns None when the panel has nothing for them.
- The safety team's and the board's oversight page shows the registered oversight sections:
  CONTEXT(user) returns None when the section has nothing the user may see.

Each part registers when its module is imported (incidents' registrations import them), so
neither page knows the parts by name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string


@dataclass(frozen=True)
class EventPanel:
    """A section of a safety event's page."""

    title: str
    template: str
    order: int
    context: Callable[[Any, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class OversightSection:
    """A section of the safety oversight page."""

    title: str
    template: str
    order: int
    context: Callable[[Any], dict[str, Any] | None]


event_panels: list[EventPanel] = []
oversight_sections: list[OversightSection] = []


def register_event_panel(panel: EventPanel) -> None:
    if all(existing.template != panel.template for existing in event_panels):
        event_panels.append(panel)
        event_panels.sort(key=lambda item: item.order)


def register_oversight_section(section: OversightSection) -> None:
    if all(existing.template != section.template for existing in oversight_sections):
        oversight_sections.append(section)
        oversight_sections.sort(key=lambda item: item.order)


def keep_bound_form(request: Any, name: str, form: Any) -> None:
    """Keep a panel's form sent with errors on REQUEST, for the page drawn again with it."""
    if not hasattr(request, "bound_panel_forms"):
        request.bound_panel_forms = {}
    request.bound_panel_forms[name] = form


def bound_form(request: Any, name: str) -> Any:
    """The panel form NAME sent with errors in this request (None when there is none)."""
    return getattr(request, "bound_panel_forms", {}).get(name)


def has_bound_errors(request: Any) -> bool:
    return any(form.errors for form in getattr(request, "bound_panel_forms", {}).values())


def _rendered(entries: list[Any], request: Any, *args: Any) -> list[dict[str, Any]]:
    shown = []
    for entry in entries:
        context = entry.context(*args)
        if context is not None:
            # Rendered with its own context: an {% include %} cannot spread a dict.
            html = render_to_string(entry.template, context, request=request)
            shown.append({"title": entry.title, "template": entry.template, "html": html})
    return shown


def panels_for(request: Any, event: Any) -> list[dict[str, Any]]:
    """The panels of EVENT's page this request's user sees, rendered, in order."""
    return _rendered(event_panels, request, request, event)


def oversight_for(request: Any) -> list[dict[str, Any]]:
    """The oversight sections the request's user sees, rendered, in order."""
    return _rendered(oversight_sections, request, request.user)
