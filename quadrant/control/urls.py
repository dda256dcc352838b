"""Routes of the control component (namespace `control`): measures and data entry, imports
and feeds, the measure chart, the summary matrix and signals."""

from django.urls import path

from quadrant.control.charts import pdf as chart_pdf
from quadrant.control.charts import views as chart_views
from quadrant.control.intake import feed_views, import_views
from quadrant.control.intake.import_template import import_template
from quadrant.control.measures import views
from quadrant.control.signals import views as signal_views
from quadrant.control.summary import pdf as summary_pdf
from quadrant.control.summary import views as summary_views

app_name = "control"

urlpatterns = [
    path("measures/", views.measure_list, name="measures"),
    path("measures/new/", views.measure_edit, name="measure_new"),
    path("measures/imports/new/", import_views.upload, name="import_upload"),
    path("measures/imports/template.<str:kind>", import_template, name="import_template"),
    path("measures/imports/<int:pk>/", import_views.import_detail, name="import"),
    path("measures/feeds/", feed_views.feed_list, name="feeds"),
    path("measures/feeds/new/", feed_views.feed_edit, name="feed_new"),
    path("measures/feeds/<int:pk>/", feed_views.feed_detail, name="feed"),
    path("measures/feeds/<int:pk>/edit/", feed_views.feed_edit, name="feed_edit"),
    path("measures/feeds/<int:pk>/run/", feed_views.feed_run, name="feed_run"),
    path("measures/<str:code>/", views.measure_detail, name="measure"),
    path("measures/<str:code>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<str:code>/archive/", views.measure_archive, name="measure_archive"),
    path("measures/<str:code>/chart/", chart_views.chart_partial, name="chart_partial"),
    path("measures/<str:code>/chart.svg", chart_views.chart_svg, name="chart_svg"),
    path("measures/<str:code>/chart.png", chart_views.chart_png, name="chart_png"),
    path("measures/<str:code>/chart.csv", chart_views.chart_csv, name="chart_csv"),
    path("measures/<str:code>/chart.json", chart_views.chart_json, name="chart_json"),
    path("measures/<str:code>/measure.pdf", chart_pdf.measure_pdf, name="measure_pdf"),
    path("summary/", summary_views.summary_matrix, name="summary"),
    path("summary/export.csv", summary_views.summary_csv, name="summary_csv"),
    path("summary/export.xlsx", summary_views.summary_xlsx, name="summary_xlsx"),
    path("summary/export.pdf", summary_pdf.summary_pdf, name="summary_pdf"),
    path("signals/<int:pk>/", signal_views.signal_detail, name="signal"),
    path("signals/<int:pk>/acknowledge/", signal_views.signal_acknowledge, name="signal_ack"),
    path("signals/<int:pk>/action/", signal_views.signal_to_action, name="signal_action"),
    path("signals/unit/<str:code>/", signal_views.unit_signals, name="unit_signals"),
]
