"""What assurance adds to the shell: its navigation entries (standards, the CQC self-assessment,
audits, safety events), its records in the site search (a safety event is found only by
those who may see it, and never by patient details, which it does not hold), and its links
to other components' objects (a standard's evidence), and "My safety reports" on the home
page."""

from __future__ import annotations

from quadrant.assurance import links
from quadrant.assurance.audits.models import AuditRun, AuditTemplate
from quadrant.assurance.incidents.models import SafetyEvent
from quadrant.assurance.incidents.views.home import my_safety_reports
from quadrant.assurance.standards.models import Standard
from quadrant.core.registry import (
    HomeSection,
    NavItem,
    SearchProvider,
    register_home_section,
    register_nav,
    register_search,
)

register_nav(NavItem("Standards", "assurance:frameworks", order=45))
register_nav(NavItem("CQC self-assessment", "assurance:cqc_assessments", order=46))
register_nav(NavItem("Audits", "assurance:audits", order=46))
register_nav(NavItem("Safety events", "assurance:safety_events", order=47))
register_search(
    SearchProvider(
        "Audit templates",
        AuditTemplate,
        ("code", "title"),
        describe=lambda template: f"Audit template · version {template.version_number}",
    )
)
register_search(
    SearchProvider(
        "Audits",
        AuditRun,
        ("template__title", "org_unit__name"),
        describe=lambda run: f"Audit · {run.org_unit} · {run.run_date:%d %B %Y}",
        related=("template", "org_unit"),
    )
)
register_search(
    SearchProvider(
        "Safety events",
        SafetyEvent,
        ("reference", "description", "location"),
        describe=lambda event: f"Safety event · {event.org_unit} · {event.occurred_on:%d %B %Y}",
        related=("org_unit",),
    )
)
register_search(
    SearchProvider(
        "Standards",
        Standard,
        ("code", "title", "text"),
        describe=lambda standard: f"Standard · {standard.framework} · {standard.group}",
        related=("framework", "group"),
    )
)
register_home_section(
    HomeSection(
        "My safety reports",
        "assurance/incidents/includes/home_reports.html",
        46,
        my_safety_reports,
    )
)
links.register()
