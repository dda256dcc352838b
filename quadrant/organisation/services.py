"""Writes to the organisation: units, people, memberships and grants (each one transaction)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from quadrant.core.actors import PERSON_OR_SYSTEM, SYSTEM
from quadrant.core.context import acting_as
from quadrant.core.permissions import Capability, check_actor, forget_roles, require, units_where
from quadrant.core.security import log_denial
from quadrant.core.services import update_object
from quadrant.organisation.choices import GrantRole
from quadrant.organisation.models import Membership, ObjectGrant, OrgUnit, Person, path_segment


def create_org_unit(
    *, code: str, name: str, kind: str, parent: OrgUnit | None, actor: Any, active: bool = True
) -> OrgUnit:
    """Add a unit under PARENT (or the root when PARENT is None: made by the system only, on
    installation, by a command or the demo seed)."""
    if parent is not None:
        check_actor(actor, Capability.MANAGE_PEOPLE, parent, allow=PERSON_OR_SYSTEM)
    elif OrgUnit.objects.exists():
        raise ValidationError({"parent": "Choose the unit this one belongs to."})
    else:
        check_actor(actor, Capability.MANAGE_PEOPLE, allow=SYSTEM)
    with acting_as(actor), transaction.atomic():
        unit = OrgUnit(code=code, name=name, kind=kind, parent=parent, active=active)
        unit.full_clean(exclude=["path"])
        unit.save()
        unit.path = (parent.path if parent else "") + path_segment(unit.pk)
        unit.depth = parent.depth + 1 if parent else 0
        unit.save(update_fields=["path", "depth"])
    return unit


def move_org_unit(unit: OrgUnit, new_parent: OrgUnit, *, actor: Any) -> OrgUnit:
    """Move UNIT and its whole subtree under NEW_PARENT."""
    require(actor, Capability.MANAGE_PEOPLE, unit)
    require(actor, Capability.MANAGE_PEOPLE, new_parent)
    if new_parent.is_within(unit):
        raise ValidationError({"parent": "A unit cannot move under itself or its own subtree."})
    old_path = unit.path
    new_path = new_parent.path + path_segment(unit.pk)
    depth_shift = new_parent.depth + 1 - unit.depth
    with acting_as(actor), transaction.atomic():
        OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        )
        for descendant in OrgUnit.objects.filter(path__startswith=new_path).exclude(pk=unit.pk):
            OrgUnit.objects.filter(pk=descendant.pk).update(depth=descendant.depth + depth_shift)
        unit.parent = new_parent
        unit.path = new_path
        unit.depth = new_parent.depth + 1
        unit.save()
    return unit


def update_org_unit(
    unit: OrgUnit, changes: dict[str, Any], *, actor: Any, expected_version: int | None = None
) -> OrgUnit:
    """Change a unit's details; a new parent moves it with its whole subtree (move_org_unit)."""
    require(actor, Capability.MANAGE_PEOPLE, unit)
    changes = dict(changes)
    parent = changes.pop("parent", None)
    with acting_as(actor), transaction.atomic():
        unit = update_object(unit, changes, actor=actor, expected_version=expected_version)
        if parent is not None and parent.pk != unit.parent_id:
            unit = move_org_unit(unit, parent, actor=actor)
    return unit


def archive_org_unit(unit: OrgUnit, *, actor: Any, expected_version: int | None = None) -> OrgUnit:
    """Archive a unit with no working units below it: it disappears from working lists."""
    require(actor, Capability.MANAGE_PEOPLE, unit)
    below = unit.children.filter(archived_at__isnull=True).count()
    if below:
        raise ValidationError(
            f"{unit.name} still has {below} units below it. Archive or move them first."
        )
    changes = {"archived_at": timezone.now(), "active": False}
    return update_object(unit, changes, actor=actor, expected_version=expected_version)


def grant_role(person: Person, unit: OrgUnit, role: str, *, actor: Any) -> Membership:
    require(actor, Capability.MANAGE_PEOPLE, unit)
    with acting_as(actor), transaction.atomic():
        membership, _ = Membership.objects.get_or_create(
            person=person, org_unit=unit, role=role, archived_at=None
        )
    forget_roles(person)
    return membership


def revoke_role(membership: Membership, *, actor: Any) -> None:
    from quadrant.core.services import archive_object

    require(actor, Capability.MANAGE_PEOPLE, membership.org_unit)
    archive_object(membership, actor=actor)
    forget_roles(membership.person)


# What the person naming someone on an object must themselves be allowed to do there.
NAMING_NEEDS: dict[str, Capability] = {
    GrantRole.TEAM_MEMBER: Capability.RUN_PROJECTS,
    GrantRole.LEAD: Capability.RUN_PROJECTS,
    GrantRole.APPROVER: Capability.APPROVE_DOCUMENTS,
    GrantRole.HANDLER: Capability.TRIAGE_INCIDENTS,
    GrantRole.VIEWER: Capability.VIEW,
}


def name_on_object(person: Person, target: Any, role: str, *, actor: Any) -> ObjectGrant:
    """Name PERSON on one object (a project team member, a document approver).

    Only someone who may do the named role's work on the object may name others to it; a
    system actor (the demo seed, a command) may name anyone.
    """
    from django.contrib.contenttypes.models import ContentType

    check_actor(actor, NAMING_NEEDS[role], target, allow=PERSON_OR_SYSTEM)
    with acting_as(actor), transaction.atomic():
        grant, _ = ObjectGrant.objects.get_or_create(
            person=person,
            content_type=ContentType.objects.get_for_model(target),
            object_id=target.pk,
            role=role,
            archived_at=None,
        )
    return grant


# ---------------------------------------------------------------- accounts (administrators)

# One answer for someone outside one's units and someone who does not exist.
NOT_EDITABLE = "No such person, or they are outside the units you manage."


def person_scope(person: Person) -> OrgUnit | None:
    """The unit whose administrators manage PERSON: their home unit, else the top unit."""
    return person.home_unit or OrgUnit.objects.filter(parent__isnull=True).first()


def people_within(units: Any) -> QuerySet[Person]:
    """People wholly inside UNITS (a queryset or ids): their home unit and every role they hold.

    Someone with a home unit here but a role elsewhere is not wholly inside: changing their
    email would hand over that role too. No home unit counts as the top of the organisation.
    """
    unit_ids = units.values("pk") if isinstance(units, QuerySet) else list(units)
    home = Q(home_unit__in=unit_ids)
    if OrgUnit.objects.filter(parent__isnull=True, pk__in=unit_ids).exists():
        home |= Q(home_unit__isnull=True)
    roles_elsewhere = Membership.objects.filter(
        person=OuterRef("pk"), archived_at__isnull=True
    ).exclude(org_unit__in=unit_ids)
    people: QuerySet[Person] = Person.objects.filter(home).exclude(Exists(roles_elsewhere))
    return people


def editable_people(actor: Any) -> QuerySet[Person]:
    """People whose account details (email above all) ACTOR may change."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        nobody: QuerySet[Person] = Person.objects.none()
        return nobody
    return people_within(units_where(actor, Capability.MANAGE_PEOPLE))


PERSON_DETAILS = ("first_name", "last_name", "email", "job_title")


def change_person_details(
    person: Person, changes: dict[str, Any], *, actor: Any, expected_version: int | None = None
) -> Person:
    """Change PERSON's name, email or job title as ACTOR, who must be able to edit PERSON.

    A new email ends every session of the account (accounts.signals), makes every reset link
    sent before it fail (the reset token hashes the email) and is told to the old address.
    """
    from quadrant.accounts.services import send_email_change_notice

    unknown = set(changes) - set(PERSON_DETAILS)
    if unknown:
        raise ValueError(f"change_person_details cannot change {', '.join(sorted(unknown))}")
    if not editable_people(actor).filter(pk=person.pk).exists():
        log_denial(actor, Capability.MANAGE_PEOPLE, person)
        raise PermissionDenied(NOT_EDITABLE)
    old_email = person.email
    with transaction.atomic():
        person = update_object(person, changes, actor=actor, expected_version=expected_version)
        if person.email != old_email:
            send_email_change_notice(person, old_email, changed_by=actor)
    return person


def invite_person(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    kind: str,
    home_unit: OrgUnit,
    job_title: str = "",
    role: str = "",
    actor: Any,
) -> Person:
    """Create an account with no usable password, and a role at the home unit if given.

    The person sets their own password from the link that
    quadrant.accounts.services.send_password_reset emails: administrators never set another
    person's password.
    """
    from django.contrib.auth.hashers import make_password

    require(actor, Capability.MANAGE_PEOPLE, home_unit)
    with acting_as(actor), transaction.atomic():
        person = Person(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=email,
            kind=kind,
            job_title=job_title,
            home_unit=home_unit,
            password=make_password(None),
        )
        person.full_clean()
        person.save()
        if role:
            Membership.objects.create(person=person, org_unit=home_unit, role=role)
    return person


def set_person_active(person: Person, active: bool, *, actor: Any) -> Person:
    """Enable or disable an account; disabling also revokes the person's API tokens."""
    from django.utils import timezone

    from quadrant.core.models import ApiToken

    require(actor, Capability.MANAGE_PEOPLE, person_scope(person))
    if not active and getattr(actor, "pk", None) == person.pk:
        raise ValidationError("You cannot disable your own account.")
    with acting_as(actor), transaction.atomic():
        person.is_active = active
        person.save(update_fields=["is_active"])
        if not active:
            ApiToken.objects.filter(person=person, revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )
    return person
