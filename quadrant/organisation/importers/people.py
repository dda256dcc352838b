"""Import of staff: username, names, email, job title, home unit and one role per row."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.db.models.functions import Lower

from quadrant.organisation.choices import PersonKind, Role
from quadrant.organisation.importers.csvfile import (
    CheckedFile,
    Progress,
    choice,
    choice_names,
    in_scope,
    no_unit_message,
    read_csv,
)

PEOPLE_COLUMNS = (
    "username", "first_name", "last_name", "email", "job_title", "home_unit_code", "role",
    "role_unit_code",
)  # fmt: skip
DETAILS = ("first_name", "last_name", "email", "job_title", "home_unit_code")
LIMITS = {"username": 150, "first_name": 150, "last_name": 150, "email": 254, "job_title": 150}
_username_rule = UnicodeUsernameValidator()
ACCOUNT_NOT_YOURS = (
    "the username “{username}” is taken by an account you cannot change. Check the spelling "
    "and capitals, or ask an administrator of that person's unit to make the change."
)


def _details(values: dict[str, str]) -> tuple[str, ...]:
    return tuple(values[name] for name in DETAILS)


def check_people(data: bytes, *, allowed_unit_ids: set[int] | None = None) -> CheckedFile:
    """Validate a staff file; never writes.

    A person may have several rows (one per role) whose other details agree. An empty
    role_unit_code means the home unit. ALLOWED_UNIT_IDS: see check_units.
    """
    from quadrant.organisation.models import OrgUnit

    checked = read_csv(data, PEOPLE_COLUMNS, "people")
    if not checked.ok:
        return checked
    codes = {v[c] for _, v in checked.rows for c in ("home_unit_code", "role_unit_code")}
    units = dict(OrgUnit.objects.filter(code__in=codes).values_list("code", "pk"))
    seen: dict[str, tuple[int, tuple[str, ...]]] = {}
    for number, values in checked.rows:
        checked.require(number, values, ("username", "first_name", "last_name", "email"))
        checked.require(number, values, ("home_unit_code",))
        checked.limit(number, values, LIMITS)
        username, email, role = values["username"], values["email"], values["role"]
        if username:
            try:
                _username_rule(username)
            except ValidationError:
                checked.add(number, "username", "use only letters, numbers and @ . + - _")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                checked.add(number, "email", f"“{email}” is not an email address.")
        for column in ("home_unit_code", "role_unit_code"):
            code = values[column]
            if code and (code not in units or not in_scope(units[code], allowed_unit_ids)):
                checked.add(number, column, no_unit_message(code, allowed_unit_ids))
        if role and choice(role, Role) is None:
            checked.add(
                number, "role", f"“{role}” is not a role. Use one of: {choice_names(Role)}."
            )
        if values["role_unit_code"] and not role:
            checked.add(
                number, "role", "enter the role held at role_unit_code, or leave both empty."
            )
        first = seen.setdefault(username, (number, _details(values))) if username else None
        if first is not None and first[1] != _details(values):
            pairs = zip(DETAILS, first[1], _details(values), strict=True)
            column = next(name for name, a, b in pairs if a != b)
            checked.add(number, column, f"differs from row {first[0]} for the same username.")
    _check_accounts_in_scope(checked, allowed_unit_ids)
    return checked


def _check_accounts_in_scope(checked: CheckedFile, allowed_unit_ids: set[int] | None) -> None:
    """Refuse rows naming an account the importer may not change.

    A row may update only someone wholly inside the importer's units (services.people_within):
    changing anyone else's email would let the importer reset their password. A username
    already used in another case is refused too. One wording for both, so that a refusal
    never tells where the account is.
    """
    from quadrant.organisation.models import Person
    from quadrant.organisation.services import people_within

    names = {values["username"] for _, values in checked.rows if values["username"]}
    lowered = {name.lower() for name in names}
    existing = Person.objects.annotate(lowered=Lower("username")).filter(
        Q(username__in=names) | Q(lowered__in=lowered)
    )  # exact matches too: SQLite lowers only ASCII
    changeable = existing
    if allowed_unit_ids is not None:
        changeable = existing.filter(pk__in=people_within(allowed_unit_ids).values("pk"))
    mine = set(changeable.values_list("username", flat=True))
    taken = {name.lower() for name in existing.values_list("username", flat=True)}
    for number, values in checked.rows:
        username = values["username"]
        if username.lower() in taken and username not in mine:
            checked.add(number, "username", ACCOUNT_NOT_YOURS.format(username=username))


def import_people(
    checked: CheckedFile,
    *,
    actor: Any,
    file_name: str,
    sha256: str,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Create or update people and add their roles: one transaction, one history event.

    New accounts get no usable password; each person sets their own from a set-password link.
    """
    from django.contrib.auth.hashers import make_password

    from quadrant.core import history
    from quadrant.core.context import acting_as
    from quadrant.organisation.models import Membership, OrgUnit, Person

    if not checked.ok:
        raise ValueError("import_people needs a file without errors")
    rows = [values for _, values in checked.rows]
    counts = {"rows": len(rows), "created": 0, "updated": 0, "roles_added": 0}
    summary = f"Import of {len(rows)} staff rows from {file_name}"
    details: dict[str, Any] = {"file_name": file_name, "sha256": sha256, "import_counts": counts}
    with acting_as(actor), history.grouped(summary, model=Person, **details):
        codes = {r[c] for r in rows for c in ("home_unit_code", "role_unit_code") if r[c]}
        units = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=codes)}
        partners = {r["username"] for r in rows if choice(r["role"], Role) == Role.PARTNER}
        firsts = {r["username"]: r for r in reversed(rows)}
        stored = {p.username: p for p in Person.objects.filter(username__in=list(firsts))}
        new, changed, new_emails = [], [], []
        for username, r in firsts.items():
            wanted = {name: r[name] for name in ("first_name", "last_name", "email", "job_title")}
            wanted["home_unit"] = units[r["home_unit_code"]]
            person = stored.get(username)
            if person is None:
                kind = PersonKind.NON_STAFF if username in partners else PersonKind.STAFF
                password = make_password(None)  # unusable until they set their own
                new.append(Person(username=username, password=password, kind=kind, **wanted))
            elif any(getattr(person, name) != value for name, value in wanted.items()):
                if person.email != wanted["email"]:
                    new_emails.append((person, person.email))
                for name, value in wanted.items():
                    setattr(person, name, value)
                changed.append(person)
        for start in range(0, len(new), 1000):
            Person.objects.bulk_create(new[start : start + 1000])
            if progress:
                done = min(start + 1000, len(new))
                progress(80 * done / len(new), f"{done} people created")
        if changed:
            fields = ["first_name", "last_name", "email", "job_title", "home_unit"]
            Person.objects.bulk_update(changed, fields, batch_size=1000)
        _after_email_changes(new_emails, actor=actor)
        counts["created"], counts["updated"] = len(new), len(changed)
        ids = dict(Person.objects.filter(username__in=list(firsts)).values_list("username", "pk"))
        held = set(
            Membership.objects.filter(person_id__in=ids.values(), archived_at__isnull=True)
            .values_list("person_id", "org_unit_id", "role")
        )  # fmt: skip
        memberships = []
        for r in rows:
            role = choice(r["role"], Role) if r["role"] else None
            if role is None:
                continue
            unit = units[r["role_unit_code"] or r["home_unit_code"]]
            key = (ids[r["username"]], unit.pk, role)
            if key not in held:
                held.add(key)
                memberships.append(Membership(person_id=key[0], org_unit=unit, role=role))
        Membership.objects.bulk_create(memberships, batch_size=1000)
        counts["roles_added"] = len(memberships)
    return counts


def _after_email_changes(changes: list[tuple[Any, str]], *, actor: Any) -> None:
    """What a new email brings (bulk_update sends no signals): sessions ended, old address told.

    Reset links sent before stop working by themselves: the reset token hashes the email.
    """
    from quadrant.accounts.services import send_email_change_notice
    from quadrant.accounts.sessions import end_sessions_of
    from quadrant.core.security import log_security_event

    if not changes:
        return
    ended = end_sessions_of(person.pk for person, _ in changes)
    detail = f"email changed by a staff import ({ended} sessions of {len(changes)} people ended)"
    for person, old_email in changes:
        send_email_change_notice(person, old_email, changed_by=actor)
        log_security_event("password", person=person, detail=detail)
