"""Import of the organisation structure: code, name, kind, parent_code, active."""

from __future__ import annotations

from typing import Any, cast

from quadrant.organisation.choices import UnitKind
from quadrant.organisation.importers.csvfile import (
    FALSE_WORDS,
    TRUE_WORDS,
    CheckedFile,
    Progress,
    choice,
    choice_names,
    in_scope,
    is_true,
    no_unit_message,
    read_csv,
)

UNIT_COLUMNS = ("code", "name", "kind", "parent_code", "active")


IN_FILE_OR_STORED = ", in this file or in Quadrant"
CODE_NOT_YOURS = "the code “{code}” is taken by a unit you do not manage. Choose another code."


def check_units(data: bytes, *, allowed_unit_ids: set[int] | None = None) -> CheckedFile:
    """Validate a units file against the units already in Quadrant; never writes.

    ALLOWED_UNIT_IDS are the units the importing person may manage (None: all, for the command
    line). A parent defined later in the same file is fine; loops are not. Existing codes are
    updated (name, kind, active); moving a unit is done on its Edit page, not by import.
    """
    from quadrant.organisation.models import OrgUnit

    checked = read_csv(data, UNIT_COLUMNS, "units")
    if not checked.ok:
        return checked
    stored = {
        code: (pk, parent)
        for code, pk, parent in OrgUnit.objects.values_list("code", "pk", "parent__code")
    }
    in_file = {values["code"] for _, values in checked.rows}
    first_row: dict[str, int] = {}
    new_roots = 0
    for number, values in checked.rows:
        checked.require(number, values, ("code", "name", "kind"))
        checked.limit(number, values, {"code": 20, "name": 200})
        code, parent, kind = values["code"], values["parent_code"], values["kind"]
        if code in first_row:
            checked.add(
                number, "code", f"the code “{code}” is already used on row {first_row[code]}."
            )
        elif code:
            first_row[code] = number
        if kind and choice(kind, UnitKind) is None:
            checked.add(
                number,
                "kind",
                f"“{kind}” is not a kind of unit. Use one of: {choice_names(UnitKind)}.",
            )
        if values["active"].lower() not in TRUE_WORDS | FALSE_WORDS:
            checked.add(number, "active", "enter yes or no (or leave it empty for yes).")
        existing = stored.get(code)
        if existing is not None:
            if not in_scope(existing[0], allowed_unit_ids):
                checked.add(number, "code", CODE_NOT_YOURS.format(code=code))
                continue
            if (existing[1] or "") != parent:
                where = f"under “{existing[1]}”" if existing[1] else "at the top"
                checked.add(
                    number,
                    "parent_code",
                    f"“{code}” is already {where}. Move a unit on its Edit page, not by import.",
                )
            continue
        if not parent:
            new_roots += 1
            if stored or new_roots > 1:
                checked.add(
                    number,
                    "parent_code",
                    "enter the code of the unit this one belongs to; "
                    "only the top of the organisation has none.",
                )
        elif parent == code:
            checked.add(number, "parent_code", "a unit cannot belong to itself.")
        elif (parent not in stored and parent not in in_file) or (
            parent in stored and not in_scope(stored[parent][0], allowed_unit_ids)
        ):
            message = no_unit_message(parent, allowed_unit_ids, IN_FILE_OR_STORED)
            checked.add(number, "parent_code", message)
    if checked.ok:
        _check_loops(checked, {code: parent for code, (_, parent) in stored.items()})
    return checked


def _check_loops(checked: CheckedFile, stored_parents: dict[str, str | None]) -> None:
    """Rows whose chain of parents comes back to themselves."""
    parents = {**stored_parents, **{v["code"]: v["parent_code"] or None for _, v in checked.rows}}
    for number, values in checked.rows:
        chain, current = [values["code"]], parents.get(values["code"])
        while current is not None and current not in chain:
            chain.append(current)
            current = parents.get(current)
        if current == values["code"]:
            loop = " → ".join([*chain, current])
            checked.add(number, "parent_code", f"these units form a loop ({loop}).")


def import_units(
    checked: CheckedFile,
    *,
    actor: Any,
    file_name: str,
    sha256: str,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Create and update the units of a checked file: one transaction, one history event."""
    from quadrant.core import history
    from quadrant.core.context import acting_as
    from quadrant.organisation.models import OrgUnit, path_segment

    if not checked.ok:
        raise ValueError("import_units needs a file without errors")
    rows = [values for _, values in checked.rows]
    counts = {"rows": len(rows), "created": 0, "updated": 0}
    summary = f"Import of {len(rows)} units from {file_name}"
    details: dict[str, Any] = {"file_name": file_name, "sha256": sha256, "import_counts": counts}
    with acting_as(actor), history.grouped(summary, model=OrgUnit, **details):
        codes = [r["code"] for r in rows] + [r["parent_code"] for r in rows if r["parent_code"]]
        known = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=codes)}
        changed = []
        for values in rows:
            unit = known.get(values["code"])
            new = (values["name"], choice(values["kind"], UnitKind), is_true(values["active"]))
            if unit is not None and (unit.name, unit.kind, unit.active) != new:
                unit.name, unit.kind, unit.active = new
                changed.append(unit)
        if changed:
            OrgUnit.objects.bulk_update(changed, ["name", "kind", "active"], batch_size=500)
        counts["updated"] = len(changed)
        waiting = [values for values in rows if values["code"] not in known]
        while waiting:  # parents first: each wave is the rows whose parent now exists
            wave = [v for v in waiting if not v["parent_code"] or v["parent_code"] in known]
            units = [_new_unit(v, known.get(v["parent_code"])) for v in wave]
            OrgUnit.objects.bulk_create(units, batch_size=500)
            for unit in units:
                parent = unit.parent
                unit.path = (parent.path if parent else "") + path_segment(unit.pk)
                unit.depth = parent.depth + 1 if parent else 0
                known[unit.code] = unit
            OrgUnit.objects.bulk_update(units, ["path", "depth"], batch_size=500)
            counts["created"] += len(units)
            waiting = [v for v in waiting if v["code"] not in known]
            if progress:
                done = counts["created"] + counts["updated"]
                progress(100 * done / len(rows), f"{counts['created']} units created")
    return counts


def _new_unit(values: dict[str, str], parent: Any) -> Any:
    from quadrant.organisation.models import OrgUnit

    return OrgUnit(
        code=values["code"],
        name=values["name"],
        kind=cast(str, choice(values["kind"], UnitKind)),  # checked: required and a known kind
        active=is_true(values["active"]),
        parent=parent,
    )
