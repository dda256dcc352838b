"""The writes of the standards concept: loading a framework, mapping and evidence."""

from quadrant.assurance.standards.services.evidence import record_evidence, withdraw_evidence
from quadrant.assurance.standards.services.frameworks import LoadResult, load_framework
from quadrant.assurance.standards.services.mappings import map_group, map_standard

__all__ = [
    "LoadResult",
    "load_framework",
    "map_group",
    "map_standard",
    "record_evidence",
    "withdraw_evidence",
]
