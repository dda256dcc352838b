"""What the duty of candour adds to the pages it shares (imported by assurance's
registrations): its panel on an event's page, its section of the oversight page and its
section of the daily digest."""

from __future__ import annotations

from quadrant.assurance.incidents.candour import digest  # noqa: F401  (overdue records, daily)
from quadrant.assurance.incidents.candour.views import oversight_context, panel_context
from quadrant.assurance.incidents.panels import (
    EventPanel,
    OversightSection,
    register_event_panel,
    register_oversight_section,
)

register_event_panel(
    EventPanel("Duty of candour", "assurance/incidents/candour/panel.html", 30, panel_context)
)
register_oversight_section(
    OversightSection(
        "Overdue duty of candour", "assurance/incidents/candour/oversight.html", 30,
        oversight_context,
    )
)  # fmt: skip
