from django.urls import path

from quadrant.organisation import views

app_name = "organisation"

urlpatterns = [
    path("", views.unit_list, name="units"),
    path("new/", views.unit_create, name="unit_create"),
    path("import/", views.import_file, name="import"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
    path("people/", views.person_list, name="people"),
    path("people/invite/", views.person_invite, name="person_invite"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/edit/", views.PersonEditView.as_view(), name="person_edit"),
    path("people/<int:pk>/roles/add/", views.membership_add, name="membership_add"),
    path(
        "people/<int:pk>/roles/<int:membership_pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path("people/<int:pk>/account/", views.person_set_active, name="person_set_active"),
    path("<str:code>/edit/", views.UnitEditView.as_view(), name="unit_edit"),
    path("<str:code>/archive/", views.UnitArchiveView.as_view(), name="unit_archive"),
]
