from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "quadrant.actions"
    label = "actions"
    verbose_name = "Actions: the one tracker for corrective and preventive actions"

    def ready(self) -> None:
        from quadrant.actions import registrations  # noqa: F401
