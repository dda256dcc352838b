from django.urls import path

from quadrant.planning import diagram_views, views

app_name = "planning"

urlpatterns = [
    path("", views.planning_home, name="home"),
    path("strategies/new/", views.strategy_create, name="strategy_create"),
    path("strategies/<int:pk>/", views.strategy_detail, name="strategy"),
    path("strategies/<int:pk>/edit/", views.StrategyEditView.as_view(), name="strategy_edit"),
    path("strategies/<int:pk>/aims/new/", views.aim_create, name="aim_create"),
    path("aims/<int:pk>/edit/", views.AimEditView.as_view(), name="aim_edit"),
    path("aims/<int:pk>/archive/", views.AimArchiveView.as_view(), name="aim_archive"),
    path("aims/<int:pk>/move/", views.aim_move, name="aim_move"),
    path("goals/", views.goal_tree, name="goals"),
    path("goals/new/", views.goal_create, name="goal_create"),
    path("goals/<int:pk>/", views.goal_detail, name="goal"),
    path("goals/<int:pk>/edit/", views.GoalEditView.as_view(), name="goal_edit"),
    path("goals/<int:pk>/measures/", views.goal_link_measure, name="goal_link_measure"),
    path(
        "goals/<int:pk>/measures/<int:link_pk>/remove/",
        views.goal_unlink_measure,
        name="goal_unlink_measure",
    ),
    path("quality-account/", views.quality_account, name="quality_account"),
    path("quality-account/print/", views.quality_account_print, name="quality_account_print"),
    path("quality-account/export.csv", views.quality_account_csv, name="quality_account_csv"),
    path("driver-diagrams/", diagram_views.diagram_list, name="diagrams"),
    path("driver-diagrams/new/", diagram_views.diagram_create, name="diagram_create"),
    path("driver-diagrams/<int:pk>/", diagram_views.diagram_detail, name="diagram"),
    path("driver-diagrams/<int:pk>/diagram.svg", diagram_views.diagram_svg, name="diagram_svg"),
    path("driver-diagrams/<int:pk>/diagram.png", diagram_views.diagram_png, name="diagram_png"),
    path("driver-diagrams/<int:pk>/diagram.csv", diagram_views.diagram_csv, name="diagram_csv"),
    path("nodes/<int:pk>/add/", diagram_views.node_add, name="node_add"),
    path("nodes/<int:pk>/rename/", diagram_views.node_rename, name="node_rename"),
    path("nodes/<int:pk>/reorder/", diagram_views.node_reorder, name="node_reorder"),
    path("nodes/<int:pk>/move/", diagram_views.node_move, name="node_move"),
    path("nodes/<int:pk>/remove/", diagram_views.node_remove, name="node_remove"),
    path("nodes/<int:pk>/link/", diagram_views.node_link, name="node_link"),
    path(
        "nodes/<int:pk>/links/<int:link_pk>/remove/",
        diagram_views.node_unlink,
        name="node_unlink",
    ),
]
