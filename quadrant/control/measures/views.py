"""Pages for measures: the list, define and change, the measure page with hand entry."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from quadrant.control.measures import services
from quadrant.control.measures.filtersets import MeasureFilterSet
from quadrant.control.measures.forms import MEASURE_FIELDS, MeasureForm, ObservationEntryForm
from quadrant.control.measures.models import Measure
from quadrant.core.permissions import Capability, has_role_anywhere, may, require, restrict
from quadrant.core.services import StaleEdit
from quadrant.core.views.generic import paginate, render_stale_edit

LIST_CRUMBS = [{"label": "Home", "url": "/"}]
# What the measure list shows: a page of rows reads nothing more (no definitions, no password
# hashes of owners).
LIST_COLUMNS = (
    "code", "name", "frequency", "org_unit__name", "org_unit__path", "owner__username",
    "owner__first_name", "owner__last_name", "domain__name",
)  # fmt: skip


def visible(request: HttpRequest, code: str) -> Measure:
    """The measure CODE if the user may see it (404 otherwise, never a hint it exists)."""
    measure: Measure | None = (
        restrict(Measure.objects.all(), request.user)
        .select_related("org_unit", "owner", "domain")
        .filter(code=code)
        .first()
    )
    if measure is None:
        raise Http404("No such measure, or you may not see it.")
    return measure


@login_required
def measure_list(request: HttpRequest) -> HttpResponse:
    """Measures one may see, filtered by unit subtree, domain, owner and frequency."""
    base = restrict(Measure.objects.filter(archived_at__isnull=True), request.user)
    filters = MeasureFilterSet(request.GET, queryset=base)
    measures = (
        filters.qs.select_related("org_unit", "owner", "domain")
        .only(*LIST_COLUMNS)
        .order_by("org_unit__path", "name")
    )
    page = paginate(request, measures)
    return render(
        request,
        "control/measure_list.html",
        {
            "page": page,
            "filters": filters,
            "can_define": has_role_anywhere(request.user, Capability.DEFINE_MEASURES),
            "can_import": has_role_anywhere(request.user, Capability.ENTER_DATA),
            "breadcrumbs": LIST_CRUMBS,
        },
    )


TABLE_PERIODS_SHOWN = 52


@login_required
def measure_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The measure: definition, data table, corrections history, hand entry."""
    measure = visible(request, code)
    form = ObservationEntryForm()
    if request.method == "POST":
        require(request.user, Capability.ENTER_DATA, measure)
        form = ObservationEntryForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_observation(
                    measure,
                    data["period"],
                    value=data["value"],
                    numerator=data["numerator"],
                    denominator=data["denominator"],
                    reason=data["reason"],
                    actor=request.user,
                )
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                messages.success(request, f"Saved the value for {data['period']}.")
                return redirect(measure.get_absolute_url())
    show_all = request.GET.get("all") == "1"
    # Plain rows, not model objects: the table is read-only and may hold years of weeks.
    observations = measure.observations.order_by("-period").values(
        "period", "value", "numerator", "denominator"
    )
    total_periods = measure.observations.count()
    if not show_all:
        observations = observations[:TABLE_PERIODS_SHOWN]
    return render(
        request,
        "control/measure_detail.html",
        {
            "measure": measure,
            "observations": observations,
            "total_periods": total_periods,
            "table_truncated": not show_all and total_periods > TABLE_PERIODS_SHOWN,
            "corrections": measure.corrections.select_related("created_by")[:50],
            "targets": measure.targets.all(),
            "annotations": measure.annotations.all(),
            "form": form,
            "can_enter": may(request.user, Capability.ENTER_DATA, measure),
            "can_define": may(request.user, Capability.DEFINE_MEASURES, measure),
            "failed_feeds": measure.feeds.filter(last_status="failed", archived_at__isnull=True),
            "breadcrumbs": [*LIST_CRUMBS, {"label": "Measures", "url": "../"}],
        },
    )


@login_required
def measure_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Define a new measure, or change one (analysts and quality leads)."""
    measure = visible(request, code) if code else None
    if measure is not None:
        require(request.user, Capability.DEFINE_MEASURES, measure)
    elif not has_role_anywhere(request.user, Capability.DEFINE_MEASURES):
        require(request.user, Capability.DEFINE_MEASURES)
    form = MeasureForm(
        request.POST or None,
        instance=measure,
        user=request.user,
        initial={"version": measure.version} if measure else {},
    )
    if measure is None:
        form.fields["version"].required = False
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in MEASURE_FIELDS}
        try:
            if measure is None:
                measure = services.create_measure(data, actor=request.user)
            else:
                measure = services.update_measure(
                    measure, data, actor=request.user, expected_version=form.cleaned_data["version"]
                )
        except StaleEdit as error:
            return render_stale_edit(
                request,
                error,
                form,
                data,
                cancel_url=cast(Measure, error.current).get_absolute_url(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Saved {measure}.")
            return redirect(measure.get_absolute_url())
    return render(
        request,
        "control/measure_form.html",
        {"form": form, "measure": measure, "breadcrumbs": LIST_CRUMBS},
    )


@login_required
@require_POST
def measure_archive(request: HttpRequest, code: str) -> HttpResponse:
    measure = visible(request, code)
    try:
        services.archive_measure(measure, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(measure.get_absolute_url())
    messages.success(request, f"Archived {measure}. Its data is kept.")
    return redirect("control:measures")
