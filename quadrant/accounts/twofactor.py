"""Two-factor authentication: TOTP authenticator apps (RFC 6238) and one-time recovery codes."""

from __future__ import annotations

import secrets
import time
from typing import Any

import pyotp
import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from quadrant.accounts.models import RecoveryCode, TwoFactorDevice
from quadrant.core.security import log_security_event
from quadrant.organisation.choices import Role

RECOVERY_CODES = 10
REQUIRED_ROLES = frozenset({Role.ADMIN, Role.EXECUTIVE})


def confirmed_device(person: Any) -> TwoFactorDevice | None:
    """The person's confirmed authenticator app, if any."""
    return TwoFactorDevice.objects.filter(person=person, confirmed_at__isnull=False).first()


def is_required(person: Any) -> bool:
    """Administrators and executives must use two-factor authentication in production."""
    if settings.QUADRANT_ENV != "production":
        return False
    from quadrant.core.permissions import held_roles

    return any(held.role in REQUIRED_ROLES for held in held_roles(person))


def provisioning_uri(device: TwoFactorDevice) -> str:
    """The otpauth:// address an authenticator app reads (from the QR code or typed in)."""
    issuer = settings.QUADRANT_ORGANISATION_NAME or "Quadrant"
    return pyotp.TOTP(device.secret).provisioning_uri(
        name=device.person.username, issuer_name=issuer
    )


def qr_svg(uri: str) -> str:
    """The address as an inline SVG QR code (no script, so allowed by the CSP)."""
    return segno.make(uri, error="m").svg_inline(
        scale=5, title="QR code for your authenticator app"
    )


def start_setup(person: Any, *, actor: Any) -> TwoFactorDevice:
    """Give PERSON a new unconfirmed secret (keeps a confirmed device until the new one is)."""
    device = TwoFactorDevice.objects.filter(person=person).first()
    if device is None:
        device = TwoFactorDevice.objects.create(person=person, secret=pyotp.random_base32())
    return device


def _matching_counter(secret: str, code: str, last_counter: int) -> int | None:
    code = "".join(code.split())
    if not code.isdigit() or len(code) != 6:
        return None
    now = int(time.time()) // 30
    for counter in (now - 1, now, now + 1):  # one step of clock drift either way
        if counter > last_counter and secrets.compare_digest(
            pyotp.TOTP(secret).at(counter * 30), code
        ):
            return counter
    return None


@transaction.atomic
def confirm_setup(person: Any, code: str, *, actor: Any) -> list[str] | None:
    """Confirm the new device with a code from the app; returns fresh recovery codes, or None."""
    device = TwoFactorDevice.objects.select_for_update().filter(person=person).first()
    if device is None:
        return None
    counter = _matching_counter(device.secret, code, device.last_counter)
    if counter is None:
        return None
    device.confirmed_at, device.last_counter = timezone.now(), counter
    device.save()
    log_security_event("password", person=person, detail="two-factor authentication turned on")
    return issue_recovery_codes(person, actor=actor)


def _hash_code(code: str) -> str:
    normalised = "".join(code.split()).replace("-", "").lower()
    return salted_hmac("quadrant.recovery-code", normalised, algorithm="sha256").hexdigest()


@transaction.atomic
def issue_recovery_codes(person: Any, *, actor: Any) -> list[str]:
    """Replace PERSON's recovery codes with 10 new ones; the clear codes are shown once."""
    RecoveryCode.objects.filter(person=person).delete()
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(person=person, code_hash=_hash_code(code)) for code in codes]
    )
    return codes


@transaction.atomic
def verify_code(person: Any, code: str) -> bool:
    """Check a code from the app, or use up one recovery code. Refuses a replayed code."""
    device = (
        TwoFactorDevice.objects.select_for_update()
        .filter(person=person, confirmed_at__isnull=False)
        .first()
    )
    if device is None or not code:
        return False
    counter = _matching_counter(device.secret, code, device.last_counter)
    if counter is not None:
        TwoFactorDevice.objects.filter(pk=device.pk).update(last_counter=counter)
        return True
    used = RecoveryCode.objects.filter(
        person=person, code_hash=_hash_code(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    if used:
        log_security_event("login", person=person, detail="recovery code used")
    return bool(used)


def unused_recovery_codes(person: Any) -> int:
    return RecoveryCode.objects.filter(person=person, used_at__isnull=True).count()


@transaction.atomic
def turn_off(person: Any, *, actor: Any) -> None:
    """Remove PERSON's authenticator app and recovery codes."""
    TwoFactorDevice.objects.filter(person=person).delete()
    RecoveryCode.objects.filter(person=person).delete()
    log_security_event("password", person=person, detail="two-factor authentication turned off")
