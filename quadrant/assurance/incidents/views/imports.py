"""Importing historical events from a CSV export (the safety team only: handling safety
events at the unit chosen): upload, choose the columns, check every row and preview the
first, then import all or nothing. The file, once read, waits in the person's session until
it is imported or replaced (nothing of it is stored before)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from quadrant.assurance.incidents.access import SAFETY_TEAM
from quadrant.assurance.incidents.import_forms import ImportColumnsForm, ImportUploadForm
from quadrant.assurance.incidents.importing import PREVIEW_ROWS, Table, guess_columns
from quadrant.assurance.incidents.services import imports
from quadrant.assurance.incidents.views.common import EVENTS_CRUMB
from quadrant.core.permissions import has_role_anywhere, require, units_where

SESSION_KEY = "safety_event_import"
IMPORT_CRUMB = {"label": "Import events", "url": reverse_lazy("assurance:safety_event_import")}
SHOWN_ERRORS = 100


def _safety_team_only(request: HttpRequest) -> None:
    if not has_role_anywhere(request.user, SAFETY_TEAM):
        require(request.user, SAFETY_TEAM)  # the house's 403 page, naming the permission


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """Step 1: the file and the unit its events belong to."""
    _safety_team_only(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid() and form.table is not None:
        table = form.table
        request.session[SESSION_KEY] = {
            "filename": form.cleaned_data["file"].name[:200],
            "unit": form.cleaned_data["org_unit"].pk,
            "header": table.header,
            "rows": table.rows,
            "numbers": table.numbers,
            "columns": guess_columns(table.header),
        }
        return redirect("assurance:safety_event_import_check")
    status = 400 if form.errors else 200
    context = {"form": form, "breadcrumbs": [EVENTS_CRUMB]}
    return render(request, "assurance/incidents/import_upload.html", context, status=status)


def _waiting(request: HttpRequest) -> tuple[dict[str, Any], Any] | None:
    """The file waiting in the session and its unit (still one where the person handles
    safety events), or None."""
    waiting = request.session.get(SESSION_KEY)
    if not isinstance(waiting, dict):
        return None
    unit = units_where(request.user, SAFETY_TEAM).filter(pk=waiting.get("unit")).first()
    return None if unit is None else (waiting, unit)


@login_required
def check(request: HttpRequest) -> HttpResponse:
    """Steps 2 to 4: which column holds what, every row checked with the first previewed,
    then the import (all the file's new events, or none)."""
    _safety_team_only(request)
    found = _waiting(request)
    if found is None:
        messages.info(request, "Upload the file of events to import first.")
        return redirect("assurance:safety_event_import")
    waiting, unit = found
    table = Table(waiting["header"], waiting["rows"], waiting["numbers"])
    form = ImportColumnsForm(request.POST or None, header=table.header, initial=waiting["columns"])
    result = None
    if request.method == "POST" and form.is_valid():
        columns = form.columns()
        request.session[SESSION_KEY] = {**waiting, "columns": columns}
        if "import" in request.POST:
            result = imports.import_events(table, columns, unit=unit, actor=request.user)
            if result.ok:
                del request.session[SESSION_KEY]
                messages.success(request, imported_message(result, waiting["filename"]))
                return redirect("assurance:safety_events")
        else:
            result = imports.check_import(table, columns, unit=unit, actor=request.user)
    context = {
        "form": form,
        "result": result,
        "errors": [str(error) for error in result.errors[:SHOWN_ERRORS]] if result else [],
        "filename": waiting["filename"],
        "unit": unit,
        "header": table.header,
        "first_rows": table.rows[:PREVIEW_ROWS],
        "row_count": len(table.rows),
        "breadcrumbs": [EVENTS_CRUMB, IMPORT_CRUMB],
    }
    failed = bool(form.errors) or (result is not None and not result.ok)
    return render(
        request, "assurance/incidents/import_check.html", context, status=400 if failed else 200
    )


def imported_message(result: Any, filename: str) -> str:
    """For example "Imported 28 events from export.csv; 2 already imported were skipped."."""
    count, skipped = len(result.events), len(result.skipped)
    words = f"Imported {count:,} event{'' if count == 1 else 's'} from {filename}"
    if skipped:
        words += f"; {skipped:,} already imported {'was' if skipped == 1 else 'were'} skipped"
    return words + "."
