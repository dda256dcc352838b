"""Which people and units a person may name on an object (core/references.py).

People: active people one may see (the people of one's subtrees), and the people who hold a
role at a unit on the chain above one's own, whose names one reads as one reads those units'
names (a ward manager names the division's director as a project's sponsor). Nobody else: a
Ward A manager cannot name the Ward B manager as a lead, owner or sponsor.
Units: the units one may see named (one's subtrees and the chain above them).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from quadrant.core.permissions import Capability, restrict, units_above
from quadrant.core.references import ReferenceRule, register_reference_rule
from quadrant.organisation.models import Membership, OrgUnit, Person


def people_one_may_name(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    """The active people of QUERYSET whom USER may name as an owner, lead, sponsor or coach."""
    seen = restrict(Person.objects.all(), user, Capability.VIEW).values("pk")
    above = Membership.objects.filter(
        org_unit__in=units_above(user), archived_at__isnull=True, org_unit__active=True
    ).values("person_id")
    return queryset.filter(Q(pk__in=seen) | Q(pk__in=above), is_active=True)


def register() -> None:
    register_reference_rule(Person, ReferenceRule(scope=people_one_may_name, key="username"))
    register_reference_rule(OrgUnit, ReferenceRule(key="code", noun="unit"))
