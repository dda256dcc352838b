"""Scheduled pulls of data feeds: read a file or URL, import it through the one upsert.

`run_data_source(pk)` is what the django-q2 schedule calls; it is idempotent (a feed that has
not changed imports as "nothing to change") and records the outcome on the DataSource, where
the owner of the feed and the owners of its measures see a failure.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from quadrant.control.choices import DataRoute
from quadrant.control.intake.models import DataSource, FeedKind, FeedSchedule, FeedStatus
from quadrant.core.permissions import Capability, require
from quadrant.core.safe_fetch import FetchFailed, FetchLimits, FetchRefused, fetch_url, url_problem
from quadrant.core.services import create_object, update_object

SCHEDULED_FUNC = "quadrant.control.intake.feeds.run_data_source"


# Answers that are web pages or programs, not data files: refused without reading them back.
NOT_DATA_TYPES = ("text/html", "application/xhtml", "application/javascript", "text/javascript")
SHOWN_ERRORS = 10
SHOWN_ERROR_LENGTH = 160


class FeedProblem(Exception):
    """The feed could not be read."""


def fetch_limits() -> FetchLimits:
    """The allow-list, time-outs and size cap of URL feeds (settings, see configuration.md)."""
    return FetchLimits(
        allowed_hosts=tuple(getattr(settings, "QUADRANT_FEED_ALLOWED_HOSTS", ())),
        connect_timeout=getattr(settings, "QUADRANT_FEED_CONNECT_TIMEOUT", 10),
        read_timeout=getattr(settings, "QUADRANT_FEED_READ_TIMEOUT", 60),
        max_bytes=int(getattr(settings, "QUADRANT_FEED_MAX_MB", 500) * 1024 * 1024),
        setting="QUADRANT_FEED_ALLOWED_HOSTS",
        what="feed address",
    )


def feeds_root() -> Path:
    """The folder file feeds must be under (QUADRANT_FEEDS_DIR, or var/feeds)."""
    return Path(getattr(settings, "QUADRANT_FEEDS_DIR", settings.VAR_DIR / "feeds")).resolve()


def location_problem(kind: str, location: str) -> str | None:
    """Why LOCATION cannot be a feed of KIND (None: it can)."""
    location = location.strip()
    if not location:
        return "Enter where the feed is."
    if kind == FeedKind.URL:
        return url_problem(location, fetch_limits())
    root = feeds_root()
    path = (root / location).resolve()
    if not path.is_relative_to(root):
        return f"A file feed must be in the feeds folder ({root})."
    return None


def _check(data: dict[str, Any]) -> None:
    problem = location_problem(data.get("kind", FeedKind.FILE), data.get("location", ""))
    if problem:
        raise ValidationError({"location": problem})


def save_data_source(source: DataSource | None, data: dict[str, Any], *, actor: Any) -> DataSource:
    """Create (SOURCE None) or change a feed, and put it on its schedule. Needs the right to
    define measures at its unit."""
    require(actor, Capability.DEFINE_MEASURES, data.get("org_unit") or source)
    _check({**({} if source is None else {"kind": source.kind, "location": source.location}),
            **data})  # fmt: skip
    with transaction.atomic():
        if source is None:
            source = create_object(DataSource, {"owner": actor, **data}, actor=actor)
        else:
            source = update_object(source, data, actor=actor)
        sync_schedule(source)
    return source


def archive_data_source(source: DataSource, *, actor: Any) -> DataSource:
    """Stop a feed (its schedule is removed; what it imported stays)."""
    require(actor, Capability.DEFINE_MEASURES, source)
    with transaction.atomic():
        source = update_object(source, {"archived_at": timezone.now()}, actor=actor)
        sync_schedule(source)
    return source


def sync_schedule(source: DataSource) -> None:
    """The django-q2 Schedule that runs the feed daily or weekly (removed when archived)."""
    from django_q.models import Schedule

    if source.archived_at is not None:
        Schedule.objects.filter(name=source.schedule_name).delete()
        return
    kind = Schedule.DAILY if source.schedule == FeedSchedule.DAILY else Schedule.WEEKLY
    Schedule.objects.update_or_create(
        name=source.schedule_name,
        defaults={"func": SCHEDULED_FUNC, "args": repr(source.pk), "schedule_type": kind},
    )


def fetch(source: DataSource) -> tuple[bytes, str]:
    """The feed's content and a file name for it; FeedProblem when it cannot be read."""
    problem = location_problem(source.kind, source.location)
    if problem:
        raise FeedProblem(problem)
    limits = fetch_limits()
    if source.kind == FeedKind.URL:
        return _fetch_url(source.location.strip(), limits)
    path = (feeds_root() / source.location.strip()).resolve()
    try:
        with path.open("rb") as handle:
            content = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        raise FeedProblem(f"could not read {path}: {exc.strerror or exc}") from exc
    if len(content) > limits.max_bytes:
        raise FeedProblem(f"the feed is larger than {limits.max_bytes / 1024 / 1024:g} MB")
    return content, path.name


def _fetch_url(location: str, limits: FetchLimits) -> tuple[bytes, str]:
    try:
        fetched = fetch_url(location, limits)
    except FetchRefused as exc:
        raise FeedProblem(str(exc)) from exc
    except FetchFailed as exc:
        raise FeedProblem(f"could not fetch the feed: {exc}") from exc
    kind = fetched.content_type.split(";", 1)[0].strip().lower()
    if kind.startswith(NOT_DATA_TYPES):
        raise FeedProblem(
            f"the feed address answered with a web page ({kind}), not a CSV, Excel or FHIR "
            "file: check the address"
        )
    return fetched.content, urlsplit(fetched.url).path.rsplit("/", 1)[-1] or "feed.csv"


def shown_errors(errors: list[Any]) -> str:
    """The first import errors, each cut short: they name the row, column and problem of the
    feed's data, never a dump of whatever the address answered."""
    lines = [str(error) for error in errors[:SHOWN_ERRORS]]
    return "\n".join(
        line if len(line) <= SHOWN_ERROR_LENGTH else line[: SHOWN_ERROR_LENGTH - 1] + "…"
        for line in lines
    )


def _finish(source: DataSource, status: str, summary: str, error: str = "", **more: Any) -> None:
    DataSource.objects.filter(pk=source.pk).update(
        last_run_at=timezone.now(), last_status=status, last_summary=summary[:300],
        last_error=error, **more,
    )  # fmt: skip


def run_data_source(source_id: int) -> str:
    """Pull feed SOURCE_ID now and import it, all or nothing; record and return the outcome."""
    from quadrant.control.intake.importers.files import (
        FileProblem,
        Reading,
        guess_columns,
        inspect,
    )
    from quadrant.control.intake.importers.mappings import header_row_of
    from quadrant.control.intake.importers.run import import_file

    source = DataSource.objects.select_related("owner", "mapping").filter(pk=source_id).first()
    if source is None or source.archived_at is not None:
        return "No such feed (or it was stopped)."
    try:
        content, name = fetch(source)
        handle = io.BytesIO(content)
        columns = source.mapping.columns if source.mapping else None
        reading = Reading(header_row=header_row_of(columns))  # 0: found from the file
        if not columns:
            columns = guess_columns(inspect(handle, name, reading).header)
        result = import_file(
            handle, filename=name, columns=columns, actor=source.owner,
            source=f"feed {source.name}", route=DataRoute.PULL, reading=reading,
        )  # fmt: skip
    except (FeedProblem, FileProblem) as exc:
        shown = shown_errors(exc.errors) if isinstance(exc, FileProblem) else str(exc)
        _finish(source, FeedStatus.FAILED, "The feed could not be read", shown)
        return f"Failed: {shown}"
    if not result.ok:
        shown = shown_errors(result.errors)
        _finish(source, FeedStatus.FAILED, result.summary(), shown)
        return f"Failed: {result.summary()}"
    _finish(source, FeedStatus.OK, result.summary())
    if result.measure_ids:
        source.measures.add(*result.measure_ids)
    return result.summary()


def failed_feeds_for(user: Any) -> Any:
    """Failed feeds the user owns, or that bring data for measures they own."""
    return (
        DataSource.objects.filter(last_status=FeedStatus.FAILED, archived_at__isnull=True)
        .filter(Q(owner=user) | Q(measures__owner=user))
        .distinct()
        .order_by("name")
    )
