from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "quadrant.core"
    label = "core"
    verbose_name = "Quadrant core"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from quadrant.core import (
            registrations,  # noqa: F401 - the audit log's navigation
            signals,  # noqa: F401 - connects the m2m audit handler
        )
        from quadrant.core.integrity.guards import reinstall_after_migrate

        post_migrate.connect(reinstall_after_migrate, sender=self)
