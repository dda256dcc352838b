from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "quadrant.core"
    label = "core"
    verbose_name = "Quadrant core"

    def ready(self) -> None:
        from quadrant.core import signals  # noqa: F401 - connects the m2m audit handler
