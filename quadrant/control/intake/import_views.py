"""File import pages: upload, preview and column mapping, check, then commit (all or nothing).

Files of more than INLINE_ROWS rows are imported by a background job with a progress bar.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from quadrant.control.intake.forms import MappingForm, ReadingForm, UploadForm
from quadrant.control.intake.importers import records
from quadrant.control.intake.importers.files import FileProblem, Reading
from quadrant.control.intake.importers.validation import RowError
from quadrant.control.intake.models import DataImport
from quadrant.core.permissions import Capability, has_role_anywhere, require, restrict
from quadrant.core.views.generic import add_validation_errors
from quadrant.organisation.models import OrganisationSettings
from quadrant.spc.reading.text import TextLayout

INLINE_ROWS = 5_000
CRUMBS = [{"label": "Home", "url": "/"}]


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """Step 1: choose the file (and name its source and unit)."""
    if not has_role_anywhere(request.user, Capability.ENTER_DATA):
        require(request.user, Capability.ENTER_DATA)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            record = records.start_import(
                file,
                source=form.cleaned_data["source"],
                org_unit=form.cleaned_data["org_unit"],
                actor=request.user,
            )
        except FileProblem as problem:
            for error in problem.errors:
                form.add_error("file", str(error))
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return redirect("control:import", pk=record.pk)
    return render(request, "control/import_upload.html", {"form": form, "breadcrumbs": CRUMBS})


def _visible_import(request: HttpRequest, pk: int) -> DataImport:
    record: DataImport | None = (
        restrict(DataImport.objects.all(), request.user).filter(pk=pk).first()
    )
    if record is None:
        raise Http404("No such import, or it is not yours.")
    return record


def _reading_form(request: HttpRequest, record: DataImport, data: Any = None) -> ReadingForm:
    counts = record.counts or {}
    initial = {"encoding": counts.get("encoding", ""), "header_row": counts.get("header_row", 1)}
    return ReadingForm(
        data,
        initial=initial,
        detected=counts.get("detected_encoding", ""),
        is_csv=bool(counts.get("encoding")),
    )


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 2: preview (read again another way if need be), column mapping, check; then
    import inline or as a background job."""
    record = _visible_import(request, pk)
    if request.method == "POST" and "reread" in request.POST:
        return _read_again(request, record)
    header = record.counts.get("header", [])
    form = MappingForm(
        request.POST or None,
        header=header,
        initial={**record.columns, "aggregate": record.counts.get("aggregate", "")},
    )
    result = None
    if request.method == "POST" and form.is_valid() and record.status not in records.FINISHED:
        commit = "import" in request.POST
        try:
            record = records.choose_columns(
                record, form.columns(), aggregate=form.aggregate(), actor=request.user
            )
        except ValidationError as error:
            add_validation_errors(form, error)
            return _page(request, record, form, None, status=400)
        if commit and record.row_count > INLINE_ROWS:
            job = records.queue_import(record, actor=request.user)
            return redirect(_job_url(job.pk, record.pk))
        result = records.run_import(record, actor=request.user, dry_run=not commit)
        record = records.record_outcome(record, result, committed=commit, actor=request.user)
        if result.ok and commit:
            messages.success(request, f"Imported {record.filename}: {result.summary()}.")
            return redirect("control:import", pk=record.pk)
    return _page(request, record, form, result)


def _read_again(request: HttpRequest, record: DataImport) -> HttpResponse:
    """The preview read in another encoding, or with the headings on another row."""
    reading_form = _reading_form(request, record, request.POST)
    if reading_form.is_valid():
        counts = record.counts or {}
        reading = Reading(
            encoding=reading_form.cleaned_data.get("encoding") or counts.get("encoding", ""),
            header_row=reading_form.cleaned_data["header_row"],
        )
        try:
            records.read_again(record, reading, actor=request.user)
        except FileProblem as problem:
            for error in problem.errors:
                reading_form.add_error(None, str(error))
        except ValidationError as error:
            add_validation_errors(reading_form, error)
        else:
            return redirect("control:import", pk=record.pk)
    form = MappingForm(None, header=record.counts.get("header", []), initial=record.columns)
    return _page(request, record, form, None, reading_form=reading_form, status=400)


def _page(
    request: HttpRequest,
    record: Any,
    form: Any,
    result: Any,
    status: int = 200,
    reading_form: ReadingForm | None = None,
) -> HttpResponse:
    counts = record.counts or {}
    period_column = record.columns.get("period", "")
    context = {
        "record": record,
        "form": form,
        "reading_form": reading_form or _reading_form(request, record),
        "reading": _reading_description(counts),
        "ambiguous_dates": period_column in counts.get("ambiguous_dates", []),
        "result": result,
        "error_lines": [error.shown(record.columns) for error in result.errors] if result else [],
        "warning_lines": [w.shown(record.columns) for w in _warnings(record, result)],
        "header": counts.get("header", []),
        "breadcrumbs": CRUMBS,
        "month_first": not OrganisationSettings.current().dates_day_first,
    }
    return render(request, "control/import_detail.html", context, status=status)


def _warnings(record: DataImport, result: Any) -> list[RowError]:
    """The warnings of this check, else those of the last check or import of the file."""
    if result is not None:
        return list(result.warnings)
    return [RowError(**warning) for warning in (record.counts or {}).get("warnings", [])]


def _reading_description(counts: dict[str, Any]) -> str:
    """For example "Read as Windows-1252 (…), tab-separated; the headings are on row 3"."""
    encoding = counts.get("encoding", "")
    row = f"the column headings are on row {counts.get('header_row', 1)}"
    if not encoding:
        return row[0].upper() + row[1:]
    layout = TextLayout(encoding, counts.get("delimiter") or ",")
    detected = counts.get("detected_encoding", "")
    how = "found from the file" if detected == encoding else "as you chose"
    return f"Read as {layout.description} ({how}); {row}"


def _job_url(job_id: int, import_id: int) -> str:
    try:
        return reverse("job", args=[job_id])
    except Exception:  # the jobs page is not installed: come back to the import
        return reverse("control:import", args=[import_id])
