from django.urls import path

from quadrant.improvement.views import ideas, learning, pdsa, portfolio, projects

app_name = "improvement"

urlpatterns = [
    path("", projects.improvement_home, name="home"),
    path("projects/new/", projects.project_create, name="project_create"),
    path("projects/<int:pk>/", projects.project_detail, name="project"),
    path("projects/<int:pk>/edit/", projects.project_edit, name="project_edit"),
    path("projects/<int:pk>/stage/", projects.project_stage, name="project_stage"),
    path("projects/<int:pk>/team/", projects.team_add, name="team_add"),
    path("projects/<int:pk>/team/<int:grant_pk>/remove/", projects.team_remove, name="team_remove"),
    path("projects/<int:pk>/measures/", projects.measure_link, name="measure_link"),
    path("projects/<int:pk>/measures/new/", projects.measure_define, name="measure_define"),
    path(
        "projects/<int:pk>/measures/<int:link_pk>/remove/",
        projects.measure_unlink,
        name="measure_unlink",
    ),
    path(
        "projects/<int:pk>/measures/<int:link_pk>/routine/",
        projects.routine_control,
        name="routine_control",
    ),
    path("projects/<int:pk>/change-ideas/", projects.change_idea_add, name="change_idea_add"),
    path("projects/<int:pk>/summary/", projects.summary_edit, name="summary_edit"),
    path("projects/<int:pk>/cycles/new/", pdsa.cycle_create, name="cycle_create"),
    path("cycles/<int:pk>/", pdsa.cycle_detail, name="cycle"),
    path("change-ideas/<int:pk>/procedure/", projects.procedure_action, name="procedure_action"),
    path("ideas/", ideas.idea_list, name="ideas"),
    path("ideas/new/", ideas.idea_new, name="idea_new"),
    path("ideas/<int:pk>/", ideas.idea_detail, name="idea"),
    path("portfolio/", portfolio.portfolio, name="portfolio"),
    path("learning/", learning.learning_list, name="learning"),
    path("learning/<int:pk>/", learning.learning_detail, name="learning_detail"),
    path("learning/<int:pk>/adopt/", learning.learning_adopt, name="learning_adopt"),
]
