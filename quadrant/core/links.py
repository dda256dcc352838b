"""One registry of the links between objects of different components.

A link is stored by the component that owns it (a project's goals in improvement, an action's
source in actions, later a standard's evidence in assurance); the component describes it here
once, as a `Relation`, and everything that follows links across components — an object's
"Linked records", the driver diagram's nodes, later the quality thread and the board pack —
reads them through `links_from` and `links_to`. Both are permission-aware: a linked object the
reader may not see is left out, and nothing says it was there. Each call costs a fixed number
of queries (one per relation, one per kind of object linked), however many objects it is given.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from quadrant.core.permissions import Capability, restrict, unit_of

ANY_MODEL = "*"  # a relation whose target can be an object of any kind (a generic link)

# source id → (target model label, target id) rows, for the sources given
PairsFrom = Callable[[Sequence[int]], Iterable[tuple[int, str, int]]]
# (target model label, target ids) → (source id, target id) rows
PairsTo = Callable[[str, Sequence[int]], Iterable[tuple[int, int]]]


@dataclass(frozen=True)
class Relation:
    """A kind of link: from objects of SOURCE (a model label) to objects of TARGET (a label, or
    ANY_MODEL). LABEL reads from the source ("Goals it works towards"), INVERSE from the
    target ("Projects working towards it"). PAIRS_FROM and PAIRS_TO read the stored links."""

    name: str
    source: str
    target: str
    label: str
    inverse: str
    pairs_from: PairsFrom
    pairs_to: PairsTo

    def reaches(self, label: str) -> bool:
        return self.target in (label, ANY_MODEL)


@dataclass(frozen=True)
class Link:
    """One linked object, as seen from the object it was asked for."""

    relation: str
    label: str  # the relation as read from the object asked for
    obj: Any
    kind: str
    title: str
    url: str
    unit: str
    status: str


_relations: dict[str, Relation] = {}


def register_relation(relation: Relation) -> None:
    """Describe a kind of link (once; registering the same name again replaces it)."""
    _relations[relation.name] = relation


def relations() -> list[Relation]:
    return sorted(_relations.values(), key=lambda r: r.name)


def label_of(model: type[models.Model] | models.Model) -> str:
    return model._meta.label_lower


def links_from(
    objects: Sequence[models.Model], user: Any, *, only: Iterable[str] = ()
) -> dict[int, list[Link]]:
    """What each of OBJECTS (one kind) links to, by object id, as USER may see it."""
    if not objects:
        return {}
    source = label_of(objects[0])
    ids = [obj.pk for obj in objects]
    wanted = set(only)
    rows: list[tuple[Relation, str, int, int]] = []  # relation, target label, source, target
    for relation in relations():
        if relation.source == source and (not wanted or relation.name in wanted):
            for source_id, target, target_id in relation.pairs_from(ids):
                rows.append((relation, target, source_id, target_id))
    targets: dict[str, list[int]] = defaultdict(list)
    for _, target, _, target_id in rows:
        targets[target].append(target_id)
    visible = {target: _visible(target, ids, user) for target, ids in targets.items()}
    found: dict[int, list[Link]] = defaultdict(list)
    for relation, target, source_id, target_id in rows:
        if target_id in visible[target]:
            obj = visible[target][target_id]
            found[source_id].append(_link(relation, relation.label, obj))
    return dict(found)


def links_to(
    objects: Sequence[models.Model], user: Any, *, only: Iterable[str] = ()
) -> dict[int, list[Link]]:
    """What links to each of OBJECTS (one kind), by object id, as USER may see it."""
    if not objects:
        return {}
    target = label_of(objects[0])
    ids = [obj.pk for obj in objects]
    wanted = set(only)
    found: dict[int, list[Link]] = defaultdict(list)
    for relation in relations():
        if not relation.reaches(target) or (wanted and relation.name not in wanted):
            continue
        pairs = list(relation.pairs_to(target, ids))
        visible = _visible(relation.source, [s for s, _ in pairs], user)
        for source_id, target_id in pairs:
            if source_id in visible:
                found[target_id].append(_link(relation, relation.inverse, visible[source_id]))
    return dict(found)


def links_of(obj: models.Model, user: Any) -> list[Link]:
    """Everything OBJ links to and everything linking to it, as USER may see it, by kind and
    title."""
    links = links_from([obj], user).get(obj.pk, []) + links_to([obj], user).get(obj.pk, [])
    return sorted(links, key=lambda link: (link.label, link.title.casefold()))


def _visible(label: str, ids: Sequence[int], user: Any) -> dict[int, Any]:
    """The objects of model LABEL among IDS that USER may see (live ones only), by id."""
    if not ids:
        return {}
    model = apps.get_model(label)
    queryset = restrict(model._default_manager.filter(pk__in=set(ids)), user, Capability.VIEW)
    if hasattr(model, "archived_at"):
        queryset = queryset.filter(archived_at__isnull=True)
    unit_field = getattr(model, "unit_field", "org_unit")
    if unit_field and label != "organisation.orgunit":
        queryset = queryset.select_related(unit_field)
    return {obj.pk: obj for obj in queryset}


def _link(relation: Relation, label: str, obj: Any) -> Link:
    unit = unit_of(obj)
    url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    return Link(
        relation=relation.name,
        label=label,
        obj=obj,
        kind=str(obj._meta.verbose_name).capitalize(),
        title=str(obj),
        url=url,
        unit=getattr(unit, "name", ""),
        status=status_of(obj),
    )


STATUS_FIELDS = ("status", "stage")  # where an object keeps the state a link shows beside it


def status_of(obj: Any) -> str:
    """The label of OBJ's status (or stage), as its own pages show it; "" if it has none."""
    for name in STATUS_FIELDS:
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if getattr(field, "concrete", False) and field.choices:
            return str(getattr(obj, f"get_{name}_display")())
    return ""


def through_pairs(
    through: type[models.Model], source_field: str, target_field: str, target: str
) -> tuple[PairsFrom, PairsTo]:
    """PAIRS_FROM and PAIRS_TO of a link stored as rows of THROUGH (a many-to-many table or a
    link model) with foreign keys SOURCE_FIELD and TARGET_FIELD to objects of model TARGET (rows
    whose TARGET_FIELD is empty link nothing)."""
    source_id, target_id = f"{source_field}_id", f"{target_field}_id"

    def pairs_from(ids: Sequence[int]) -> Iterable[tuple[int, str, int]]:
        rows = through._default_manager.filter(
            **{f"{source_id}__in": ids, f"{target_id}__isnull": False}
        )
        for source, linked in rows.values_list(source_id, target_id).order_by():
            yield source, target, linked

    def pairs_to(label: str, ids: Sequence[int]) -> Iterable[tuple[int, int]]:
        rows = through._default_manager.filter(**{f"{target_id}__in": ids})
        return rows.values_list(source_id, target_id).order_by()

    return pairs_from, pairs_to


def generic_pairs(
    model: type[models.Model], type_field: str, id_field: str, source_field: str = "pk"
) -> tuple[PairsFrom, PairsTo]:
    """PAIRS_FROM and PAIRS_TO of a generic link: MODEL's TYPE_FIELD (a content type) and
    ID_FIELD name the linked object, whatever its kind. The link's source is the MODEL row
    itself, or the object its SOURCE_FIELD points at (a risk's assurance rows link the risk:
    `source_field="risk_id"`; archived rows then link nothing)."""
    live = (
        {"archived_at__isnull": True}
        if source_field != "pk" and hasattr(model, "archived_at")
        else {}
    )

    def pairs_from(ids: Sequence[int]) -> Iterable[tuple[int, str, int]]:
        rows = model._default_manager.filter(
            **{f"{source_field}__in": ids, f"{id_field}__isnull": False}, **live
        )
        type_id = f"{type_field}_id"
        for pk, content_type, linked in rows.values_list(
            source_field, type_id, id_field
        ).order_by():
            kind = ContentType.objects.get_for_id(content_type)
            yield pk, f"{kind.app_label}.{kind.model}", linked

    def pairs_to(label: str, ids: Sequence[int]) -> Iterable[tuple[int, int]]:
        kind = ContentType.objects.get_for_model(apps.get_model(label))
        rows = model._default_manager.filter(**{type_field: kind, f"{id_field}__in": ids}, **live)
        return rows.values_list(source_field, id_field).order_by()

    return pairs_from, pairs_to
