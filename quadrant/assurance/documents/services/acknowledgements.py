"""Read and acknowledge: a version can require the staff of chosen units (and the units below
them) to confirm they have read it. Who must, who has, and the compliance of each unit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.lookups import StartsWith
from django.utils import timezone

from quadrant.assurance.documents.choices import VersionStatus
from quadrant.assurance.documents.models import Acknowledgement, DocumentVersion
from quadrant.core.permissions import Capability, held_roles, roles_for
from quadrant.core.services import create_object
from quadrant.organisation.models import Membership, OrgUnit, Person

NOT_REQUIRED = "You are not asked to confirm you have read this version."


def staff_roles() -> tuple[str, ...]:
    """Roles whose holders are staff who read documents (not patient partners)."""
    return roles_for(Capability.VIEW)


def _live_memberships() -> QuerySet[Membership]:
    return Membership.objects.filter(
        archived_at__isnull=True,
        org_unit__active=True,
        role__in=staff_roles(),
        person__is_active=True,
    )


def required_people(version: DocumentVersion, unit: OrgUnit | None = None) -> QuerySet[Person]:
    """The people who must acknowledge VERSION: staff holding a role in one of its units or
    below (within UNIT's subtree when given)."""
    paths = list(version.acknowledgement_units.values_list("path", flat=True))
    people: QuerySet[Person] = Person.objects.all()
    if not paths:
        return people.none()
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(org_unit__path__startswith=path)
    memberships = _live_memberships().filter(condition)
    if unit is not None:
        memberships = memberships.filter(org_unit__path__startswith=unit.path)
    return people.filter(pk__in=memberships.values("person_id"))


def is_required(version: DocumentVersion, person: Any) -> bool:
    if version.status != VersionStatus.APPROVED or not getattr(person, "is_authenticated", False):
        return False
    staff = set(staff_roles())
    paths = [held.path for held in held_roles(person) if held.role in staff]
    units = version.acknowledgement_units.values_list("path", flat=True)
    return any(path.startswith(unit) for unit in units for path in paths)


def acknowledge_version(version: DocumentVersion, *, actor: Any) -> Acknowledgement:
    """ACTOR confirms they have read VERSION (the current one, which asks them to)."""
    if version.status != VersionStatus.APPROVED:
        raise ValidationError(
            f"Version {version.number} is not the current version: read the current one"
        )
    if not is_required(version, actor):
        raise PermissionDenied(NOT_REQUIRED)
    found = Acknowledgement.objects.filter(document_version=version, person=actor.pk).first()
    if found is not None:
        raise ValidationError(
            f"You confirmed you had read version {version.number} on "
            f"{timezone.localtime(found.acknowledged_at):%d %B %Y}"
        )
    fields = {"document_version": version, "person": actor, "acknowledged_at": timezone.now()}
    return create_object(Acknowledgement, fields, actor=actor)


def to_acknowledge(user: Any) -> QuerySet[DocumentVersion]:
    """The current versions USER must confirm they have read and has not yet, oldest first."""
    staff = set(staff_roles())
    chain = {
        int(part)
        for held in held_roles(user)
        if held.role in staff
        for part in held.path.split(".")
        if part
    }
    if not chain:
        return DocumentVersion.objects.none()
    done = Acknowledgement.objects.filter(document_version=OuterRef("pk"), person=user.pk)
    return (
        DocumentVersion.objects.filter(
            status=VersionStatus.APPROVED,
            archived_at__isnull=True,
            acknowledgement_units__in=sorted(chain),
        )
        .exclude(Exists(done))
        .distinct()
        .select_related("document")
        .order_by("signed_at", "pk")
    )


@dataclass(frozen=True)
class UnitCompliance:
    unit: OrgUnit
    required: int
    acknowledged: int

    @property
    def percent(self) -> int:
        return round(100 * self.acknowledged / self.required) if self.required else 100


def compliance_by_unit(version: DocumentVersion, units: QuerySet[OrgUnit]) -> list[UnitCompliance]:
    """For each of UNITS (the reader's, below the version's units): its staff who must read
    the version and how many have confirmed. Two queries however many units."""
    required = required_people(version)
    rows = (
        _live_memberships()
        .filter(person__in=required.values("pk"))
        .values_list("org_unit__path", "person_id")
    )
    done = set(
        Acknowledgement.objects.filter(document_version=version).values_list("person_id", flat=True)
    )
    people_at: list[tuple[str, int]] = list(rows)
    result = []
    for unit in units.order_by("path"):
        people = {person for path, person in people_at if path.startswith(unit.path)}
        if people:
            result.append(UnitCompliance(unit, len(people), len(people & done)))
    return result


def units_below_acknowledgement(version: DocumentVersion) -> QuerySet[OrgUnit]:
    """The units at or below those VERSION asks to read it."""
    paths = OrgUnit.objects.filter(pk__in=version.acknowledgement_units.values("pk"))
    inside = paths.filter(StartsWith(OuterRef("path"), F("path")))
    return OrgUnit.objects.filter(Exists(inside), active=True)
