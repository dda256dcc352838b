"""No secret reaches the change history, by any write path.

Each test performs writes that carry secrets (a password, an authenticator app's secret,
recovery codes, API tokens, a reset token) and then reads the WHOLE history table, every column
of every row as text, looking for the secret values and for their stored hashes.
"""

from __future__ import annotations

import itertools
import re

import pyotp
import pytest
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.db import connection

from quadrant.accounts import twofactor
from quadrant.accounts.models import RecoveryCode, TwoFactorDevice
from quadrant.assurance.incidents.models import SafetyEvent
from quadrant.core import history
from quadrant.core.context import acting_as
from quadrant.core.models import ApiToken, RecordedModel, hash_token
from quadrant.organisation.models import Person

# Stored hashes of passwords start with the hasher's name.
HASH_MARKERS = ("argon2", "pbkdf2_sha256$", "md5$")

# Fields whose name looks secret but which hold none (reviewed one by one).
NOT_SECRET = {
    "control.DataSource.last_sha256",  # the digest of the last file read, shown to users
    # the SHA-256 over a signed document's content, printed with the signature for all to check
    "assurance.DocumentVersion.signature_hash",
}
_numbers = itertools.count()
SECRET_NAME = re.compile(r"password|secret|token|hash|digest|otp|salt|key", re.IGNORECASE)


@pytest.fixture(autouse=True)
def argon2(settings):
    """Real hashes (the test settings put the fast MD5 hasher first)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]


def history_text() -> str:
    """Every column of every history row, as the database returns it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM core_historyevent")  # all columns, changes JSON included
        return "\n".join(" ".join(str(value) for value in row) for row in cursor.fetchall())


def assert_not_in_history(*secrets: str) -> None:
    text = history_text()
    assert text, "the history is empty: the writes were not recorded at all"
    for secret in secrets:
        assert secret and secret not in text, f"a secret is in the history: {secret[:12]}…"
    for marker in HASH_MARKERS:
        assert marker not in text, f"a password hash ({marker}…) is in the history"


def _secret_models() -> list[type[RecordedModel]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, RecordedModel) and getattr(model, "history_secret_fields", None)
    ]


def test_every_field_that_looks_secret_is_declared_secret():
    undeclared = []
    for model in apps.get_models():
        if not issubclass(model, RecordedModel) or not model.__module__.startswith("quadrant."):
            continue
        ignored = getattr(model, "history_ignored_fields", frozenset())
        for field in model._meta.concrete_fields:
            label = f"{model._meta.label}.{field.name}"
            if field.is_relation or field.name in ignored or label in NOT_SECRET:
                continue
            if SECRET_NAME.search(field.name) and field.name not in model.history_secret_fields:
                undeclared.append(label)
    assert undeclared == []
    declared = {m._meta.label for m in _secret_models()}
    assert declared >= {
        "organisation.Person",
        "accounts.TwoFactorDevice",
        "accounts.RecoveryCode",
        "core.ApiToken",
    }


def test_the_product_flows_keep_secrets_out(org, people):
    person = people["staff"]
    actor = people["admin"]
    password = "A long passphrase, never in the history 4711"
    with acting_as(person):
        # set a password (save), change it by queryset update and by bulk_update
        person.set_password(password)
        person.save()
        person.refresh_from_db()
        stored_hash = person.password
        second_hash = make_password("Another long passphrase 0815")
        Person.objects.filter(pk=person.pk).update(password=second_hash)
        person.password = third_hash = make_password("A third long passphrase 2323")
        Person.objects.bulk_update([person], ["password"])
        # turn two-factor authentication on: a TOTP secret, then ten recovery codes
        device = twofactor.start_setup(person, actor=person)
        totp_secret = device.secret
        codes = twofactor.confirm_setup(person, pyotp.TOTP(totp_secret).now(), actor=person)
        assert codes and len(codes) == twofactor.RECOVERY_CODES
        code_hashes = list(RecoveryCode.objects.values_list("code_hash", flat=True))
        # an API token, and a password reset link's token
        token, key = ApiToken.issue(person)
        reset_token = default_token_generator.make_token(person)
    with acting_as(actor):
        ApiToken.objects.filter(pk=token.pk).update(key_hash=hash_token("forged"))
        device.delete()
    assert_not_in_history(
        password,
        stored_hash,
        second_hash,
        third_hash,
        totp_secret,
        *codes,
        *code_hashes,
        key,
        hash_token(key),
        hash_token("forged"),
        reset_token,
    )


def _instances(model: type[RecordedModel], org, people, secret: str, n: int) -> list:
    """N unsaved MODEL rows carrying SECRET (made distinct) in every secret field."""
    owner = people["staff"]
    rows = []
    for i in range(n):
        username = f"secret-holder-{next(_numbers)}"  # never the secret: names are recorded
        values = {name: f"{secret}-{i}" for name in model.history_secret_fields}
        if model is Person:
            rows.append(Person(username=username, **values))
        elif model is TwoFactorDevice:
            person = Person.objects.create(username=username)
            rows.append(TwoFactorDevice(person=person, **values))
        elif model is RecoveryCode:
            rows.append(RecoveryCode(person=owner, **values))
        elif model is ApiToken:
            rows.append(
                ApiToken(person=owner, prefix="abcd", expires_at=owner.date_joined, **values)
            )
        elif model is SafetyEvent:  # an anonymous report's receipt hash
            rows.append(
                SafetyEvent(
                    reference=f"PSE-0000-{next(_numbers):06d}", event_type="risk",
                    occurred_on=owner.date_joined.date(), org_unit=org.ward_a, affected="other",
                    description="Oxygen cylinders stored loose.", category="equipment",
                    anonymous=True, **values,
                )
            )  # fmt: skip
        else:
            pytest.fail(f"{model._meta.label} holds secrets: add it to _instances()")
    return rows


@pytest.mark.parametrize("model", _secret_models(), ids=lambda m: m._meta.label)
def test_every_write_path_keeps_the_secrets_of_every_secret_model_out(model, org, people):
    used: list[str] = []

    def secret(path: str) -> str:
        used.append(f"s3cr3t{path}{model.__name__}")
        return used[-1]

    with acting_as(people["admin"]):
        # save(): create, then update
        [obj] = _instances(model, org, people, secret("save"), 1)
        obj.save()
        for name in model.history_secret_fields:
            setattr(obj, name, secret(f"update{name}"))
        obj.save()
        # queryset update()
        for name in model.history_secret_fields:
            model._default_manager.filter(pk=obj.pk).update(**{name: secret(f"qs{name}")})
        # bulk_update()
        obj.refresh_from_db()
        for name in model.history_secret_fields:
            setattr(obj, name, secret(f"bulkupdate{name}"))
        model._default_manager.bulk_update([obj], list(model.history_secret_fields))
        # bulk_create(), alone and inside a grouped load
        created = model._default_manager.bulk_create(
            _instances(model, org, people, secret("bulkcreate"), 3)
        )
        with history.grouped("A grouped load"):
            model._default_manager.bulk_create(_instances(model, org, people, secret("grouped"), 2))
        # delete(): one instance, then a queryset
        obj.delete()
        model._default_manager.filter(pk__in=[row.pk for row in created]).delete()
    assert_not_in_history(*used)
    assert "[changed]" in history_text()
