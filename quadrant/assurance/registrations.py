"""What assurance adds to the shell: its navigation entries (standards, the CQC
self-assessment, audits, compliance, safety events, risks), its records in the site search (a
safety event is found only by those who may see it, and never by patient details, which it does
not hold), its links to other components' objects (a standard's evidence, a finding's
projects, a risk's assurances), its sections of the daily digest (the audit programme's
reminders, risks due for review), projects started from a finding, and "My audits" and "My safety
reports" on the home page."""

from __future__ import annotations

from quadrant.assurance import links
from quadrant.assurance.audits import reminders  # noqa: F401  (the programme in the daily digest)
from quadrant.assurance.audits.finding_projects import FINDING_ORIGIN
from quadrant.assurance.audits.home import my_audits
from quadrant.assurance.audits.models import AuditRun, AuditTemplate
from quadrant.assurance.baf import links as baf_links
from quadrant.assurance.baf.access import may_read_baf
from quadrant.assurance.documents import registrations as documents
from quadrant.assurance.incidents import (  # noqa: F401  (oversight sections, jobs)
    import_command,
    oversight,
    tasks,
)
from quadrant.assurance.incidents.candour import registrations as candour  # noqa: F401
from quadrant.assurance.incidents.models import SafetyEvent
from quadrant.assurance.incidents.response import registrations as response_pages  # noqa: F401
from quadrant.assurance.incidents.theme_access import may_see_oversight
from quadrant.assurance.incidents.views.home import my_safety_reports
from quadrant.assurance.risks import digest  # noqa: F401  (risks due for review in the digest)
from quadrant.assurance.risks.models import Risk
from quadrant.assurance.standards.models import Standard
from quadrant.core.permissions import Capability, has_role_anywhere
from quadrant.core.registry import (
    HomeSection,
    NavItem,
    SearchProvider,
    register_home_section,
    register_nav,
    register_search,
)
from quadrant.improvement.public import register_project_origin

register_nav(NavItem("Standards", "assurance:frameworks", order=45))
register_nav(NavItem("CQC self-assessment", "assurance:cqc_assessments", order=46))
register_nav(NavItem("Audits", "assurance:audits", order=46))
register_nav(NavItem("Compliance", "assurance:compliance", order=47))
register_nav(NavItem("Safety events", "assurance:safety_events", order=48))
register_nav(NavItem("Safety oversight", "assurance:safety_oversight", 48, may_see_oversight))
register_nav(
    NavItem("Risks", "assurance:risks", order=49,
            visible=lambda user: has_role_anywhere(user, Capability.VIEW))
)  # fmt: skip
register_nav(NavItem("Board assurance framework", "assurance:baf", 49, may_read_baf))
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
register_search(
    SearchProvider(
        "Risks",
        Risk,
        ("title", "cause", "event", "effect"),
        describe=lambda risk: (
            f"Risk {risk.reference} · {risk.org_unit} · score {risk.current_score}"
        ),
        related=("org_unit",),
    )
)
register_home_section(
    HomeSection("My audits", "assurance/audits/includes/home_audits.html", 20, my_audits)
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
baf_links.register()
register_project_origin(FINDING_ORIGIN)
documents.register()
