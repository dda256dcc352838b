"""Driver diagram pages: the list, the editor (HTMX partials: add, rename, reorder, move,
remove, link, without a page reload; plain forms without script) and the exports. Under each
node the page lists what other components link to it (improvement's projects) through the
link registry (quadrant.core.links), so planning imports none of them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from quadrant.core.links import links_to
from quadrant.core.permissions import Capability, may, require, restrict
from quadrant.core.security import exported
from quadrant.core.views.generic import (
    form_page,
    stream_csv,
    visible_or_404,
)
from quadrant.planning import diagrams, forms
from quadrant.planning.choices import CHILD_KIND, DriverKind
from quadrant.planning.models import DriverDiagram, DriverNode, DriverNodeLink
from quadrant.planning.svg import PngUnavailable, render_png, render_svg

DIAGRAMS_CRUMB = {"label": "Driver diagrams", "url": reverse_lazy("planning:diagrams")}


def _diagram(user: Any, pk: int) -> DriverDiagram:
    related = DriverDiagram.objects.select_related("org_unit", "goal")
    diagram: DriverDiagram = visible_or_404(DriverDiagram, user, pk, related, live=True)
    return diagram


def _tree(diagram: DriverDiagram, user: Any) -> diagrams.DiagramNode | None:
    """The diagram's tree with only the links to measures and goals USER may see: a diagram
    read from below may link to another ward's measure, and the page and every export show
    the same (two queries)."""
    root = diagrams.load_tree(diagram)
    items = [item for item, _depth in diagrams.walk(root)]
    links = [link for item in items for link in item.links]
    seen: dict[str, set[int]] = {}
    for name in ("measure", "goal"):
        model: Any = DriverNodeLink._meta.get_field(name).related_model  # no import of control
        ids = {getattr(link, f"{name}_id") for link in links} - {None}
        found = restrict(model.objects.filter(pk__in=ids), user, Capability.VIEW) if ids else None
        seen[name] = set(found.values_list("pk", flat=True)) if found is not None else set()
    for item in items:
        item.links = [
            link for link in item.links
            if link.measure_id in seen["measure"] or link.goal_id in seen["goal"]
        ]  # fmt: skip
    return root


@login_required
def diagram_list(request: HttpRequest) -> HttpResponse:
    found = restrict(DriverDiagram.objects.all(), request.user, Capability.VIEW).filter(
        archived_at__isnull=True
    )
    context = {
        "diagrams": found.select_related("org_unit", "goal"),
        "can_edit": may(request.user, Capability.EDIT_GOALS),
        "breadcrumbs": [{"label": "Planning", "url": reverse_lazy("planning:home")}],
    }
    return render(request, "planning/diagram_list.html", context)


@login_required
def diagram_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.EDIT_GOALS)
    return form_page(
        request,
        forms.DiagramForm(request.POST or None, user=request.user),
        lambda data: diagrams.create_driver_diagram(actor=request.user, **data),
        success=lambda diagram: f"“{diagram}” has been added. Now add its drivers.",
        title="Add a driver diagram",
        breadcrumbs=[DIAGRAMS_CRUMB],
    )


def _editor_context(
    request: HttpRequest, diagram: DriverDiagram, error: str = ""
) -> dict[str, Any]:
    root = _tree(diagram, request.user)
    rows = diagrams.walk(root)
    parents_by_kind: dict[str, list[DriverNode]] = {}
    for item, _ in rows:
        parents_by_kind.setdefault(item.node.kind, []).append(item.node)
    targets = {
        kind: parents_by_kind.get(parent_kind, []) for parent_kind, kind in CHILD_KIND.items()
    }
    nodes = [item.node for item, _ in rows]
    linked = links_to(nodes, request.user)  # projects and the like, from other components
    return {
        "diagram": diagram,
        "rows": [
            {
                "item": item,
                "depth": depth,
                "child_kind": CHILD_KIND.get(item.node.kind),
                "child_label": DriverKind(CHILD_KIND[item.node.kind]).label.lower()
                if item.node.kind in CHILD_KIND
                else "",
                "move_targets": [
                    t for t in targets.get(item.node.kind, []) if t.pk != item.node.parent_id
                ],
                "linked": linked.get(item.node.pk, []),
            }
            for item, depth in rows
        ],
        "svg": render_svg(diagram.title, root),
        "can_edit": may(request.user, Capability.EDIT_GOALS, diagram),
        "error": error,
    }


@login_required
def diagram_detail(request: HttpRequest, pk: int) -> HttpResponse:
    diagram = _diagram(request.user, pk)
    context = _editor_context(request, diagram)
    context["breadcrumbs"] = [DIAGRAMS_CRUMB]
    return render(request, "planning/diagram_detail.html", context)


def _node(user: Any, pk: int) -> DriverNode:
    related = DriverNode.objects.select_related("diagram__org_unit")
    node: DriverNode = visible_or_404(
        DriverNode, user, pk, related, live=True, what="part of a driver diagram"
    )
    return node


def _answer(request: HttpRequest, diagram: DriverDiagram, error: str = "") -> HttpResponse:
    """The editor partial for HTMX (no reload); otherwise back to the page with a message."""
    if getattr(request, "htmx", False):
        context = _editor_context(request, diagram, error)
        return render(request, "planning/includes/diagram_editor.html", context)
    if error:
        messages.error(request, error)
    return redirect(diagram)


def _node_action(request: HttpRequest, pk: int, write: Any) -> HttpResponse:
    node = _node(request.user, pk)
    require(request.user, Capability.EDIT_GOALS, node.diagram)
    try:
        write(node)
    except ValidationError as error:
        return _answer(request, node.diagram, " ".join(error.messages))
    return _answer(request, node.diagram)


def _node_text_action(request: HttpRequest, pk: int, write: Any) -> HttpResponse:
    """``_node_action`` with the posted text: ``write(node, text, actor=...)``."""
    text = request.POST.get("text", "")
    return _node_action(request, pk, lambda node: write(node, text, actor=request.user))


@login_required
@require_POST
def node_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _node_text_action(request, pk, diagrams.add_driver_node)


@login_required
@require_POST
def node_rename(request: HttpRequest, pk: int) -> HttpResponse:
    return _node_text_action(request, pk, diagrams.rename_driver_node)


@login_required
@require_POST
def node_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    direction = "up" if request.POST.get("direction") == "up" else "down"
    return _node_action(
        request,
        pk,
        lambda node: diagrams.reorder_driver_node(node, direction, actor=request.user),
    )


@login_required
@require_POST
def node_move(request: HttpRequest, pk: int) -> HttpResponse:
    target = request.POST.get("parent", "")
    position = request.POST.get("position", "")

    def move(node: DriverNode) -> Any:
        if not target.isdigit():
            raise ValidationError("Choose where to move it.")
        parent = _node(request.user, int(target))
        return diagrams.move_driver_node(
            node,
            parent,
            int(position) if position.isdigit() else None,
            actor=request.user,
        )

    return _node_action(request, pk, move)


@login_required
@require_POST
def node_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return _node_action(
        request, pk, lambda node: diagrams.remove_driver_node(node, actor=request.user)
    )


@login_required
@require_POST
def node_link(request: HttpRequest, pk: int) -> HttpResponse:
    form = forms.MeasureLinkForm(
        {"code": request.POST.get("code", ""), "role": "outcome"}, user=request.user
    )

    def link(node: DriverNode) -> Any:
        if not form.is_valid():
            raise ValidationError(list(form.errors["code"]))
        return diagrams.link_node(node, measure=form.cleaned_data["code"], actor=request.user)

    return _node_action(request, pk, link)


@login_required
@require_POST
def node_unlink(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    link = DriverNodeLink.objects.filter(node_id=pk, pk=link_pk).first()
    if link is None:
        raise Http404("That link does not exist.")
    return _node_action(request, pk, lambda node: diagrams.unlink_node(link, actor=request.user))


# ---------------------------------------------------------------- exports


def _filename(diagram: DriverDiagram, extension: str) -> str:
    from django.utils.text import slugify

    return f"{slugify(diagram.title) or 'driver-diagram'}.{extension}"


@login_required
def diagram_svg(request: HttpRequest, pk: int) -> HttpResponse:
    diagram = _diagram(request.user, pk)
    root = _tree(diagram, request.user)
    response = HttpResponse(
        render_svg(diagram.title, root), content_type="image/svg+xml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(diagram, "svg")}"'
    return exported(request, response, f"driver diagram {diagram.pk} SVG", rows=_count(root))


def _count(root: diagrams.DiagramNode | None) -> int:
    return len(diagrams.walk(root))


@login_required
def diagram_png(request: HttpRequest, pk: int) -> HttpResponse:
    diagram = _diagram(request.user, pk)
    root = _tree(diagram, request.user)
    try:
        png = render_png(render_svg(diagram.title, root))
    except PngUnavailable as error:
        messages.error(request, str(error))
        return redirect(diagram)
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="{_filename(diagram, "png")}"'
    return exported(request, response, f"driver diagram {diagram.pk} PNG", rows=_count(root))


@login_required
def diagram_csv(request: HttpRequest, pk: int) -> HttpResponseBase:
    diagram = _diagram(request.user, pk)
    rows = [
        [
            item.node.pk,
            item.node.parent_id or "",
            depth,
            item.node.get_kind_display(),
            item.node.text,
            "; ".join(link.measure.code for link in item.links if link.measure),
            "; ".join(link.goal.title for link in item.links if link.goal),
        ]
        for item, depth in diagrams.walk(_tree(diagram, request.user))
    ]
    header = ["id", "parent id", "level", "kind", "text", "measures", "goals"]
    response = stream_csv(_filename(diagram, "csv"), header, rows)
    return exported(request, response, f"driver diagram {diagram.pk} CSV", rows=len(rows))
