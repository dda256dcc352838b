"""The routes of triage, learning responses and the response plan (under assurance's)."""

from django.urls import path

from quadrant.assurance.incidents.response.views import plan, responses, triage

urlpatterns = [
    path("incidents/triage/", triage.triage_queue, name="triage_queue"),
    path("incidents/<int:pk>/triage/", triage.triage_save, name="safety_event_triage"),
    path("incidents/responses/", responses.response_list, name="learning_responses"),
    path("incidents/responses/<int:pk>/", responses.response_detail, name="learning_response"),
    path(
        "incidents/responses/<int:pk>/review/",
        responses.response_review,
        name="learning_response_review",
    ),
    path(
        "incidents/responses/<int:pk>/findings/",
        responses.response_finding,
        name="learning_response_finding",
    ),
    path(
        "incidents/responses/<int:pk>/events/",
        responses.response_related,
        name="learning_response_related",
    ),
    path(
        "incidents/responses/<int:pk>/events/<int:event_pk>/remove/",
        responses.response_unrelate,
        name="learning_response_unrelate",
    ),
    path(
        "incidents/responses/<int:pk>/engagement/",
        responses.response_engagement,
        name="learning_response_engagement",
    ),
    path(
        "incidents/responses/<int:pk>/actions/",
        responses.response_action,
        name="learning_response_action",
    ),
    path(
        "incidents/responses/<int:pk>/<slug:step>/",
        responses.response_step,
        name="learning_response_step",
    ),
    path("incidents/response-plan/", plan.plan_in_use, name="response_plan"),
    path("incidents/response-plan/revise/", plan.plan_revise, name="response_plan_revise"),
    path("incidents/response-plan/publish/", plan.plan_publish, name="response_plan_publish"),
    path("incidents/response-plan/rules/", plan.rule_add, name="response_rule_add"),
    path("incidents/response-plan/rules/<int:pk>/", plan.rule_edit, name="response_rule_edit"),
    path(
        "incidents/response-plan/rules/<int:pk>/<slug:change>/",
        plan.rule_change,
        name="response_rule_change",
    ),
    path("incidents/response-plan/<int:number>/", plan.plan_version, name="response_plan_version"),
]
