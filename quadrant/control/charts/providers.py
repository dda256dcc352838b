"""Other components add annotations to measure charts (PDSA cycles from improvement, later
incidents or audits) without control importing them: `register_annotation_provider(func)`,
where func(measure) returns a list of {"date": ISO date, "kind": str, "text": str} dicts
(extra keys such as "end" or "url" are passed through to the chart description)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

AnnotationProvider = Callable[[Any], list[dict[str, Any]]]

_providers: list[AnnotationProvider] = []


def register_annotation_provider(provider: AnnotationProvider) -> None:
    """Add PROVIDER (once) to the sources of chart annotations."""
    if provider not in _providers:
        _providers.append(provider)


def provided_annotations(measure: Any) -> list[dict[str, Any]]:
    """Every registered provider's annotations for MEASURE."""
    return [note for provider in _providers for note in provider(measure)]
