"""Background jobs: a Job row the starter can watch, run by the django-q2 task queue.

The queue uses the database by default (so `make demo` needs no other service) and Redis when
QUADRANT_REDIS_URL is set. Handlers are registered by name; each run claims its job with a
conditional update, so a job delivered twice runs once.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.db import transaction
from django.utils import timezone

from quadrant.core.context import acting_as
from quadrant.core.models import Job, JobStatus

logger = logging.getLogger(__name__)

JobHandler = Callable[["JobContext"], dict[str, Any] | None]
_handlers: dict[str, JobHandler] = {}


def job_handler(kind: str) -> Callable[[JobHandler], JobHandler]:
    """Register FUNC as the handler of jobs of KIND."""

    def register(func: JobHandler) -> JobHandler:
        _handlers[kind] = func
        return func

    return register


@dataclass
class JobContext:
    job: Job

    @property
    def params(self) -> dict[str, Any]:
        return cast("dict[str, Any]", self.job.params)

    def progress(self, percent: float, message: str = "") -> None:
        """Record progress (0–100) where the starter can see it."""
        percent_int = max(0, min(100, int(percent)))
        Job.objects.filter(pk=self.job.pk).update(progress=percent_int, message=message[:300])
        self.job.progress, self.job.message = percent_int, message

    def log(self, line: str) -> None:
        stamp = timezone.now().strftime("%H:%M:%S")
        self.job.log += f"[{stamp}] {line}\n"
        Job.objects.filter(pk=self.job.pk).update(log=self.job.log)


def start_job(
    kind: str,
    *,
    title: str,
    actor: Any,
    params: dict[str, Any] | None = None,
    org_unit: Any = None,
) -> Job:
    """Create a queued Job and hand it to the task queue once the transaction commits."""
    if kind not in _handlers:
        raise ValueError(f"No background job handler is registered for {kind!r}.")
    with acting_as(actor):
        job = Job.objects.create(kind=kind, title=title, params=params or {}, org_unit=org_unit)
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from django_q.tasks import async_task

    async_task("quadrant.core.jobs.run_job", job_id, task_name=f"job-{job_id}")


def run_job(job_id: int) -> None:
    """Run one job (called by the worker). Idempotent: only a queued job is claimed."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = Job.objects.select_related("created_by").get(pk=job_id)
    context = JobContext(job)
    handler = _handlers.get(job.kind)
    with acting_as(job.created_by):
        try:
            if handler is None:
                raise LookupError(f"no handler for job kind {job.kind!r}")
            result = handler(context) or {}
        except Exception as exc:  # a job's failure is shown to its starter, never lost
            logger.exception("Job %s failed", job_id)
            context.log(traceback.format_exc(limit=5))
            Job.objects.filter(pk=job_id).update(
                status=JobStatus.FAILED,
                finished_at=timezone.now(),
                message=str(exc)[:300] or type(exc).__name__,
            )
            return
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.SUCCEEDED,
            finished_at=timezone.now(),
            progress=100,
            result=result,
            result_url=str(result.get("url", ""))[:300],
        )
