"""Pages of scheduled data feeds: list, add or change, and the last run (with "Run now")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from quadrant.control.intake import feeds
from quadrant.control.intake.importers.mappings import usable_mappings
from quadrant.control.intake.models import DataSource
from quadrant.core.jobs import start_job
from quadrant.core.permissions import (
    Capability,
    has_role_anywhere,
    may,
    require,
    restrict,
    units_where,
)
from quadrant.core.views.generic import visible_or_404

CRUMBS = [{"label": "Home", "url": "/"}, {"label": "Measures", "url": "/control/measures/"}]


if TYPE_CHECKING:  # Django's forms are generic over the model in the stubs only
    _DataSourceModelForm = forms.ModelForm[DataSource]
else:
    _DataSourceModelForm = forms.ModelForm


class DataSourceForm(_DataSourceModelForm):
    class Meta:
        model = DataSource
        fields = ["name", "kind", "location", "mapping", "schedule", "org_unit"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = cast("forms.ModelChoiceField[Any]", self.fields["org_unit"])
        unit.queryset = units_where(user, Capability.DEFINE_MEASURES)
        unit.label = "Unit"
        mapping = cast("forms.ModelChoiceField[Any]", self.fields["mapping"])
        mapping.queryset = usable_mappings(user)  # only mappings one may use
        mapping.label = "Column mapping"
        self.fields["kind"].label = "Where it is"


def _feed(request: HttpRequest, pk: int) -> DataSource:
    feed: DataSource = visible_or_404(DataSource, request.user, pk, what="data feed")
    return feed


@login_required
def feed_list(request: HttpRequest) -> HttpResponse:
    """Feeds one may see, failed ones first."""
    rows = restrict(DataSource.objects.filter(archived_at__isnull=True), request.user)
    rows = rows.select_related("owner", "org_unit").order_by("-last_status", "name")
    return render(
        request,
        "control/feed_list.html",
        {
            "feeds": rows,
            "can_add": has_role_anywhere(request.user, Capability.DEFINE_MEASURES),
            "breadcrumbs": CRUMBS,
        },
    )


@login_required
def feed_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add a feed, or change one (analysts and quality leads of its unit)."""
    source = _feed(request, pk) if pk else None
    if source is not None:
        require(request.user, Capability.DEFINE_MEASURES, source)
    elif not has_role_anywhere(request.user, Capability.DEFINE_MEASURES):
        require(request.user, Capability.DEFINE_MEASURES)
    form = DataSourceForm(request.POST or None, instance=source, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            saved = feeds.save_data_source(source, data, actor=request.user)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(
                request,
                f"Saved the feed {saved.name}; it runs {saved.get_schedule_display().lower()}.",
            )
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "control/feed_form.html",
        {
            "form": form,
            "source": source,
            "breadcrumbs": [*CRUMBS, {"label": "Data feeds", "url": "/control/measures/feeds/"}],
        },
    )


@login_required
def feed_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The feed, its last run and the problems it found."""
    source = _feed(request, pk)
    return render(
        request,
        "control/feed_detail.html",
        {
            "source": source,
            "measures": source.measures.order_by("code")[:100],
            "can_run": may(request.user, Capability.DEFINE_MEASURES, source),
            "breadcrumbs": [*CRUMBS, {"label": "Data feeds", "url": "/control/measures/feeds/"}],
        },
    )


@login_required
@require_POST
def feed_run(request: HttpRequest, pk: int) -> HttpResponse:
    """Run the feed now, as a background job."""
    source = _feed(request, pk)
    require(request.user, Capability.DEFINE_MEASURES, source)
    start_job(
        "control.pull_feed",
        title=f"Pull the feed {source.name}",
        actor=request.user,
        params={"source_id": source.pk},
    )
    messages.success(request, f"The feed {source.name} is being pulled now.")
    return redirect(source.get_absolute_url())
