"""Who test set-up writes through the services are made by (services refuse actor=None)."""

from __future__ import annotations

from quadrant.core.testing.personas import TEST_FIXTURES
from quadrant.organisation.models import Person

__all__ = ["TEST_FIXTURES", "quality_lead"]


def quality_lead() -> Person:
    """The trust's quality lead persona (quadrant.core.testing.personas): set-up written
    through services that only people may use, with the rights to do it anywhere."""
    person: Person = Person.objects.get(username="quality")
    return person
