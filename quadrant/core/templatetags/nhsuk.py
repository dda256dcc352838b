"""Template tags and filters that write NHS.UK frontend markup from Django forms and values."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.html import conditional_escape, format_html

from quadrant.core.widgets import NhsDateInput

register = template.Library()

_TAG_COLOURS = {
    "queued": "grey",
    "running": "blue",
    "succeeded": "green",
    "failed": "red",
    "active": "green",
    "archived": "grey",
}


@register.inclusion_tag("core/includes/field.html")
def nhsuk_field(bound_field: forms.BoundField, hint: str = "", classes: str = "") -> dict[str, Any]:
    """One form field as an NHS.UK form group: label, hint, error message, input."""
    widget = bound_field.field.widget
    kind = "input"
    if isinstance(widget, NhsDateInput):
        kind = "date"
    elif isinstance(widget, forms.CheckboxInput):
        kind = "checkbox"
    elif isinstance(widget, forms.RadioSelect):
        kind = "radios"
    elif isinstance(widget, forms.CheckboxSelectMultiple):
        kind = "checkboxes"
    elif isinstance(widget, forms.Select):
        kind = "select"
    elif isinstance(widget, forms.Textarea):
        kind = "textarea"
    elif isinstance(widget, forms.FileInput):
        kind = "file"
    css = {
        "input": "nhsuk-input",
        "select": "nhsuk-select",
        "textarea": "nhsuk-textarea",
        "file": "nhsuk-file-upload",
        "checkbox": "nhsuk-checkboxes__input",
    }.get(kind, "")
    if bound_field.errors:
        css += {"input": " nhsuk-input--error", "select": " nhsuk-select--error"}.get(kind, "")
        css += " nhsuk-input--error" if kind == "date" else ""
        css += " nhsuk-textarea--error" if kind == "textarea" else ""
    if classes:
        css += f" {classes}"
    attrs: dict[str, Any] = {"class": css.strip()}
    described = []
    if hint or bound_field.help_text:
        described.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}-error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    rendered = None if kind in {"radios", "checkboxes"} else bound_field.as_widget(attrs=attrs)
    return {
        "field": bound_field,
        "kind": kind,
        "hint": hint or bound_field.help_text,
        "rendered": rendered,
    }


@register.filter
def status_tag(value: str, label: str = "") -> str:
    colour = _TAG_COLOURS.get(str(value), "grey")
    return format_html(
        '<strong class="nhsuk-tag nhsuk-tag--{}">{}</strong>', colour, label or str(value).title()
    )


@register.simple_tag
def query_string(request: Any, **changes: Any) -> str:
    """The current query string with CHANGES applied (for paging and sorting links)."""
    params = request.GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""


class _PageTitleNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        page = " ".join(self.nodelist.render(context).split())
        service = conditional_escape(context.get("qms_name") or "Quadrant")
        return f"{page} – {service}" if page else service


@register.tag
def page_title(parser: Any, token: Any) -> _PageTitleNode:
    """`{% page_title %}…{% endpage_title %}`: the page's name, then " – " and the service's
    name (the NHS style of a page's <title>), or the service's name alone."""
    nodelist = parser.parse(("endpage_title",))
    parser.delete_first_token()
    return _PageTitleNode(nodelist)
