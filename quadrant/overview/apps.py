from django.apps import AppConfig


class OverviewConfig(AppConfig):
    name = "quadrant.overview"
    label = "overview"
    verbose_name = "Pages that compose the components"
