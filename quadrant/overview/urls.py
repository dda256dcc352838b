from django.urls import path

from quadrant.overview.views import unit

app_name = "overview"

urlpatterns = [
    path("<str:code>/", unit.unit_detail, name="unit"),
]
