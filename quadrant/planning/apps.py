from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "quadrant.planning"
    label = "planning"
    verbose_name = "Quality planning: strategy, goals and driver diagrams"

    def ready(self) -> None:
        from quadrant.planning import registrations, tasks  # noqa: F401
