"""What the consolidation map covers, read for a person: counts per framework, the external
standards not yet mapped, the internal ones with no external basis, and the evidence that
counts for a standard — its own, and for an external standard that of the internal standard
it is mapped to ("one piece of evidence, many frameworks"). A fixed number of queries each."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from quadrant.assurance.standards.choices import FrameworkKind
from quadrant.assurance.standards.models import (
    Framework,
    Standard,
    StandardEvidence,
    StandardMapping,
)
from quadrant.core.links import Link, links_from
from quadrant.core.permissions import Capability, restrict

EVIDENCE_RELATION = "assurance.standard-evidence"


@dataclass(frozen=True)
class FrameworkCoverage:
    framework: Framework
    standards: int
    mapped: int  # external: mapped to an internal standard; internal: with an external basis
    evidenced: int  # with evidence of their own or through their mapping

    @property
    def unmapped(self) -> int:
        return self.standards - self.mapped


@dataclass(frozen=True)
class EvidenceItem:
    evidence: StandardEvidence
    link: Link | None  # the linked record as the reader sees it (None: a titled reference)
    via: Standard | None  # the internal standard it comes from (None: recorded here)

    @property
    def title(self) -> str:
        return self.link.title if self.link is not None else self.evidence.title


def live_standards() -> QuerySet[Standard]:
    return Standard.objects.filter(archived_at__isnull=True, framework__archived_at__isnull=True)


def live_mappings() -> QuerySet[StandardMapping]:
    return StandardMapping.objects.filter(archived_at__isnull=True)


def coverage_of(frameworks: Sequence[Framework], user: Any) -> list[FrameworkCoverage]:
    """The counts of each of FRAMEWORKS (three queries however many)."""
    ids = [f.pk for f in frameworks]
    rows = list(live_standards().filter(framework_id__in=ids).values_list("pk", "framework_id"))
    pairs = dict(live_mappings().values_list("external_id", "internal_id"))
    based = set(pairs.values())
    evidenced_ids = _evidenced(user)
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    kinds = {f.pk: f.kind for f in frameworks}
    for pk, framework_id in rows:
        counts = totals[framework_id]
        counts[0] += 1
        internal = kinds[framework_id] == FrameworkKind.INTERNAL
        counts[1] += int(pk in based if internal else pk in pairs)
        counts[2] += int(pk in evidenced_ids or pairs.get(pk) in evidenced_ids)
    return [FrameworkCoverage(f, *totals[f.pk]) for f in frameworks]


def _evidenced(user: Any) -> set[int]:
    visible = restrict(StandardEvidence.objects.all(), user, Capability.VIEW)
    return set(
        visible.filter(archived_at__isnull=True).values_list("standard_id", flat=True).distinct()
    )


def unmapped_external() -> QuerySet[Standard]:
    """External standards not mapped to any internal standard."""
    mapped = live_mappings().filter(external=OuterRef("pk"))
    return (
        live_standards()
        .filter(framework__kind=FrameworkKind.EXTERNAL)
        .exclude(Exists(mapped))
        .select_related("framework", "group")
        .order_by("framework__title", "group__order", "order", "code")
    )


def internal_without_basis() -> QuerySet[Standard]:
    """Internal standards no external standard is mapped to."""
    mapped = live_mappings().filter(internal=OuterRef("pk"), external__archived_at__isnull=True)
    return (
        live_standards()
        .filter(framework__kind=FrameworkKind.INTERNAL)
        .exclude(Exists(mapped))
        .select_related("framework", "group")
        .order_by("framework__title", "group__order", "order", "code")
    )


def mapped_to(standard: Standard) -> Standard | None:
    """The internal standard an external STANDARD is mapped to (None: not mapped)."""
    mapping = live_mappings().filter(external=standard).select_related("internal__framework")
    found = mapping.first()
    return found.internal if found is not None else None


def mapped_from(standard: Standard) -> QuerySet[Standard]:
    """The external standards mapped to an internal STANDARD."""
    return (
        live_standards()
        .filter(mapping__internal=standard, mapping__archived_at__isnull=True)
        .select_related("framework")
        .order_by("framework__title", "code")
    )


def evidence_for(standard: Standard, user: Any) -> list[EvidenceItem]:
    """The evidence that counts for STANDARD as USER may see it: its own, and for an external
    standard the evidence of the internal standard it is mapped to, saying where it comes from."""
    internal = mapped_to(standard) if not standard.framework.is_internal else None
    ids = [standard.pk] + ([internal.pk] if internal is not None else [])
    rows = list(
        restrict(StandardEvidence.objects.all(), user, Capability.VIEW)
        .filter(standard_id__in=ids, archived_at__isnull=True)
        .select_related("standard", "category")
        .order_by("-evidence_date", "id")
    )
    links = links_from(rows, user, only=[EVIDENCE_RELATION]) if rows else {}
    items = []
    for row in rows:
        found = links.get(row.pk, [])
        if row.is_link and not found:
            continue  # the record is archived or out of sight: nothing says it was there
        via = row.standard if row.standard_id != standard.pk else None
        items.append(EvidenceItem(row, found[0] if found else None, via))
    return items
