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

from quadrant.control.choices import DataRoute
from quadrant.control.intake.forms import MappingForm, UploadForm
from quadrant.control.intake.importers import records
from quadrant.control.intake.importers.files import FileProblem
from quadrant.control.intake.importers.run import import_file
from quadrant.control.intake.models import DataImport
from quadrant.core.permissions import Capability, has_role_anywhere, require, restrict
from quadrant.core.views.generic import add_validation_errors

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


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 2: preview, column mapping, check; then import inline or as a background job."""
    record = restrict(DataImport.objects.all(), request.user).filter(pk=pk).first()
    if record is None:
        raise Http404("No such import, or it is not yours.")
    header = record.counts.get("header", [])
    form = MappingForm(request.POST or None, header=header, initial=record.columns)
    result = None
    if request.method == "POST" and form.is_valid() and record.status not in records.FINISHED:
        commit = "import" in request.POST
        try:
            record = records.choose_columns(record, form.columns(), actor=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
            return _page(request, record, form, None, header, status=400)
        if commit and record.row_count > INLINE_ROWS:
            job = records.queue_import(record, actor=request.user)
            return redirect(_job_url(job.pk, record.pk))
        with record.file.open("rb") as handle:
            result = import_file(
                handle,
                filename=record.filename,
                columns=record.columns,
                actor=request.user,
                source=record.source or record.filename,
                route=DataRoute.FILE,
                dry_run=not commit,
            )
        record = records.record_outcome(record, result, committed=commit, actor=request.user)
        if result.ok and commit:
            messages.success(request, f"Imported {record.filename}: {result.summary()}.")
            return redirect("control:import", pk=record.pk)
    return _page(request, record, form, result, header)


def _page(
    request: HttpRequest, record: Any, form: Any, result: Any, header: list[str], status: int = 200
) -> HttpResponse:
    context = {
        "record": record,
        "form": form,
        "result": result,
        "error_lines": [error.shown(record.columns) for error in result.errors] if result else [],
        "header": header,
        "breadcrumbs": CRUMBS,
    }
    return render(request, "control/import_detail.html", context, status=status)


def _job_url(job_id: int, import_id: int) -> str:
    try:
        return reverse("job", args=[job_id])
    except Exception:  # the jobs page is not installed: come back to the import
        return reverse("control:import", args=[import_id])
