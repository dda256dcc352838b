"""The organisation's risk settings as the rest of the concept reads them: the matrix (made
with the NPSA defaults the first time it is asked for), its bands, and each unit's
escalation threshold (the unit's own, or 15)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from typing import Any

from quadrant.assurance.risks import scoring
from quadrant.assurance.risks.models import (
    DEFAULT_THRESHOLD,
    EscalationThreshold,
    RiskCategory,
    RiskMatrix,
)
from quadrant.core.actors import SystemActor
from quadrant.core.services import create_object

RISK_SETTINGS = SystemActor("risk settings")  # writes the defaults on first use

# The categories a new organisation starts with, and the highest current score each
# tolerates: cautious where patients could be harmed, more open where the organisation can
# take a chance to improve. The organisation changes them on the settings page.
DEFAULT_CATEGORIES: tuple[tuple[str, int], ...] = (
    ("Patient safety", 8),
    ("Quality and effectiveness", 10),
    ("Patient experience", 12),
    ("Workforce", 12),
    ("Finance", 15),
    ("Regulation and compliance", 8),
    ("Reputation", 12),
    ("Operations and service continuity", 12),
    ("Information governance", 8),
)


def current_matrix() -> RiskMatrix:
    """The one matrix; the first call stores the defaults (recorded, as the system)."""
    found: RiskMatrix | None = RiskMatrix.objects.order_by("pk").first()
    if found is None:
        found = create_object(RiskMatrix, {}, actor=RISK_SETTINGS)
    return found


def matrix_or_defaults() -> RiskMatrix:
    """The stored matrix, or an unsaved one of defaults (for reads that must not write)."""
    found: RiskMatrix | None = RiskMatrix.objects.order_by("pk").first()
    return found if found is not None else RiskMatrix()


def live_categories() -> list[RiskCategory]:
    """The categories a risk may be given; the defaults are stored the first time."""
    found = list(RiskCategory.objects.filter(archived_at__isnull=True))
    if found or RiskCategory.objects.exists():
        return found
    for name, appetite in DEFAULT_CATEGORIES:
        create_object(RiskCategory, {"name": name, "appetite": appetite}, actor=RISK_SETTINGS)
    return list(RiskCategory.objects.filter(archived_at__isnull=True))


def band_named(key: str, bands: Iterable[scoring.Band]) -> scoring.Band | None:
    return next((band for band in bands if band.key == key), None)


def thresholds_of(units: Iterable[Any]) -> dict[int, int]:
    """Each unit's escalation threshold by unit id (15 where the unit has set none)."""
    ids = {unit.pk for unit in units}
    stored = dict(
        EscalationThreshold.objects.filter(org_unit_id__in=ids, archived_at__isnull=True)
        .values_list("org_unit_id", "threshold")
    )  # fmt: skip
    return {pk: stored.get(pk, DEFAULT_THRESHOLD) for pk in ids}


def threshold_of(unit: Any) -> int:
    return thresholds_of([unit])[unit.pk]


def chain_up(unit: Any) -> list[Any]:
    """UNIT and the units above it, nearest first (one query, from its materialised path)."""
    from quadrant.organisation.models import OrgUnit

    ids = [int(part) for part in unit.path.split(".") if part]
    found = OrgUnit.objects.in_bulk(ids)
    return [found[pk] for pk in reversed(ids) if pk in found]


def escalation_target(unit: Any, score: int) -> Any | None:
    """Where a risk of UNIT scoring SCORE belongs: up the tree while the score reaches each
    unit's threshold (a ward's risk of 16 passes the ward's 15 and, if the service's threshold
    is 20, stops at the service). None when it stays at its own unit."""
    chain = chain_up(unit)
    return target_along(chain, thresholds_of(chain), score)


def target_along(chain: Sequence[Any], thresholds: Mapping[int, int], score: int) -> Any | None:
    """The unit of CHAIN (a unit, then the units above it, nearest first) a risk of SCORE is
    escalated to, given each unit's threshold by id (15 where THRESHOLDS has none)."""
    target = None
    for here, above in pairwise(chain):
        if not scoring.reaches(score, thresholds.get(here.pk, DEFAULT_THRESHOLD)):
            break
        target = above
    return target
