from django.urls import include, path

from quadrant.assurance.audits.views import evidence as audit_evidence
from quadrant.assurance.audits.views import findings as audit_findings
from quadrant.assurance.audits.views import programme as audit_programme
from quadrant.assurance.audits.views import runs as audit_runs
from quadrant.assurance.audits.views import templates as audit_templates
from quadrant.assurance.baf.views import board as baf_board
from quadrant.assurance.baf.views import entries as baf_entries
from quadrant.assurance.baf.views import quarters as baf_quarters
from quadrant.assurance.compliance import views as compliance
from quadrant.assurance.cqc import views as cqc
from quadrant.assurance.documents import urls as document_urls
from quadrant.assurance.incidents.response import urls as response_urls
from quadrant.assurance.incidents.views import events as safety_events
from quadrant.assurance.incidents.views import imports as safety_imports
from quadrant.assurance.incidents.views import receipt as safety_receipt
from quadrant.assurance.incidents.views import report as safety_report
from quadrant.assurance.incidents.views import themes as safety_themes
from quadrant.assurance.risks.views import register as risk_register
from quadrant.assurance.risks.views import risk as risks
from quadrant.assurance.risks.views import settings as risk_settings
from quadrant.assurance.standards.views import coverage, frameworks, imports, mapping, standards

app_name = "assurance"

urlpatterns = [
    *response_urls.urlpatterns,
    *document_urls.urlpatterns,
    path("", include("quadrant.assurance.incidents.candour.urls")),
    path("compliance/", compliance.compliance_matrix, name="compliance"),
    path(
        "compliance/<int:pk>/<str:unit_code>/",
        compliance.compliance_cell,
        name="compliance_cell",
    ),
    path("incidents/", safety_events.event_list, name="safety_events"),
    path("incidents/report/", safety_report.report_new, name="safety_report_new"),
    path("incidents/report/draft/", safety_report.draft_save, name="safety_report_draft"),
    path("incidents/mine/", safety_events.my_reports, name="my_safety_reports"),
    path("incidents/import/", safety_imports.upload, name="safety_event_import"),
    path("incidents/import/check/", safety_imports.check, name="safety_event_import_check"),
    path("incidents/receipt/", safety_receipt.receipt, name="safety_receipt"),
    path("incidents/themes/", safety_themes.themes_page, name="safety_themes"),
    path(
        "incidents/themes/refresh/", safety_themes.refresh_measures, name="safety_measures_refresh"
    ),
    path("incidents/oversight/", safety_themes.oversight_page, name="safety_oversight"),
    path("incidents/<int:pk>/", safety_events.event_detail, name="safety_event"),
    path(
        "incidents/<int:pk>/received/",
        safety_report.report_received,
        name="safety_report_received",
    ),
    path(
        "incidents/<int:pk>/feedback/",
        safety_events.feedback_save,
        name="safety_event_feedback",
    ),
    path("cqc/", cqc.assessment_list, name="cqc_assessments"),
    path("cqc/new/", cqc.assessment_create, name="cqc_assessment_create"),
    path("cqc/<int:pk>/", cqc.assessment_detail, name="cqc_assessment"),
    path("standards/", frameworks.framework_list, name="frameworks"),
    path("standards/coverage/", coverage.coverage, name="coverage"),
    path("standards/import/", imports.framework_import, name="framework_import"),
    path("standards/frameworks/<slug:code>/", frameworks.framework_detail, name="framework"),
    path(
        "standards/frameworks/<slug:code>/mapping/",
        mapping.framework_mapping,
        name="framework_mapping",
    ),
    path("standards/<int:pk>/", standards.standard_detail, name="standard"),
    path("standards/<int:pk>/map/", standards.standard_map, name="standard_map"),
    path(
        "standards/evidence/<int:pk>/withdraw/",
        standards.evidence_withdraw,
        name="evidence_withdraw",
    ),
    path("audits/", audit_runs.audit_home, name="audits"),
    path("audits/new/", audit_runs.run_start, name="audit_run_new"),
    path("audits/export.csv", audit_runs.runs_export, name="audit_runs_export"),
    path("audits/programme/", audit_programme.programme_page, name="audit_programme"),
    path("audits/programme/new/", audit_programme.schedule_add, name="audit_schedule_new"),
    path(
        "audits/programme/calendar/",
        audit_programme.programme_calendar,
        name="audit_programme_calendar",
    ),
    path(
        "audits/programme/<int:pk>/change/",
        audit_programme.schedule_change,
        name="audit_schedule_change",
    ),
    path(
        "audits/programme/<int:pk>/start/",
        audit_programme.schedule_start,
        name="audit_schedule_start",
    ),
    path("audits/<int:pk>/", audit_runs.run_detail, name="audit_run"),
    path(
        "audits/<int:pk>/answers/<int:question_pk>/",
        audit_runs.answer_save,
        name="audit_answer",
    ),
    path("audits/<int:pk>/sign-off/", audit_runs.run_sign_off, name="audit_run_sign_off"),
    path(
        "audits/<int:pk>/answers/<int:question_pk>/evidence/",
        audit_evidence.evidence_upload,
        name="audit_evidence_new",
    ),
    path("audits/evidence/<int:pk>/", audit_evidence.evidence_file, name="audit_evidence"),
    path(
        "audits/evidence/<int:pk>/withdraw/",
        audit_evidence.evidence_withdraw,
        name="audit_evidence_withdraw",
    ),
    path("audits/findings/<int:pk>/", audit_findings.finding_detail, name="audit_finding"),
    path(
        "audits/findings/<int:pk>/close/",
        audit_findings.finding_close,
        name="audit_finding_close",
    ),
    path("audits/templates/", audit_templates.template_list, name="audit_templates"),
    path("audits/templates/new/", audit_templates.template_create, name="audit_template_new"),
    path("audits/templates/<int:pk>/", audit_templates.template_detail, name="audit_template"),
    path(
        "audits/templates/<int:pk>/edit/",
        audit_templates.template_edit,
        name="audit_template_edit",
    ),
    path(
        "audits/templates/<int:pk>/sections/new/",
        audit_templates.section_add,
        name="audit_section_new",
    ),
    path(
        "audits/sections/<int:pk>/questions/new/",
        audit_templates.question_add,
        name="audit_question_new",
    ),
    path(
        "audits/questions/<int:pk>/edit/",
        audit_templates.question_edit,
        name="audit_question_edit",
    ),
    path(
        "audits/questions/<int:pk>/remove/",
        audit_templates.question_remove,
        name="audit_question_remove",
    ),
    path("baf/", baf_board.baf_board, name="baf"),
    path("baf/export.pdf", baf_board.baf_pdf, name="baf_pdf"),
    path("baf/export.xlsx", baf_board.baf_xlsx, name="baf_xlsx"),
    path("baf/new/", baf_entries.principal_add, name="baf_risk_new"),
    path("baf/<int:pk>/", baf_board.baf_risk, name="baf_risk"),
    path("baf/<int:pk>/edit/", baf_entries.principal_edit, name="baf_risk_edit"),
    path("baf/<int:pk>/remove/", baf_entries.principal_remove, name="baf_risk_remove"),
    path("baf/committees/", baf_entries.committees, name="baf_committees"),
    path("baf/committees/new/", baf_entries.committee_add, name="baf_committee_new"),
    path("baf/committees/<int:pk>/edit/", baf_entries.committee_edit, name="baf_committee_edit"),
    path(
        "baf/committees/<int:pk>/retire/", baf_entries.committee_retire, name="baf_committee_retire"
    ),
    path("baf/quarters/", baf_quarters.quarter_list, name="baf_quarters"),
    path("baf/quarters/freeze/", baf_quarters.quarter_freeze, name="baf_freeze"),
    path("baf/quarters/<int:pk>/", baf_quarters.quarter_detail, name="baf_quarter"),
    path("baf/quarters/<int:pk>/sign-off/", baf_quarters.quarter_sign_off, name="baf_sign_off"),
    path("baf/quarters/<int:pk>/export.pdf", baf_quarters.quarter_pdf, name="baf_quarter_pdf"),
    path("baf/quarters/<int:pk>/export.xlsx", baf_quarters.quarter_xlsx, name="baf_quarter_xlsx"),
    path("risks/", risk_register.risk_register, name="risks"),
    path("risks/heat-map/", risk_register.risk_heat_map, name="risk_heat_map"),
    path("risks/export.csv", risk_register.risk_export, name="risks_export"),
    path("risks/new/", risks.risk_create, name="risk_new"),
    path("risks/settings/", risk_settings.risk_settings, name="risk_settings"),
    path("risks/settings/matrix/", risk_settings.MatrixEditView.as_view(), name="risk_matrix_edit"),
    path("risks/settings/categories/new/", risk_settings.category_create, name="risk_category_new"),
    path(
        "risks/settings/categories/<int:pk>/",
        risk_settings.CategoryEditView.as_view(),
        name="risk_category_edit",
    ),
    path("risks/thresholds/<int:unit_pk>/", risk_settings.threshold_edit, name="risk_threshold"),
    path("risks/<int:pk>/", risks.risk_detail, name="risk"),
    path("risks/<int:pk>/edit/", risks.RiskEditView.as_view(), name="risk_edit"),
    path("risks/<int:pk>/review/", risks.RiskReviewView.as_view(), name="risk_review"),
    path("risks/<int:pk>/status/", risks.RiskStatusView.as_view(), name="risk_status"),
    path("risks/<int:pk>/de-escalate/", risks.RiskDeescalateView.as_view(), name="risk_deescalate"),
    path("risks/<int:pk>/assurances/new/", risks.assurance_add, name="risk_assurance_new"),
    path(
        "risks/assurances/<int:pk>/withdraw/",
        risks.assurance_withdraw,
        name="risk_assurance_withdraw",
    ),
    path("risks/<int:pk>/actions/new/", risks.risk_action, name="risk_action_new"),
]
