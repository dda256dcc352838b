"""Sign-in throttling, two-factor devices and recovery codes."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from quadrant.core.models import QuadrantModel


class LoginThrottle(models.Model):
    """Failed sign-ins of one username in the current 5-minute window, and any lock.

    A counter, not a record: every failure and lockout is also a SecurityEvent.
    """

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveSmallIntegerField(default=0)
    window_started_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return f"{self.username}: {self.failures} failures"


class TwoFactorDevice(QuadrantModel):
    """A person's authenticator app (TOTP, RFC 6238). Confirmed once a code has been checked."""

    history_secret_fields = frozenset({"secret"})
    history_ignored_fields = frozenset(
        {"created_at", "updated_at", "updated_by", "version", "last_counter"}
    )

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="two_factor"
    )
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_counter = models.BigIntegerField(default=0)  # refuses a code used twice

    class Meta:
        ordering = ["person"]

    def __str__(self) -> str:
        return f"Authenticator app of {self.person}"

    def history_unit_id(self) -> int | None:
        return None


class RecoveryCode(QuadrantModel):
    """A one-time code for when the authenticator app is lost; only its keyed hash is kept."""

    history_secret_fields = frozenset({"code_hash"})

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["person", "id"]

    def __str__(self) -> str:
        return f"Recovery code of {self.person}"

    def history_unit_id(self) -> int | None:
        return None
