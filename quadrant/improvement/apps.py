from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "quadrant.improvement"
    label = "improvement"
    verbose_name = "Quality improvement: projects, PDSA cycles, ideas and the learning library"

    def ready(self) -> None:
        from quadrant.improvement import registrations, tasks  # noqa: F401
