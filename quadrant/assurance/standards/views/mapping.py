"""The mapping page of an external framework: each standard's internal standard, chosen one
at a time or for a whole group at once (the group's standards not mapped yet)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from quadrant.assurance.standards import services
from quadrant.assurance.standards.access import require_manager
from quadrant.assurance.standards.coverage import live_mappings, live_standards
from quadrant.assurance.standards.forms import GroupMappingForm, internal_choices
from quadrant.assurance.standards.views.common import (
    STANDARDS_CRUMB,
    framework_crumb,
    framework_or_404,
)
from quadrant.core.filtersets import parse_id


@login_required
def framework_mapping(request: HttpRequest, code: str) -> HttpResponse:
    framework = framework_or_404(request.user, code)
    require_manager(request.user)
    if framework.is_internal:
        raise Http404("An internal framework is mapped to, not from.")
    form = GroupMappingForm(request.POST or None)
    if request.method == "POST":
        group_id = parse_id(request.POST.get("group", ""))
        group = framework.groups.filter(pk=group_id).first() if group_id else None
        if group is None:
            form.add_error(None, "Select the group to map")
        elif form.is_valid():
            try:
                count = services.map_group(group, form.cleaned_data["internal"], actor=request.user)
            except ValidationError as error:
                form.add_error("internal", error)
            else:
                messages.success(request, f"{count} standards of {group} were mapped.")
                return redirect("assurance:framework_mapping", code=framework.code)
    mapped = dict(
        live_mappings()
        .filter(external__framework=framework)
        .values_list("external_id", "internal_id")
    )
    standards = live_standards().filter(framework=framework).select_related("group")
    groups: dict[int, dict[str, object]] = {}
    for standard in standards:
        entry = groups.setdefault(standard.group_id, {"group": standard.group, "rows": []})
        entry["rows"].append({"standard": standard, "internal": mapped.get(standard.pk)})  # type: ignore[attr-defined]
    context = {
        "framework": framework,
        "groups": list(groups.values()),
        "internal_standards": list(internal_choices()),
        "form": form,
        "breadcrumbs": [STANDARDS_CRUMB, framework_crumb(framework)],
    }
    return render(
        request,
        "assurance/standards/mapping.html",
        context,
        status=400 if form.errors else 200,
    )
