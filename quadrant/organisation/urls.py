from django.urls import path

from quadrant.organisation import views

app_name = "organisation"

urlpatterns = [
    path("", views.unit_list, name="units"),
    path("<str:code>/", views.unit_detail, name="unit"),
    path("people/<int:pk>/", views.unit_list, name="person"),
]
