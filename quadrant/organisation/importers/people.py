"""Import of staff: username, names, email, job title, home unit and one role per row."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from quadrant.core.permissions import Action, denial_message
from quadrant.organisation.choices import PersonKind, Role
from quadrant.organisation.importers.csvfile import (
    CheckedFile,
    Progress,
    choice,
    choice_names,
    read_csv,
)

PEOPLE_COLUMNS = (
    "username", "first_name", "last_name", "email", "job_title", "home_unit_code", "role",
    "role_unit_code",
)  # fmt: skip
DETAILS = ("first_name", "last_name", "email", "job_title", "home_unit_code")
LIMITS = {"username": 150, "first_name": 150, "last_name": 150, "email": 254, "job_title": 150}
_username_rule = UnicodeUsernameValidator()


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
            if code and code not in units:
                checked.add(number, column, f"no unit has the code “{code}”.")
            elif code and allowed_unit_ids is not None and units[code] not in allowed_unit_ids:
                message = f"{denial_message(Action.MANAGE_PEOPLE)} “{code}” is outside your units."
                checked.add(number, column, message)
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
    return checked


def import_people(
    checked: CheckedFile,
    *,
    actor: Any,
    file_name: str,
    sha256: str,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Create or update people and add their roles: one transaction, one audit event.

    New accounts get no usable password; each person sets their own from a set-password link.
    """
    from django.contrib.auth.hashers import make_password

    from quadrant.core import audit
    from quadrant.core.context import acting_as
    from quadrant.organisation.models import Membership, OrgUnit, Person

    if not checked.ok:
        raise ValueError("import_people needs a file without errors")
    rows = [values for _, values in checked.rows]
    counts = {"rows": len(rows), "created": 0, "updated": 0, "roles_added": 0}
    summary = f"Import of {len(rows)} staff rows from {file_name}"
    details = {"file_name": file_name, "sha256": sha256, "import_counts": counts}
    with acting_as(actor), audit.grouped(summary, model=Person, **details):
        codes = {r[c] for r in rows for c in ("home_unit_code", "role_unit_code") if r[c]}
        units = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=codes)}
        partners = {r["username"] for r in rows if choice(r["role"], Role) == Role.PARTNER}
        firsts = {r["username"]: r for r in reversed(rows)}
        stored = {p.username: p for p in Person.objects.filter(username__in=list(firsts))}
        new, changed = [], []
        for username, r in firsts.items():
            wanted = {name: r[name] for name in ("first_name", "last_name", "email", "job_title")}
            wanted["home_unit"] = units[r["home_unit_code"]]
            person = stored.get(username)
            if person is None:
                kind = PersonKind.NON_STAFF if username in partners else PersonKind.STAFF
                password = make_password(None)  # unusable until they set their own
                new.append(Person(username=username, password=password, kind=kind, **wanted))
            elif any(getattr(person, name) != value for name, value in wanted.items()):
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
