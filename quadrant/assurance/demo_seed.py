"""Demo data of assurance (a seed step the demo generator discovers), after control so that
evidence and a risk's assurances can point at the demo's measures."""

from __future__ import annotations

from quadrant.assurance.audits.demo_seed import seed_audits
from quadrant.assurance.baf.demo_seed import seed_baf, seed_baf_documents
from quadrant.assurance.cqc.demo import seed_cqc_assessments
from quadrant.assurance.documents.demo_seed import seed_documents
from quadrant.assurance.incidents.demo_measures import seed_event_measures
from quadrant.assurance.incidents.demo_seed import seed_safety_events
from quadrant.assurance.incidents.response.demo_seed import seed_learning_responses
from quadrant.assurance.risks.demo_seed import seed_risks
from quadrant.assurance.standards.demo import seed_standards
from quadrant.demo import register_seed_step

register_seed_step("assurance-standards", seed_standards, order=400)
register_seed_step("assurance-cqc", seed_cqc_assessments, order=410)
register_seed_step("assurance-audits", seed_audits, order=420)
register_seed_step("assurance-risks", seed_risks, order=430)
register_seed_step("assurance-safety-events", seed_safety_events, order=440)
register_seed_step("assurance-safety-event-measures", seed_event_measures, order=443)
register_seed_step("assurance-learning-responses", seed_learning_responses, order=445)
register_seed_step("assurance-baf", seed_baf, order=447)
register_seed_step("assurance-documents", seed_documents, order=450)
register_seed_step("assurance-baf-documents", seed_baf_documents, order=455)
