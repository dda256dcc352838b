from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "quadrant.core"
    label = "core"
    verbose_name = "Quadrant core"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from quadrant.core import (
            receivers,  # noqa: F401 - connects the m2m history receiver
            registrations,  # noqa: F401 - the change history's navigation
        )
        from quadrant.core.integrity.guards import reinstall_after_migrate

        post_migrate.connect(reinstall_after_migrate, sender=self)
