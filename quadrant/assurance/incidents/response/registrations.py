"""Triage and learning responses in the shared pages: the event page's panel, the oversight
page's sections, the SEIPS factors on the themes page (registered in themes_section) and
"Learning responses I lead" on My quality (the daily digest's reminders are registered where
they are defined, in oversight)."""

from __future__ import annotations

from quadrant.assurance.incidents.panels import (
    EventPanel,
    OversightSection,
    register_event_panel,
    register_oversight_section,
)
from quadrant.assurance.incidents.response import (
    oversight,
    themes_section,  # noqa: F401  (SEIPS on themes)
)
from quadrant.assurance.incidents.response.views.triage import triage_panel
from quadrant.core.registry import HomeSection, register_home_section

register_event_panel(
    EventPanel(
        "Triage and learning response", "assurance/incidents/response/panel.html", 10, triage_panel
    )
)
register_oversight_section(
    OversightSection(
        "Learning responses open, by type and age",
        "assurance/incidents/response/oversight_open.html",
        10,
        oversight.open_by_type_and_age,
    )
)
register_oversight_section(
    OversightSection(
        "Safety actions due",
        "assurance/incidents/response/oversight_actions.html",
        30,
        oversight.safety_actions_due,
    )
)
register_home_section(
    HomeSection(
        "Learning responses I lead",
        "assurance/incidents/response/home.html",
        47,
        oversight.my_responses,
    )
)
