from django.urls import path

from quadrant.language import views

app_name = "language"

urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("glossary/", views.glossary, name="glossary"),
    path("glossary/<int:pk>/edit/", views.term_edit, name="term_edit"),
    path("domain-sets/new/", views.domain_set_create, name="domain_set_create"),
    path("domain-sets/<int:pk>/", views.domain_set_detail, name="domain_set"),
    path("domain-sets/<int:pk>/use/", views.domain_set_activate, name="domain_set_activate"),
    path("domains/<int:pk>/edit/", views.domain_edit, name="domain_edit"),
    path("questions/add/", views.question_add, name="question_add"),
    path("questions/<int:pk>/edit/", views.question_edit, name="question_edit"),
    path("questions/<int:pk>/remove/", views.question_remove, name="question_remove"),
]
