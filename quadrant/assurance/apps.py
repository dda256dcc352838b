from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "quadrant.assurance"
    label = "assurance"
    verbose_name = "Quality assurance: standards and frameworks (audits and inspections to come)"

    def ready(self) -> None:
        import quadrant.assurance.registrations  # noqa: F401
