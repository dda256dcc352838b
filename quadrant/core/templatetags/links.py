"""`{% linked_records obj %}`: what other components link to OBJ and what it links to, through
the link registry, as the reader may see it (relations the page already shows can be left out:
`{% linked_records goal exclude="planning.goal-measure" %}`)."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django import template

from quadrant.core.links import links_of

register = template.Library()


@register.inclusion_tag("core/includes/linked_records.html", takes_context=True)
def linked_records(context: Any, obj: Any, exclude: str = "") -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    left_out = {name.strip() for name in exclude.split(",") if name.strip()}
    links = [link for link in links_of(obj, user) if link.relation not in left_out]
    groups = [(label, list(items)) for label, items in groupby(links, key=lambda x: x.label)]
    return {"groups": groups, "title": str(obj)}
