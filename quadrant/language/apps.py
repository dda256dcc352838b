from django.apps import AppConfig


class LanguageConfig(AppConfig):
    name = "quadrant.language"
    label = "language"
    verbose_name = "Shared language: quality domains, guiding questions and glossary"

    def ready(self) -> None:
        from quadrant.language import registrations  # noqa: F401
