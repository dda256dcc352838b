"""The one permission module: "may this user do ACTION on this object?" and "which objects of
this kind may this user see?". Every page and API endpoint goes through it.

A role held at a unit applies to the unit's whole subtree (OrgUnit.path prefix). Object grants
name one person on one object. The role × action table follows docs/permissions.md.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith

from quadrant.core.actors import (
    ANONYMOUS,
    PERSON,
    SYSTEM,
    actor_kind,
    no_actor_error,
    refusal,
)
from quadrant.organisation.choices import GrantRole, Role


class Capability(StrEnum):
    VIEW = "view"
    REPORT_INCIDENT = "report_incident"
    SUBMIT_IDEA = "submit_idea"
    DEFINE_MEASURES = "define_measures"
    ENTER_DATA = "enter_data"
    EDIT_GOALS = "edit_goals"
    ACT_ON_SIGNALS = "act_on_signals"
    RUN_PROJECTS = "run_projects"
    DO_AUDITS = "do_audits"
    MANAGE_AUDITS = "manage_audits"
    TRIAGE_INCIDENTS = "triage_incidents"
    SEE_PII = "see_pii"
    MANAGE_RISKS = "manage_risks"
    MANAGE_BAF = "manage_baf"
    APPROVE_DOCUMENTS = "approve_documents"
    SHARED_LANGUAGE = "shared_language"
    MANAGE_PEOPLE = "manage_people"
    READ_HISTORY = "read_history"
    MANAGE_STANDARDS = "manage_standards"
    ASSESS_QUALITY = "assess_quality"
    HANDLE_SAFETY_EVENTS = "handle_safety_events"


CAPABILITY_LABELS: dict[Capability, str] = {
    Capability.VIEW: "see this",
    Capability.REPORT_INCIDENT: "report an incident",
    Capability.SUBMIT_IDEA: "submit an idea",
    Capability.DEFINE_MEASURES: "define measures",
    Capability.ENTER_DATA: "enter or import data",
    Capability.EDIT_GOALS: "edit goals and driver diagrams",
    Capability.ACT_ON_SIGNALS: "act on signals and manage actions",
    Capability.RUN_PROJECTS: "run improvement projects",
    Capability.DO_AUDITS: "carry out audits",
    Capability.MANAGE_AUDITS: "manage audit templates and the audit programme",
    Capability.TRIAGE_INCIDENTS: "triage incidents",
    Capability.SEE_PII: "see patient-identifiable details",
    Capability.MANAGE_RISKS: "manage risks",
    Capability.MANAGE_BAF: "manage the board assurance framework",
    Capability.APPROVE_DOCUMENTS: "approve documents",
    Capability.SHARED_LANGUAGE: "change the shared-language settings",
    Capability.MANAGE_PEOPLE: "manage people, roles and settings",
    Capability.READ_HISTORY: "read the change history",
    Capability.MANAGE_STANDARDS: "manage frameworks and standards",
    Capability.ASSESS_QUALITY: "record a CQC self-assessment",
    Capability.HANDLE_SAFETY_EVENTS: "handle patient safety events (the safety team)",
}

_STAFF_LIKE = {Capability.VIEW, Capability.REPORT_INCIDENT, Capability.SUBMIT_IDEA}

ROLE_ACTIONS: dict[str, frozenset[Capability]] = {
    Role.VIEWER: frozenset({Capability.VIEW}),
    Role.STAFF: frozenset(_STAFF_LIKE),
    Role.ANALYST: frozenset({*_STAFF_LIKE, Capability.DEFINE_MEASURES, Capability.ENTER_DATA}),
    Role.MANAGER: frozenset(
        {
            *_STAFF_LIKE,
            Capability.ENTER_DATA,
            Capability.EDIT_GOALS,
            Capability.ACT_ON_SIGNALS,
            Capability.RUN_PROJECTS,
            Capability.TRIAGE_INCIDENTS,
            Capability.MANAGE_RISKS,
            Capability.ASSESS_QUALITY,
        }
    ),
    Role.QUALITY_LEAD: frozenset(
        {
            *_STAFF_LIKE,
            Capability.DEFINE_MEASURES,
            Capability.ENTER_DATA,
            Capability.EDIT_GOALS,
            Capability.ACT_ON_SIGNALS,
            Capability.RUN_PROJECTS,
            Capability.MANAGE_AUDITS,
            Capability.TRIAGE_INCIDENTS,
            Capability.SEE_PII,
            Capability.MANAGE_RISKS,
            Capability.MANAGE_BAF,  # the executive's "risks / board assurance framework"
            Capability.APPROVE_DOCUMENTS,
            Capability.SHARED_LANGUAGE,
            Capability.READ_HISTORY,
            Capability.MANAGE_STANDARDS,
            Capability.ASSESS_QUALITY,
            Capability.HANDLE_SAFETY_EVENTS,
        }
    ),
    Role.EXECUTIVE: frozenset(
        {
            *_STAFF_LIKE,
            Capability.EDIT_GOALS,
            Capability.ACT_ON_SIGNALS,
            Capability.MANAGE_BAF,
            Capability.APPROVE_DOCUMENTS,
            Capability.ASSESS_QUALITY,
        }
    ),
    Role.AUDITOR: frozenset({*_STAFF_LIKE, Capability.DO_AUDITS}),
    Role.COACH: frozenset({*_STAFF_LIKE, Capability.EDIT_GOALS, Capability.RUN_PROJECTS}),
    Role.PARTNER: frozenset({Capability.SUBMIT_IDEA}),
    Role.ADMIN: frozenset(
        {
            Capability.VIEW,
            Capability.SHARED_LANGUAGE,
            Capability.MANAGE_PEOPLE,
            Capability.READ_HISTORY,
            Capability.MANAGE_STANDARDS,
        }
    ),
}

# What naming a person on one object lets them do on that object.
GRANT_ACTIONS: dict[str, frozenset[Capability]] = {
    GrantRole.TEAM_MEMBER: frozenset({Capability.VIEW, Capability.RUN_PROJECTS}),
    GrantRole.LEAD: frozenset(
        {Capability.VIEW, Capability.RUN_PROJECTS, Capability.ACT_ON_SIGNALS}
    ),
    GrantRole.APPROVER: frozenset({Capability.VIEW, Capability.APPROVE_DOCUMENTS}),
    GrantRole.HANDLER: frozenset(
        {
            Capability.VIEW,
            Capability.TRIAGE_INCIDENTS,
            Capability.SEE_PII,
            Capability.HANDLE_SAFETY_EVENTS,
        }
    ),
    GrantRole.VIEWER: frozenset({Capability.VIEW}),
}


@functools.cache
def roles_for(action: Capability | str) -> tuple[str, ...]:
    """The roles that grant ACTION (at a unit and its subtree)."""
    return tuple(sorted(role for role, actions in ROLE_ACTIONS.items() if action in actions))


def grant_roles_for(action: Capability | str) -> list[str]:
    return sorted(role for role, actions in GRANT_ACTIONS.items() if action in actions)


@dataclass(frozen=True)
class HeldRole:
    role: str
    unit_id: int
    path: str


def held_roles(user: Any) -> list[HeldRole]:
    """The user's active memberships, read once per request and cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    from quadrant.organisation.models import Membership

    rows = Membership.objects.filter(
        person=user, archived_at__isnull=True, org_unit__active=True
    ).values_list("role", "org_unit_id", "org_unit__path")
    return _read_once(user, "_quadrant_roles", HeldRole, rows)


def _read_once(user: Any, name: str, kind: type, rows: models.QuerySet[Any]) -> list[Any]:
    """ROWS as KIND instances, read at the first call and kept on the user object as NAME."""
    cached = getattr(user, name, None)
    if cached is None:
        cached = [kind(*row) for row in rows]
        setattr(user, name, cached)
    return cached


def forget_roles(user: Any) -> None:
    """Drop the cached memberships and grants (after a change of roles)."""
    for name in ("_quadrant_roles", "_quadrant_grants"):
        if hasattr(user, name):
            delattr(user, name)


def has_role_anywhere(user: Any, action: Capability | str) -> bool:
    roles = set(roles_for(action))
    return any(held.role in roles for held in held_roles(user))


def _membership_subquery(user: Any, action: Capability | str) -> models.QuerySet[Any]:
    from quadrant.organisation.models import Membership

    return Membership.objects.filter(
        person=user, role__in=roles_for(action), archived_at__isnull=True, org_unit__active=True
    )


def _held_paths(user: Any, roles: Iterable[str]) -> list[str] | None:
    """When the user's roles are already read (held_roles), the paths of the top units of the
    subtrees where they hold one of ROLES; None when the roles are not read yet."""
    held = getattr(user, "_quadrant_roles", None)
    if held is None:
        return None
    wanted = set(roles)
    paths = sorted({h.path for h in held if h.role in wanted})
    return [path for n, path in enumerate(paths) if not any(path.startswith(p) for p in paths[:n])]


def _held_subtrees(user: Any, action: Capability | str, prefix: str = "") -> Q | None:
    """The subtrees where the user may do ACTION as `path LIKE 'top%'` conditions on the unit
    reached by PREFIX ("" for OrgUnit itself, "org_unit__" for a model's unit): PostgreSQL
    answers them from the path index instead of testing every unit against the memberships.
    None when the roles are not read yet."""
    return held_role_subtrees(user, roles_for(action), prefix)


def held_role_subtrees(user: Any, roles: Iterable[str], prefix: str = "") -> Q | None:
    """The subtrees where the user holds one of ROLES, as path conditions (see
    _held_subtrees); None when the roles are not read yet."""
    tops = _held_paths(user, roles)
    if tops is None:
        return None
    condition = Q(pk__in=[])
    for path in tops:
        condition |= Q(**{f"{prefix}path__startswith": path})
    return condition


def units_condition(user: Any, action: Capability | str, unit_field: str) -> Q:
    """Objects whose unit (reached by UNIT_FIELD) lies where USER may do ACTION."""
    subtrees = _held_subtrees(user, action, f"{unit_field}__")
    if subtrees is not None:
        return subtrees
    return Q(**{f"{unit_field}__in": units_where(user, action)})


@dataclass(frozen=True)
class HeldGrant:
    content_type_id: int
    object_id: int
    role: str


def held_grants(user: Any) -> list[HeldGrant]:
    """The user's live object grants, read once and cached on the user object with the roles."""
    from quadrant.organisation.models import ObjectGrant

    rows = ObjectGrant.objects.filter(person=user, archived_at__isnull=True).values_list(
        "content_type_id", "object_id", "role"
    )
    return _read_once(user, "_quadrant_grants", HeldGrant, rows)


def granted_condition(user: Any, model: type[models.Model], action: Capability | str) -> Q | None:
    """Objects of MODEL the user is named on with a role that allows ACTION (None: none).

    In a request (roles already read) the grants are read once and the condition is a list
    of ids; otherwise it is a subquery."""
    if getattr(user, "_quadrant_roles", None) is None:
        return Q(pk__in=_granted_ids(user, model, action))
    ids = _held_grant_ids(user, model, action)
    return Q(pk__in=sorted(ids)) if ids else None


def _held_grant_ids(user: Any, model: type[models.Model], action: Capability | str) -> set[int]:
    content_type = ContentType.objects.get_for_model(model).pk
    roles = set(grant_roles_for(action))
    return {
        grant.object_id
        for grant in held_grants(user)
        if grant.content_type_id == content_type and grant.role in roles
    }


def units_where(user: Any, action: Capability | str = Capability.VIEW) -> models.QuerySet[Any]:
    """Units (with their subtrees) where USER may do ACTION: one SQL query at any depth."""
    from quadrant.organisation.models import OrgUnit

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return OrgUnit.objects.none()
    subtrees = _held_subtrees(user, action)
    if subtrees is not None:
        return OrgUnit.objects.filter(subtrees)
    covering = _membership_subquery(user, action).filter(
        StartsWith(OuterRef("path"), F("org_unit__path"))
    )
    return OrgUnit.objects.filter(Exists(covering))


def _held_chains(user: Any) -> Q | None:
    """When the user's roles are already read, the units above and including each unit where
    they hold a role, by id: a unit's path is the chain of ids from the root."""
    held = getattr(user, "_quadrant_roles", None)
    if held is None:
        return None
    ids = {int(part) for h in held for part in h.path.split(".") if part}
    return Q(pk__in=sorted(ids))


def units_above(user: Any) -> models.QuerySet[Any]:
    """Units above (and including) any unit where the user holds any role."""
    from quadrant.organisation.models import Membership, OrgUnit

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return OrgUnit.objects.none()
    chains = _held_chains(user)
    if chains is not None:
        return OrgUnit.objects.filter(chains)
    below = Membership.objects.filter(
        person=user, archived_at__isnull=True, org_unit__active=True
    ).filter(StartsWith(F("org_unit__path"), OuterRef("path")))
    return OrgUnit.objects.filter(Exists(below))


def visible_units(user: Any) -> models.QuerySet[Any]:
    """Units a user may see named: the subtrees they may view and the chain above them."""
    from quadrant.organisation.models import OrgUnit

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return OrgUnit.objects.none()
    subtrees, chains = _held_subtrees(user, Capability.VIEW), _held_chains(user)
    if subtrees is not None and chains is not None:
        return OrgUnit.objects.filter(subtrees | chains)
    covering = _membership_subquery(user, Capability.VIEW).filter(
        StartsWith(OuterRef("path"), F("org_unit__path"))
    )
    from quadrant.organisation.models import Membership

    below = Membership.objects.filter(
        person=user, archived_at__isnull=True, org_unit__active=True
    ).filter(StartsWith(F("org_unit__path"), OuterRef("path")))
    return OrgUnit.objects.filter(Exists(covering) | Exists(below))


def _granted_ids(
    user: Any, model: type[models.Model], action: Capability | str
) -> models.QuerySet[Any]:
    from quadrant.organisation.models import ObjectGrant

    return ObjectGrant.objects.filter(
        person=user,
        content_type=ContentType.objects.get_for_model(model),
        role__in=grant_roles_for(action),
        archived_at__isnull=True,
    ).values("object_id")


def restrict(
    queryset: models.QuerySet[Any], user: Any, action: Capability | str = Capability.VIEW
) -> models.QuerySet[Any]:
    """QUERYSET narrowed to the objects USER may do ACTION on.

    The model names the path to its org unit in `unit_field` (None for models without one);
    objects a person is named on, and published objects (`published_q`), are added for VIEW.
    """
    model = queryset.model
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    hook = rule_of(model)
    if hook is not None:
        return cast("models.QuerySet[Any]", hook(queryset, user, action))
    unit_field = getattr(model, "unit_field", "org_unit")
    condition = granted_condition(user, model, action) or Q(pk__in=[])
    if unit_field:
        condition |= units_condition(user, action, unit_field)
    published = getattr(model, "published_q", None)
    if action == Capability.VIEW and published is not None:
        condition |= published()
    return queryset.filter(condition)


def _units_rule(queryset: Any, user: Any, action: str) -> Any:
    """Units are seen by name along the chain above one's own, and in one's subtrees."""
    allowed = visible_units(user) if action == Capability.VIEW else units_where(user, action)
    return queryset.filter(pk__in=allowed.values("pk"))


def _people_rule(queryset: Any, user: Any, action: str) -> Any:
    """To see: oneself, and the people whose home unit or a live role lies where one may
    see. Anything else (managing the account): the home unit and every live role lie
    where one may do it, so a division's administrator never manages someone who also
    holds a role outside the division. Someone with no home unit belongs to the top unit."""
    from quadrant.organisation.models import Membership

    units = units_where(user, action)
    at_top = Exists(units.filter(parent__isnull=True))
    home = Q(home_unit__in=units) | (Q(home_unit__isnull=True) & at_top)
    live = Membership.objects.filter(person=OuterRef("pk"), archived_at__isnull=True)
    if action == Capability.VIEW:
        inside = Exists(live.filter(org_unit__in=units))
        return queryset.filter(home | inside | Q(pk=user.pk))
    outside = Exists(live.exclude(org_unit__in=units))
    return queryset.filter(home).exclude(outside)


# The organisation's own records follow rules of the tree itself, kept here with the rest of
# the permission model (so that the organisation's models import nothing of it).
_TREE_RULES = {"organisation.orgunit": _units_rule, "organisation.person": _people_rule}


def rule_of(model: type[models.Model]) -> Any:
    """The model's own queryset rule (its `restrict_queryset`, or a rule of the tree), if any."""
    return _TREE_RULES.get(model._meta.label_lower) or getattr(model, "restrict_queryset", None)


def unit_of(obj: Any) -> Any | None:
    """The OrgUnit an object belongs to, following its model's `unit_field`."""
    from quadrant.organisation.models import OrgUnit

    if isinstance(obj, OrgUnit):
        return obj
    unit_field = getattr(type(obj), "unit_field", "org_unit")
    if not unit_field:
        return None
    target = obj
    for part in unit_field.split("__"):
        target = getattr(target, part, None)
        if target is None:
            return None
    return target


def may_at(user: Any, action: Capability | str, unit: Any) -> bool:
    """May USER do ACTION on the records of UNIT: a role granting it at UNIT or above.

    The same test as units_where(user, action), answered from the roles read once per
    request (tests/foundation/test_permission_agreement.py proves they agree)."""
    if unit is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    roles = set(roles_for(action))
    path = unit.path
    return bool(path) and any(
        held.role in roles and path.startswith(held.path) for held in held_roles(user)
    )


def may(user: Any, action: Capability | str, obj: Any = None) -> bool:
    """May USER do ACTION on OBJ (or anywhere, when OBJ is None)?

    OBJ is permitted exactly when it is in restrict(<its model>, user, action): the model's one
    rule (its `restrict_queryset`, or the default unit, grant and published rule) decides. An
    object not saved yet is checked against the unit it would belong to. Units and models on
    the default rule are answered from the roles and grants read once per request; any other
    model costs one query.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if obj is None:
        return has_role_anywhere(user, action)
    if _is_unit(obj):
        return _unit_permits(user, action, obj)
    model = type(obj)
    if getattr(obj, "pk", None) is None:
        if not getattr(model, "unit_field", "org_unit"):
            return has_role_anywhere(user, action)
        return may_at(user, action, unit_of(obj))
    if _on_default_rule(model):
        return may_at(user, action, unit_of(obj)) or obj.pk in _held_grant_ids(user, model, action)
    return restrict(model._default_manager.filter(pk=obj.pk), user, action).exists()


def _unit_permits(user: Any, action: Capability | str, unit: Any) -> bool:
    """The units' rule (_units_rule) in Python: the subtrees where a role grants
    ACTION and, to see a unit by name, the chain above each unit where one holds any role."""
    if may_at(user, action, unit):
        return True
    if action != Capability.VIEW or unit.pk is None:
        return False
    return any(unit.path and h.path.startswith(unit.path) for h in held_roles(user))


def _on_default_rule(model: type[models.Model]) -> bool:
    """Models whose rule is restrict()'s own (unit roles and grants, nothing published)."""
    return (
        rule_of(model) is None
        and getattr(model, "published_q", None) is None
        and bool(getattr(model, "unit_field", "org_unit"))
    )


def _is_unit(obj: Any) -> bool:
    from quadrant.organisation.models import OrgUnit

    return isinstance(obj, OrgUnit)


def denial_message(action: Capability | str, obj: Any = None, user: Any = None) -> str:
    """A plain-words reason naming the permission that is missing, and the unit where it is
    needed only when USER may see that unit (a refusal never reveals what one cannot see)."""
    label = CAPABILITY_LABELS.get(Capability(action), str(action))
    role_names = [Role(role).label.lower() for role in roles_for(action)]
    roles_text = ", ".join(role_names[:-1]) + (" or " if len(role_names) > 1 else "")
    roles_text += role_names[-1] if role_names else "no"
    unit = unit_of(obj) if obj is not None else None
    if unit is not None and not _may_see_unit(user, unit):
        unit = None
    where = f" at {unit} or a unit above it" if unit is not None else ""
    return f"You do not have permission to {label}: it needs the {roles_text} role{where}."


def _may_see_unit(user: Any, unit: Any) -> bool:
    from quadrant.organisation.models import OrgUnit

    if user is None or unit.pk is None:
        return False
    return restrict(OrgUnit.objects.filter(pk=unit.pk), user, Capability.VIEW).exists()


def require(user: Any, action: Capability | str, obj: Any = None) -> None:
    """Raise PermissionDenied, naming the permission, unless USER may do ACTION on OBJ.

    USER None is a programming error (TypeError); a system or anonymous actor holds no
    permission (services that accept one say so with actors.check_actor)."""
    if user is None:
        raise no_actor_error()
    if actor_kind(user) in (SYSTEM, ANONYMOUS):
        raise PermissionDenied(refusal(user))
    if not may(user, action, obj):
        from quadrant.core.security import log_denial

        log_denial(user, action, obj)
        raise PermissionDenied(denial_message(action, obj, user))


def may_at_top(user: Any, action: Capability | str) -> bool:
    """Does USER hold ACTION at the top of the organisation, as a record of the whole trust
    needs (a framework of standards, an audit template)?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return units_where(user, action).filter(parent__isnull=True).exists()


def require_at_top(actor: Any, action: Capability | str) -> None:
    """Refuse unless ACTOR is a system actor (a loader, the demo seed) or a person who may do
    ACTION at the top of the organisation (may_at_top)."""
    if actor is None:
        raise no_actor_error()
    kind = actor_kind(actor) or PERSON  # a visitor not signed in is refused as a person
    if kind == SYSTEM:
        return
    if kind != PERSON:
        raise PermissionDenied(refusal(actor))
    if not may_at_top(actor, action):
        from quadrant.core.security import log_denial

        log_denial(actor, action, None)
        raise PermissionDenied(denial_message(action, None, actor))


def check_actor(
    actor: Any, action: Any, obj: Any = None, *, allow: tuple[str, ...] | str = PERSON
) -> None:
    """Refuse unless ACTOR is of a kind the service accepts (ALLOW: PERSON, SYSTEM,
    ANONYMOUS) and, for a person, may do ACTION on OBJ (permissions.require).

    A system or anonymous actor holds no role: where the service accepts it, it passes
    without one. None is a programming error (TypeError)."""
    allowed = (allow,) if isinstance(allow, str) else allow
    if actor is None:
        raise no_actor_error()
    kind = actor_kind(actor) or PERSON  # a visitor not signed in is refused as a person
    if kind not in allowed:
        raise PermissionDenied(refusal(actor))
    if kind == PERSON:
        require(actor, action, obj)
