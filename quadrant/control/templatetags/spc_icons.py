"""Template tags for the MDC icons: {% icon_sprite %}, {% variation_icon code %},
{% assurance_icon code %}."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from quadrant.control.summary import icons

register = template.Library()


@register.simple_tag
def icon_sprite() -> SafeString:
    return icons.sprite()


@register.simple_tag
def variation_icon(code: str | None, size: int = 32) -> SafeString:
    return icons.icon(code or None, "variation", size)


@register.simple_tag
def assurance_icon(code: str | None, size: int = 32) -> SafeString:
    return icons.icon(code or None, "assurance", size)


@register.filter
def icon_label(code: str | None) -> str:
    return icons.label(code or None)


@register.filter
def urlencode_dict(query: dict[str, str]) -> str:
    """A query string from a dictionary (for filter links)."""
    from urllib.parse import urlencode

    return urlencode(query)
