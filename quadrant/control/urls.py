"""Routes of the control component (namespace `control`).

The measure chart, summary matrix and signal routes live in insight_urls.py (issue 6) and are
added here; measures, data entry and imports (issue 5) are below.
"""

from django.urls import path

from quadrant.control import feed_views, import_views, insight_urls, views

app_name = "control"

urlpatterns = [
    path("measures/", views.measure_list, name="measures"),
    path("measures/new/", views.measure_edit, name="measure_new"),
    path("measures/imports/new/", import_views.upload, name="import_upload"),
    path("measures/imports/<int:pk>/", import_views.import_detail, name="import"),
    path("measures/feeds/", feed_views.feed_list, name="feeds"),
    path("measures/feeds/new/", feed_views.feed_edit, name="feed_new"),
    path("measures/feeds/<int:pk>/", feed_views.feed_detail, name="feed"),
    path("measures/feeds/<int:pk>/edit/", feed_views.feed_edit, name="feed_edit"),
    path("measures/feeds/<int:pk>/run/", feed_views.feed_run, name="feed_run"),
    path("measures/<str:code>/", views.measure_detail, name="measure"),
    path("measures/<str:code>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<str:code>/archive/", views.measure_archive, name="measure_archive"),
    *insight_urls.urlpatterns,
]
