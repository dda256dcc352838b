from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "quadrant.organisation"
    label = "organisation"
    verbose_name = "Organisation"

    def ready(self) -> None:
        from quadrant.organisation import registrations  # noqa: F401
