from django.apps import AppConfig


class ControlConfig(AppConfig):
    name = "quadrant.control"
    label = "control"
    verbose_name = "Quality control: measures and data"

    def ready(self) -> None:
        from quadrant.control import registrations, tasks  # noqa: F401
