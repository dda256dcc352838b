"""The REST API under /api/v1/: each component adds its router entries here."""

from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from quadrant.actions.api.views import ActionViewSet
from quadrant.assurance.audits.api.views import AuditRunViewSet, AuditTemplateViewSet
from quadrant.assurance.baf.api.views import BafViewSet
from quadrant.assurance.compliance.api.views import ComplianceViewSet
from quadrant.assurance.cqc.api.views import SelfAssessmentViewSet
from quadrant.assurance.documents.api.views import DocumentViewSet
from quadrant.assurance.incidents.api.fhir import AdverseEventViewSet
from quadrant.assurance.incidents.api.views import SafetyEventViewSet
from quadrant.assurance.incidents.candour.api import CandourRecordViewSet
from quadrant.assurance.incidents.response.api.views import (
    LearningResponseViewSet,
    ResponsePlanViewSet,
)
from quadrant.assurance.risks.api.views import RiskViewSet
from quadrant.assurance.standards.api.views import (
    EvidenceViewSet,
    FrameworkViewSet,
    MappingViewSet,
    StandardViewSet,
)
from quadrant.control.measures.api.fhir_views import MeasureFhirViewSet
from quadrant.control.measures.api.views import (
    AnnotationViewSet,
    MeasureViewSet,
    ObservationViewSet,
)
from quadrant.control.signals.api.views import SignalViewSet
from quadrant.core.api.fallback import api_not_found, moved_permanently
from quadrant.core.api.views import HistoryEventViewSet, JobViewSet, ObtainTokenView
from quadrant.improvement.api.views import IdeaViewSet, PdsaCycleViewSet, ProjectViewSet
from quadrant.organisation.api.views import MembershipViewSet, OrgUnitViewSet, PersonViewSet
from quadrant.planning.api.views import DriverDiagramViewSet, GoalViewSet, StrategyViewSet

router = DefaultRouter(trailing_slash=True)
router.register("org-units", OrgUnitViewSet, basename="org-unit")
router.register("people", PersonViewSet, basename="person")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("history", HistoryEventViewSet, basename="history-event")
router.register("jobs", JobViewSet, basename="job")
router.register("measures", MeasureFhirViewSet, basename="measure-fhir")  # before measures/{code}/
router.register("measures", MeasureViewSet, basename="measure")
router.register("observations", ObservationViewSet, basename="observation")
router.register("annotations", AnnotationViewSet, basename="annotation")
router.register("signals", SignalViewSet, basename="signal")
router.register("actions", ActionViewSet, basename="action")
router.register("strategies", StrategyViewSet, basename="strategy")
router.register("goals", GoalViewSet, basename="goal")
router.register("driver-diagrams", DriverDiagramViewSet, basename="driver-diagram")
router.register("projects", ProjectViewSet, basename="project")
router.register("pdsa-cycles", PdsaCycleViewSet, basename="pdsa-cycle")
router.register("ideas", IdeaViewSet, basename="idea")
router.register("audit-templates", AuditTemplateViewSet, basename="audit-template")
router.register("audit-runs", AuditRunViewSet, basename="audit-run")
router.register("frameworks", FrameworkViewSet, basename="framework")
router.register("standards", StandardViewSet, basename="standard")
router.register("standard-mappings", MappingViewSet, basename="standard-mapping")
router.register("standard-evidence", EvidenceViewSet, basename="standard-evidence")
router.register("cqc-assessments", SelfAssessmentViewSet, basename="cqc-assessment")
router.register("risks", RiskViewSet, basename="risk")
router.register("baf", BafViewSet, basename="baf")
router.register("documents", DocumentViewSet, basename="document")
router.register("incidents", SafetyEventViewSet, basename="incident")
router.register("learning-responses", LearningResponseViewSet, basename="learning-response")
router.register("response-plan", ResponsePlanViewSet, basename="response-plan")
router.register("candour", CandourRecordViewSet, basename="candour-record")

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("", include(router.urls)),
    path(
        "fhir/AdverseEvent",
        AdverseEventViewSet.as_view({"get": "search"}),
        name="fhir-adverse-events",
    ),
    path(
        "fhir/AdverseEvent/<str:reference>",
        AdverseEventViewSet.as_view({"get": "retrieve"}),
        name="fhir-adverse-event",
    ),
    # A report rather than a list of records (no record of its own to address by id).
    path("compliance/", ComplianceViewSet.as_view({"get": "matrix"}), name="compliance"),
    # The change history was listed under audit-events/ before this release.
    re_path(r"^audit-events/(?P<rest>.*)$", moved_permanently, {"to": "history/"}),
    # Keep last: unmatched API paths answer a JSON 404, not the HTML page.
    re_path(r"^(?P<path>.*)$", api_not_found, name="api-not-found"),
]
