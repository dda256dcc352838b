"""The append-only logs: the change history (each event, and the chain head that serialises
appends) and the security log. Database triggers refuse any change to their rows
(quadrant.core.integrity.guards); they hold plain models, so that writing them records nothing."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone


def loose_reference(to: str) -> models.ForeignKey[Any]:
    """An optional foreign key that a log row keeps after its target is gone: no database
    constraint, nothing done on delete, and no reverse accessor on the target."""
    return models.ForeignKey(
        to,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )


class HistoryChainHead(models.Model):
    """The single row that holds the newest hash; locking it serialises chain appends."""

    last_hash = models.CharField(max_length=64)
    length = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "history chain head"

    def __str__(self) -> str:
        return f"History chain of {self.length} events, head {self.last_hash[:12]}…"


class HistoryEvent(models.Model):
    """One append-only row of the change history."""

    ACTIONS = [
        ("create", "Created"),
        ("update", "Updated"),
        ("archive", "Archived"),
        ("restore", "Restored"),
        ("delete", "Deleted"),
        ("bulk_create", "Bulk created"),
        ("bulk_update", "Bulk updated"),
        ("bulk_delete", "Bulk deleted"),
        ("bulk", "Bulk load"),
        ("checkpoint", "Checkpoint"),
    ]

    at = models.DateTimeField(db_index=True)
    actor = loose_reference(settings.AUTH_USER_MODEL)
    actor_name = models.CharField(max_length=150)
    request_id = models.CharField(max_length=32, blank=True)
    action = models.CharField(max_length=20, choices=ACTIONS)
    content_type = loose_reference("contenttypes.ContentType")
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    org_unit = loose_reference("organisation.OrgUnit")
    changes = models.JSONField(default=dict)
    summary = models.CharField(max_length=500, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="history_object_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr} by {self.actor_name}"


class SecurityEvent(models.Model):
    """Logins, failures, lockouts, denials, exports and views of sensitive fields.

    Append-only like the change history; it is itself a log, so writing it is not recorded again.
    """

    KINDS = [
        ("login", "Signed in"),
        ("login_failed", "Failed sign-in"),
        ("lockout", "Account locked"),
        ("unlock", "Account unlocked"),
        ("logout", "Signed out"),
        ("denied", "Permission denied"),
        ("export", "Export"),
        ("sensitive_view", "Viewed sensitive fields"),
        ("token", "API token"),
        ("password", "Password"),
    ]

    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=20, choices=KINDS)
    person = loose_reference(settings.AUTH_USER_MODEL)
    username = models.CharField(max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=32, blank=True)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["username", "kind", "at"], name="security_user_kind_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.username} at {self.at:%Y-%m-%d %H:%M}"
