from django.urls import path

from quadrant.actions import views

app_name = "actions"

urlpatterns = [
    path("", views.my_actions, name="mine"),
    path("unit/<str:code>/", views.unit_actions, name="unit"),
    path("unit/<str:code>/new/", views.action_create, name="create"),
    path("<int:pk>/", views.action_detail, name="detail"),
    path("<int:pk>/edit/", views.action_edit, name="edit"),
    path("<int:pk>/start/", views.action_start, name="start"),
    path("<int:pk>/complete/", views.action_complete, name="complete"),
    path("<int:pk>/evidence/", views.action_evidence, name="evidence"),
    path("<int:pk>/verify/", views.action_verify, name="verify"),
    path("<int:pk>/reassign/", views.action_reassign, name="reassign"),
    path("<int:pk>/send-back/", views.action_reopen, name="reopen"),
]
