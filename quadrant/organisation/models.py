"""Org units (a materialised-path tree), people, memberships and object-level grants."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from quadrant.core.models import QuadrantModel, RecordedModel, RecordedQuerySet
from quadrant.organisation.choices import GrantRole, PersonKind, Role, UnitKind

PATH_STEP = 8  # each level of OrgUnit.path is the unit's id, zero-padded, and a dot


def path_segment(pk: int) -> str:
    return f"{pk:0{PATH_STEP - 1}d}."


class OrgUnit(QuadrantModel):
    """A unit of the organisation: the trust, a division, a service, a ward or a team.

    `path` is the chain of ids from the root ("0000001.0000004.0000031."), so a subtree is one
    indexed prefix match and "which units may this user see" is one SQL query.
    """

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, blank=True)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = "org unit"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="orgunit_not_own_parent"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def history_unit_id(self) -> int | None:
        return self.pk

    def get_absolute_url(self) -> str:
        return reverse("overview:unit", args=[self.code])

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this unit, read from the path (no query)."""
        return [int(part) for part in self.path.split(".") if part]

    def subtree(self) -> models.QuerySet[OrgUnit]:
        return OrgUnit.objects.filter(path__startswith=self.path)

    def ancestors(self) -> models.QuerySet[OrgUnit]:
        return OrgUnit.objects.filter(pk__in=self.ancestor_ids()[:-1]).order_by("depth")

    def is_within(self, other: OrgUnit) -> bool:
        return self.path.startswith(other.path)


class PersonManager(UserManager.from_queryset(RecordedQuerySet)):  # type: ignore[misc]
    pass


class Person(RecordedModel, AbstractUser):
    """Anyone with an account: staff, and people who are not staff such as patient partners."""

    history_ignored_fields = frozenset({"last_login", "date_joined", "version"})
    history_secret_fields = frozenset({"password"})

    email = models.EmailField("email address", blank=True, db_index=True)
    kind = models.CharField(max_length=20, choices=PersonKind.choices, default=PersonKind.STAFF)
    job_title = models.CharField(max_length=150, blank=True)
    home_unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects: ClassVar[PersonManager] = PersonManager()
    unit_field = "home_unit"
    backend: str  # set by django.contrib.auth.authenticate on the person it returns

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = "person"
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def history_unit_id(self) -> int | None:
        return self.home_unit_id

    def get_absolute_url(self) -> str:
        return reverse("organisation:person", args=[self.pk])

    @property
    def is_patient_partner(self) -> bool:
        return self.kind == PersonKind.NON_STAFF


class Membership(QuadrantModel):
    """A person holds a role at a unit; the role applies to the unit's whole subtree."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["org_unit__path", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "org_unit", "role"],
                condition=models.Q(archived_at__isnull=True),
                name="membership_unique_active_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}, {self.org_unit}"


class ObjectGrant(QuadrantModel):
    """Names one person on one object: a project team member, an approver, a handler."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="grants")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    role = models.CharField(max_length=20, choices=GrantRole.choices)
    target = GenericForeignKey("content_type", "object_id")

    class Meta:
        ordering = ["content_type", "object_id", "role"]
        indexes = [models.Index(fields=["person", "content_type"], name="grant_person_ct_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "content_type", "object_id", "role"],
                condition=models.Q(archived_at__isnull=True),
                name="grant_unique_active",
            )
        ]

    def __str__(self) -> str:
        target = f"{self.content_type.name} {self.object_id}"
        return f"{self.person} — {self.get_role_display()} on {target}"

    def history_unit_id(self) -> int | None:
        target: Any = self.target
        return getattr(target, "org_unit_id", None)


class OrganisationSettings(QuadrantModel):
    """Organisation-wide settings an administrator may change (one row)."""

    name = models.CharField(max_length=200, default="Quadrant demonstration trust")
    qms_name = models.CharField(
        "name of the quality management system", max_length=100, default="Quadrant"
    )
    dates_day_first = models.BooleanField(
        "dates in files are day first",
        default=True,
        help_text="01/04/2020 in an imported file is 1 April 2020. Untick if your systems write "
        "dates month first (4 January 2020).",
    )

    class Meta:
        verbose_name = "organisation settings"
        verbose_name_plural = "organisation settings"

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> OrganisationSettings:
        found = cls.objects.filter(pk=1).first()
        return found if found is not None else cls(pk=1)
