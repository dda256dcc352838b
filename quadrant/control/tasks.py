"""Background work of the control component: importing a large file."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from quadrant.control.intake.importers import records
from quadrant.control.intake.models import DataImport
from quadrant.core.jobs import JobContext, job_handler


@job_handler(records.IMPORT_JOB)
def import_file_job(context: JobContext) -> dict[str, Any]:
    """Check and import an uploaded file (all or nothing), reporting progress."""
    record = DataImport.objects.select_related("created_by").get(pk=context.params["import_id"])
    result = records.run_import(
        record, actor=record.created_by, dry_run=False, progress=context.progress
    )
    records.record_outcome(record, result, committed=True, actor=record.created_by)
    url = reverse("control:import", args=[record.pk])
    if not result.ok:
        raise ValueError(f"{result.summary()}: see {url}")
    return {"summary": result.summary(), "url": url, **result.as_dict()}


@job_handler("control.pull_feed")
def pull_feed_job(context: JobContext) -> dict[str, Any]:
    """Pull one data feed now (the "Run now" button); a failed feed fails the job."""
    from quadrant.control.intake.feeds import run_data_source
    from quadrant.control.intake.models import DataSource, FeedStatus

    summary = run_data_source(context.params["source_id"])
    source = DataSource.objects.get(pk=context.params["source_id"])
    if source.last_status == FeedStatus.FAILED:
        raise ValueError(f"{summary}: see {source.get_absolute_url()}")
    return {"summary": summary, "url": source.get_absolute_url()}
