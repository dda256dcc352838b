"""The addresses of the document pages (included in assurance's urls)."""

from django.urls import path

from quadrant.assurance.documents.views import reading, writing

urlpatterns = [
    path("documents/", reading.document_list, name="documents"),
    path("documents/overdue/", reading.overdue_list, name="documents_overdue"),
    path("documents/to-read/", reading.my_acknowledgements, name="documents_to_read"),
    path("documents/new/", writing.document_create, name="document_new"),
    path(
        "documents/from-change/<int:idea_pk>/",
        writing.revise_from_change,
        name="document_revise_from_change",
    ),
    path("documents/<int:pk>/", reading.document_detail, name="document"),
    path("documents/<int:pk>/details/", writing.document_edit, name="document_edit"),
    path("documents/<int:pk>/compare/", reading.document_compare, name="document_compare"),
    path("documents/<int:pk>/new-draft/", writing.draft_new, name="document_draft_new"),
    path("documents/versions/<int:pk>/", reading.version_detail, name="document_version"),
    path("documents/versions/<int:pk>/file/", reading.version_file, name="document_file"),
    path("documents/versions/<int:pk>/edit/", writing.draft_edit, name="document_draft_edit"),
    path("documents/versions/<int:pk>/submit/", writing.submit, name="document_submit"),
    path("documents/versions/<int:pk>/review/", writing.review, name="document_review"),
    path("documents/versions/<int:pk>/approve/", writing.approve, name="document_approve"),
    path("documents/versions/<int:pk>/return/", writing.return_draft, name="document_return"),
    path(
        "documents/versions/<int:pk>/acknowledge/",
        writing.acknowledge,
        name="document_acknowledge",
    ),
    path(
        "documents/versions/<int:pk>/compliance/",
        writing.compliance,
        name="document_compliance",
    ),
]
