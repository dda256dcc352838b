"""Loading a framework: create it, or bring it up to date with a new version of its file.

One path for every source (a CSV upload, the API, the shipped CQC data): rows are matched by
code, only what changed is written, in bulk, as one history event with the old → new values;
a file identical to what is stored writes nothing at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from quadrant.assurance.standards.access import require_manager
from quadrant.assurance.standards.definitions import FrameworkDefinition, StandardRow
from quadrant.assurance.standards.models import (
    EvidenceCategory,
    Framework,
    Standard,
    StandardGroup,
)
from quadrant.core import history
from quadrant.core.context import acting_as


@dataclass(frozen=True)
class LoadResult:
    framework: Framework
    created: int
    updated: int
    unchanged: int

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)

    def summary(self) -> str:
        if not self.changed_anything:
            return f"{self.framework} was already up to date: nothing was changed."
        return (
            f"{self.framework}: {self.created} added, {self.updated} changed, "
            f"{self.unchanged} unchanged."
        )


@dataclass
class _Plan:
    """The rows of one model to create, and the rows to change with the fields that change."""

    new: list[models.Model] = field(default_factory=list)
    changed: list[models.Model] = field(default_factory=list)
    fields: set[str] = field(default_factory=set)
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        return not self.new and not self.changed

    def write(self, model: type[models.Model]) -> None:
        if self.new:
            model._default_manager.bulk_create(self.new)
        if self.changed:
            now = timezone.now()
            for row in self.changed:  # what save() stamps, so that a copy read before is stale
                row.updated_at, row.version = now, row.version + 1  # type: ignore[attr-defined]
            fields = self.fields | {"updated_at", "version"}
            model._default_manager.bulk_update(self.changed, sorted(fields))


def _plan(
    existing: Mapping[str, Any],
    wanted: Iterable[tuple[str, dict[str, Any]]],
    make: Callable[..., models.Model],
    current: Callable[[Any, str], Any] = getattr,
) -> _Plan:
    plan = _Plan()
    for code, values in wanted:
        obj = existing.get(code)
        if obj is None:
            plan.new.append(make(code=code, **values))
            continue
        differing = {name for name, value in values.items() if current(obj, name) != value}
        if not differing:
            plan.unchanged += 1
            continue
        for name in differing:
            setattr(obj, name, values[name])
        plan.fields |= differing
        plan.changed.append(obj)
    return plan


def load_framework(definition: FrameworkDefinition, *, actor: Any, source: str = "") -> LoadResult:
    """Create or update the framework DEFINITION describes, with its groups, standards and
    evidence categories, as ACTOR: one transaction, one history event. Standards the file does
    not name are left as they are (a mapping or evidence may point at them)."""
    require_manager(actor)
    with acting_as(actor), transaction.atomic():
        framework = Framework.objects.select_for_update().filter(code=definition.code).first()
        creating = framework is None
        if framework is None:
            framework = Framework(code=definition.code)
        wanted = definition.framework_fields()
        framework_changes = {k: v for k, v in wanted.items() if getattr(framework, k) != v}
        groups, categories, standards = _plans(framework, definition)
        if (
            not creating
            and not framework_changes
            and all(plan.empty for plan in (groups, categories, standards))
        ):
            return _result(framework, (groups, categories, standards))
        with history.grouped(f"Load of framework {definition.code}", source=source):
            if creating or framework_changes:
                for name, value in framework_changes.items():
                    setattr(framework, name, value)
                framework.full_clean()
                framework.save()
            for row in [*groups.new, *categories.new, *standards.new]:
                row.framework = framework  # type: ignore[attr-defined]
            groups.write(StandardGroup)
            categories.write(EvidenceCategory)
            _point_at_groups(framework, standards, definition.standards)
            standards.write(Standard)
        return _result(
            framework, (groups, categories, standards), framework_created=creating,
            framework_changed=bool(framework_changes) and not creating,
        )  # fmt: skip


def _plans(framework: Framework, definition: FrameworkDefinition) -> tuple[_Plan, _Plan, _Plan]:
    stored = framework.pk is not None
    groups = _plan(
        {g.code: g for g in StandardGroup.objects.filter(framework=framework)} if stored else {},
        ((g.code, {"title": g.title, "order": g.order, "description": g.description})
         for g in definition.groups),
        StandardGroup,
    )  # fmt: skip
    categories = _plan(
        {c.code: c for c in EvidenceCategory.objects.filter(framework=framework)}
        if stored
        else {},
        ((c.code, {"title": c.title, "order": c.order, "description": c.description})
         for c in definition.categories),
        EvidenceCategory,
    )  # fmt: skip
    standards = _plan(
        {s.code: s for s in Standard.objects.filter(framework=framework).select_related("group")}
        if stored
        else {},
        ((s.code, _standard_values(s)) for s in definition.standards),
        _new_standard,
        _standard_value,
    )
    return groups, categories, standards


def _standard_values(row: StandardRow) -> dict[str, Any]:
    return {
        "group_code": row.group_code,
        "title": row.title,
        "text": row.text,
        "order": row.order,
        "effective_from": row.effective_from,
        "effective_to": row.effective_to,
        "source_url": row.source_url,
        "note": row.note,
    }


def _new_standard(*, group_code: str, **values: Any) -> Standard:
    standard = Standard(**values)
    standard.group_code = group_code  # type: ignore[attr-defined]  # resolved when written
    return standard


def _standard_value(standard: Standard, name: str) -> Any:
    if name == "group_code":
        return standard.group.code if standard.group_id else None
    return getattr(standard, name)


def _point_at_groups(framework: Framework, plan: _Plan, rows: Iterable[StandardRow]) -> None:
    """Set each new or regrouped standard's group from the groups now stored."""
    ids = dict(StandardGroup.objects.filter(framework=framework).values_list("code", "pk"))
    wanted = {row.code: row.group_code for row in rows}
    for standard in [*plan.new, *plan.changed]:
        standard.group_id = ids[wanted[standard.code]]  # type: ignore[attr-defined]
        if hasattr(standard, "group_code"):
            del standard.group_code
    if "group_code" in plan.fields:
        plan.fields = (plan.fields - {"group_code"}) | {"group"}


def _result(
    framework: Framework,
    plans: tuple[_Plan, ...],
    *,
    framework_created: bool = False,
    framework_changed: bool = False,
) -> LoadResult:
    return LoadResult(
        framework,
        created=sum(len(p.new) for p in plans) + int(framework_created),
        updated=sum(len(p.changed) for p in plans) + int(framework_changed),
        unchanged=sum(p.unchanged for p in plans),
    )
