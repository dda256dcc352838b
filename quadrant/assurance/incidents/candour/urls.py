"""Addresses of the duty of candour (in assurance's namespace, under incidents/)."""

from django.urls import path

from quadrant.assurance.incidents.candour import views

urlpatterns = [
    path("incidents/candour/", views.record_list, name="candour_records"),
    path("incidents/candour/settings/", views.NationView.as_view(), name="candour_settings"),
    path("incidents/<int:pk>/candour/", views.notification_save, name="candour_notification"),
    path(
        "incidents/<int:pk>/candour/not-possible/",
        views.not_possible_save,
        name="candour_not_possible",
    ),
    path("incidents/<int:pk>/candour/open/", views.record_open, name="candour_open"),
]
