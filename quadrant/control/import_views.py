"""File import pages: upload, preview and column mapping, check, then commit (all or nothing).

Files of more than INLINE_ROWS rows are imported by a background job with a progress bar.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from quadrant.control import services
from quadrant.control.choices import DataRoute, ImportStatus
from quadrant.control.forms import MappingForm, UploadForm
from quadrant.control.importers.files import FileProblem, guess_columns, inspect, sha256_of
from quadrant.control.importers.run import import_file
from quadrant.control.models import DataImport
from quadrant.core.context import acting_as
from quadrant.core.jobs import start_job
from quadrant.core.permissions import Action, has_role_anywhere, require, restrict

INLINE_ROWS = 5_000
CRUMBS = [{"label": "Home", "url": "/"}]


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """Step 1: choose the file (and name its source)."""
    if not has_role_anywhere(request.user, Action.ENTER_DATA):
        require(request.user, Action.ENTER_DATA)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            table = inspect(file, file.name)
        except FileProblem as problem:
            for error in problem.errors:
                form.add_error("file", str(error))
        else:
            source = form.cleaned_data["source"].strip()
            columns = services.mapping_for(source) if source else None
            with acting_as(request.user):
                record = DataImport.objects.create(
                    file=file,
                    filename=file.name[:255],
                    sha256=sha256_of(file),
                    source=source,
                    columns=columns or guess_columns(table.header),
                    row_count=table.row_count,
                    counts={"header": table.header, "preview": table.preview},
                )
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
    if request.method == "POST" and form.is_valid() and record.status != ImportStatus.IMPORTED:
        columns = form.columns()
        commit = "import" in request.POST
        record.columns = columns
        record.save(update_fields=["columns"])
        services.remember_mapping(record.source, columns, actor=request.user)
        if commit and record.row_count > INLINE_ROWS:
            job = start_job(
                "control.import_file",
                title=f"Import {record.filename}",
                actor=request.user,
                params={"import_id": record.pk},
            )
            DataImport.objects.filter(pk=record.pk).update(job=job, status=ImportStatus.RUNNING)
            return redirect(_job_url(job.pk, record.pk))
        with record.file.open("rb") as handle:
            result = import_file(
                handle,
                filename=record.filename,
                columns=columns,
                actor=request.user,
                source=record.source or record.filename,
                route=DataRoute.FILE,
                dry_run=not commit,
            )
        record.errors = [error.as_dict() for error in result.errors]
        record.status = (
            ImportStatus.INVALID
            if not result.ok
            else ImportStatus.IMPORTED
            if commit
            else ImportStatus.VALID
        )
        record.save(update_fields=["errors", "status"])
        if result.ok and commit:
            messages.success(request, f"Imported {record.filename}: {result.summary()}.")
            return redirect("control:import", pk=record.pk)
    return render(
        request,
        "control/import_detail.html",
        {"record": record, "form": form, "result": result, "header": header, "breadcrumbs": CRUMBS},
    )


def _job_url(job_id: int, import_id: int) -> str:
    try:
        return reverse("job", args=[job_id])
    except Exception:  # the jobs page is not installed: come back to the import
        return reverse("control:import", args=[import_id])
