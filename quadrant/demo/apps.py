from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "quadrant.demo"
    label = "demo"
    verbose_name = "Demonstration organisation"
