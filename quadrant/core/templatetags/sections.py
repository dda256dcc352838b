"""`{% unit_sections unit %}`: the sections components register for a unit's page."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from quadrant.core.registry import unit_sections as registered

register = template.Library()


@register.simple_tag(takes_context=True)
def unit_sections(context: Any, unit: Any) -> SafeString:
    request = context.get("request")
    user = getattr(request, "user", None)
    parts = []
    for index, section in enumerate(registered):
        extra = section.context(unit, user)
        if not extra:
            continue
        parts.append(
            render_to_string(
                section.template,
                {
                    "unit": unit,
                    "section_title": section.title,
                    "section_id": f"unit-section-{index}",
                    **extra,
                },
                request=request,
            )
        )
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703 - rendered, escaped templates
