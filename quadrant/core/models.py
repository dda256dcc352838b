"""Base model and infrastructure records: jobs and API tokens (the logs are in core.logs)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from contextvars import ContextVar
from typing import Any, ClassVar

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from quadrant.core import history
from quadrant.core.context import current_actor
from quadrant.core.logs import HistoryChainHead, HistoryEvent, SecurityEvent

# Set while bulk_update runs: Django's bulk_update calls update(), which must not record again.
_in_bulk_update: ContextVar[bool] = ContextVar("quadrant_in_bulk_update", default=False)


class RecordedQuerySet(models.QuerySet[Any]):
    """Queryset whose bulk writes are recorded in the change history (one event per call)."""

    def _tracked_names(self, names: list[str]) -> list[str]:
        ignored: frozenset[str] = getattr(self.model, "history_ignored_fields", frozenset())
        return [name for name in names if name not in ignored]

    def update(self, **kwargs: Any) -> int:
        tracked = self._tracked_names(list(kwargs))
        if not tracked or _in_bulk_update.get():
            return super().update(**kwargs)
        attnames = [self.model._meta.get_field(name).attname for name in tracked]
        with transaction.atomic(using=self.db):
            before = {row[0]: row[1:] for row in self.values_list("pk", *attnames)}
            count = super().update(**kwargs)
            after = self.model._base_manager.filter(pk__in=list(before)).values_list(
                "pk", *attnames
            )
            rows = []
            for pk, *new_values in after:
                old_values = before.get(pk, ())
                changes = {
                    name: history.field_change(self.model, name, old, new)
                    for name, old, new in zip(attnames, old_values, new_values, strict=False)
                    if old != new
                }
                if changes:
                    rows.append({"id": history.to_history_value(pk), "changes": changes})
            history.record_bulk(self.model, "update", len(rows), rows)
        return count

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Any]:
        objs = list(objs)
        actor = current_actor()
        actor_id = getattr(actor, "pk", None)
        now = timezone.now()
        for obj in objs:
            if isinstance(obj, QuadrantModel):
                # by id: reading obj.created_by would fetch the person once per row
                obj.created_by_id = obj.created_by_id or actor_id
                obj.updated_by_id = obj.updated_by_id or actor_id
                obj.created_at = obj.created_at or now
                obj.updated_at = now
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            # Every created row with its values (secrets as placeholders), as a save would be.
            rows = [
                {
                    "id": history.to_history_value(obj.pk),
                    "changes": history.creation_changes(self.model, history.snapshot(obj)),
                }
                for obj in created[: history.BULK_ROWS_KEPT + 1]
            ]
            history.record_bulk(self.model, "create", len(created), rows)
        return created

    def bulk_update(self, objs: Any, fields: Any, *args: Any, **kwargs: Any) -> int:
        objs = list(objs)
        tracked = self._tracked_names(list(fields))
        if not tracked:
            return super().bulk_update(objs, fields, *args, **kwargs)
        attnames = [self.model._meta.get_field(name).attname for name in tracked]
        with transaction.atomic(using=self.db):
            before: dict[Any, tuple[Any, ...]] = {}
            pks = [obj.pk for obj in objs]
            for start in range(0, len(pks), 5000):
                chunk = pks[start : start + 5000]
                for row in self.model._base_manager.filter(pk__in=chunk).values_list(
                    "pk", *attnames
                ):
                    before[row[0]] = row[1:]
            token = _in_bulk_update.set(True)
            try:
                count = super().bulk_update(objs, fields, *args, **kwargs)
            finally:
                _in_bulk_update.reset(token)
            rows = []
            for obj in objs:
                old_values = before.get(obj.pk, ())
                changes = {
                    name: history.field_change(self.model, name, old, getattr(obj, name))
                    for name, old in zip(attnames, old_values, strict=False)
                    if old != getattr(obj, name)
                }
                if changes:
                    rows.append({"id": history.to_history_value(obj.pk), "changes": changes})
            history.record_bulk(self.model, "update", len(rows), rows)
        return count

    def delete(self) -> tuple[int, dict[str, int]]:
        with transaction.atomic(using=self.db):
            pks = list(self.values_list("pk", flat=True))
            result = super().delete()
            history.record_bulk(
                self.model, "delete", len(pks), [{"id": history.to_history_value(pk)} for pk in pks]
            )
        return result


class RecordedModel(models.Model):
    """Any model whose saves and deletes are recorded in the change history.

    `history_ignored_fields`: bookkeeping fields whose change alone is not worth an event.
    `history_secret_fields`: recorded only as "[changed]", by every write path (password hashes,
    token digests, TOTP secrets); tests/security/test_history_secrets.py holds every model to it.
    `sensitive_fields`: recorded, but shown only to people entitled to see them.
    """

    history_ignored_fields: ClassVar[frozenset[str]] = frozenset(
        {"created_at", "updated_at", "updated_by", "version"}
    )
    history_secret_fields: ClassVar[frozenset[str]] = frozenset()
    sensitive_fields: ClassVar[frozenset[str]] = frozenset()
    _history_snapshot: dict[str, Any] | None = None  # the tracked values as last saved
    _history_loaded: tuple[Any, Any] | None = None  # (field names, values) as last read

    objects = RecordedQuerySet.as_manager()  # queryset writes are audited too

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        creating = self._state.adding
        with transaction.atomic():
            old = self._loaded_snapshot()
            if not creating and old is None and self.pk is not None:
                stored = type(self)._base_manager.filter(pk=self.pk).first()
                old = history.snapshot(stored) if stored is not None else {}
            super().save(*args, **kwargs)
            new = history.snapshot(self)
            if creating:
                history.record_instance(self, "create", history.creation_changes(type(self), new))
            else:
                changes = history.diff(type(self), old or {}, new)
                if changes:
                    history.record_instance(self, self._update_action(changes), changes)
        self._history_snapshot, self._history_loaded = new, None

    def _update_action(self, changes: dict[str, list[Any]]) -> str:
        if "archived_at" in changes:
            return "archive" if changes["archived_at"][1] else "restore"
        return "update"

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        with transaction.atomic():
            changes = history.deletion_changes(type(self), history.snapshot(self))
            history.record_instance(self, "delete", changes)
            return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Any:
        instance = super().from_db(db, field_names, values)
        # The row as read, kept for the old → new of a later save(): the snapshot is worked
        # out only then, as most rows are read to be shown, never saved. A partial row
        # (.only()/.defer()) is not kept; save() re-reads the stored row instead.
        if len(values) == len(cls._meta.concrete_fields):
            instance._history_loaded = (field_names, values)
        return instance

    def _loaded_snapshot(self) -> dict[str, Any] | None:
        """The snapshot of the row as last read or saved, or None when it is not known."""
        snapshot = getattr(self, "_history_snapshot", None)
        loaded = getattr(self, "_history_loaded", None)
        if snapshot is None and loaded is not None:
            row = dict(zip(*loaded, strict=True))
            snapshot = {f.attname: row[f.attname] for f in history.tracked_fields(type(self))}
        return snapshot

    def history_unit_id(self) -> int | None:
        """The org unit that scopes this object's history rows (override where it differs)."""
        return getattr(self, "org_unit_id", None)


def _actor_stamp() -> models.ForeignKey[Any]:
    """Who created or last changed a record: optional, set by the code, never deleted away."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )


class QuadrantModel(RecordedModel):
    """Base of every domain record: stamps, actors, archive instead of delete, a version."""

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = _actor_stamp()
    updated_by = _actor_stamp()
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects: ClassVar[models.Manager[Any]] = RecordedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        actor = current_actor()
        self.updated_at = timezone.now()
        if actor is not None:
            self.updated_by = actor
            if self._state.adding and self.created_by_id is None:
                self.created_by = actor
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at", "updated_by"}
        super().save(*args, **kwargs)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


__all__ = [
    "ApiToken", "HistoryChainHead", "HistoryEvent", "Job", "JobStatus", "QuadrantModel",
    "RecordedModel", "RecordedQuerySet", "SecurityEvent",
]  # fmt: skip


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Finished"
    FAILED = "failed", "Failed"


class Job(QuadrantModel):
    """A piece of background work that its starter can watch and come back to."""

    history_ignored_fields = frozenset(
        {"created_at", "updated_at", "updated_by", "version", "progress", "message", "log"}
    )

    kind = models.CharField(max_length=80)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    log = models.TextField(blank=True)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    org_unit = models.ForeignKey(
        "organisation.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result_url = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.SUCCEEDED, JobStatus.FAILED}


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(QuadrantModel):
    """A personal API token; only its hash is stored. Expires and can be revoked."""

    history_ignored_fields = frozenset(
        {"created_at", "updated_at", "updated_by", "version", "last_used_at"}
    )
    history_secret_fields = frozenset({"key_hash"})

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, default="API token")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, person: Any, name: str = "API token") -> tuple[ApiToken, str]:
        """Create a token for PERSON; returns the row and the clear key (shown once)."""
        key = secrets.token_urlsafe(32)
        days = settings.API_TOKEN_DAYS
        token = cls.objects.create(
            person=person,
            name=name,
            key_hash=hash_token(key),
            prefix=key[:8],
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
        return token, key

    def history_unit_id(self) -> int | None:
        return None

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
