"""The REST API under /api/v1/: each component adds its router entries here."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, include, path, re_path
from django.views.decorators.csrf import csrf_exempt
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


def _routed(name: str) -> Any:
    """The view the router serves under NAME."""
    return next(
        pattern.callback
        for pattern in router.urls
        if isinstance(pattern, URLPattern) and pattern.name == name
    )


_FHIR_IMPORT = _routed("measure-fhir-fhir-import")
_MEASURE = _routed("measure-detail")


@csrf_exempt  # as every DRF view is: each of the two checks CSRF itself for session sign-ins
def measures_fhir_address(request: HttpRequest) -> HttpResponse:
    """`measures/fhir/` is two addresses: POST imports FHIR MeasureReports; any other method
    is the address of a measure coded "fhir", as `measures/{code}/` is for every other code
    (a GET answers that measure or the API's problem+json 404, never the import's outcome)."""
    if request.method == "POST":
        return _FHIR_IMPORT(request)  # type: ignore[no-any-return]
    return _MEASURE(request, code="fhir")  # type: ignore[no-any-return]


urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    # Before the router's own measures/fhir/ (kept there for the schema): see the view.
    path("measures/fhir/", measures_fhir_address),
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
