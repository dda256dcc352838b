"""Routes of the measure chart, the summary matrix and signals (part of the control:
namespace; quadrant/control/urls.py adds them to its own)."""

from django.urls import path

from quadrant.control import chart_views, signal_views, summary_views

urlpatterns = [
    path("measures/<str:code>/chart/", chart_views.chart_partial, name="chart_partial"),
    path("measures/<str:code>/chart.svg", chart_views.chart_svg, name="chart_svg"),
    path("measures/<str:code>/chart.png", chart_views.chart_png, name="chart_png"),
    path("measures/<str:code>/chart.csv", chart_views.chart_csv, name="chart_csv"),
    path("measures/<str:code>/chart.json", chart_views.chart_json, name="chart_json"),
    path("summary/", summary_views.summary_matrix, name="summary"),
    path("summary/export.csv", summary_views.summary_csv, name="summary_csv"),
    path("summary/export.xlsx", summary_views.summary_xlsx, name="summary_xlsx"),
    path("signals/<int:pk>/", signal_views.signal_detail, name="signal"),
    path("signals/<int:pk>/acknowledge/", signal_views.signal_acknowledge, name="signal_ack"),
    path("signals/<int:pk>/action/", signal_views.signal_to_action, name="signal_action"),
    path("signals/unit/<str:code>/", signal_views.unit_signals, name="unit_signals"),
]
