"""The change history on screen: each object's "History" and the organisation-wide change history.

Sensitive fields (a model's `sensitive_fields`) are shown as "[redacted]" to anyone without
Capability.SEE_PII on the object, on the pages and in the CSV export alike.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from quadrant.core.api.views import history_events_for
from quadrant.core.history import CHANGED_SECRET, REDACTED
from quadrant.core.models import HistoryEvent, RecordedModel
from quadrant.core.permissions import Capability, may, require, restrict, units_where
from quadrant.core.security import exported, log_security_event
from quadrant.core.views.generic import paginate, stream_csv
from quadrant.core.widgets import NhsDateField


def history_url(obj: models.Model) -> str:
    """The address of OBJ's History page."""
    return reverse("history", args=[obj._meta.label_lower, obj.pk])


# ---------------------------------------------------------------- redaction and display


def _sensitive(model: type[models.Model] | None) -> frozenset[str]:
    """Sensitive field names of MODEL, by name and by attname (history rows use attnames)."""
    names = frozenset(getattr(model, "sensitive_fields", frozenset())) if model else frozenset()
    if not names:
        return names
    attnames = {model._meta.get_field(name).attname for name in names}  # type: ignore[union-attr]
    return names | attnames


def redact(changes: Any, sensitive: frozenset[str]) -> Any:
    """CHANGES with the values of SENSITIVE fields replaced by "[redacted]" (rows included)."""
    if not sensitive or not isinstance(changes, dict):
        return changes
    cleaned: dict[str, Any] = {}
    for key, value in changes.items():
        if key in sensitive:
            cleaned[key] = [REDACTED, REDACTED] if isinstance(value, list) else REDACTED
        elif key in {"rows", "created_rows"} and isinstance(value, list):
            cleaned[key] = [
                {**row, "changes": redact(row.get("changes", {}), sensitive)}
                if isinstance(row, dict)
                else row
                for row in value
            ]
        else:
            cleaned[key] = value
    return cleaned


class Redactor:
    """Decides, per event, whether USER may see the sensitive fields it records."""

    def __init__(self, user: Any, obj: models.Model | None = None) -> None:
        self.user = user
        self.obj = obj
        self._by_unit: dict[int | None, bool] = {}
        self.revealed = False

    def _may_see(self, event: HistoryEvent) -> bool:
        if self.obj is not None:
            key = None
            if key not in self._by_unit:
                self._by_unit[key] = may(self.user, Capability.SEE_PII, self.obj)
            return self._by_unit[key]
        if event.org_unit_id not in self._by_unit:
            unit = event.org_unit if event.org_unit_id else None
            self._by_unit[event.org_unit_id] = unit is not None and may(
                self.user, Capability.SEE_PII, unit
            )
        return self._by_unit[event.org_unit_id]

    def changes(self, event: HistoryEvent) -> Any:
        model = event.content_type.model_class() if event.content_type else None
        sensitive = _sensitive(model)
        if not sensitive:
            return event.changes
        if self._may_see(event):
            self.revealed = self.revealed or any(key in sensitive for key in event.changes)
            return event.changes
        return redact(event.changes, sensitive)


def _fields_of(model: type[models.Model] | None) -> dict[str, models.Field[Any, Any]]:
    """MODEL's concrete fields by name and by attname (history rows use attnames)."""
    if model is None:
        return {}
    found: dict[str, models.Field[Any, Any]] = {}
    for field in model._meta.concrete_fields:
        found[field.name] = found[field.attname] = field
    return found


def _field_label(model: type[models.Model] | None, name: str) -> str:
    field = _fields_of(model).get(name)
    if field is not None:
        return str(field.verbose_name).capitalize()
    return name.replace("_", " ").capitalize()


def _short(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)[:300]
    return str(value)[:300]


def _rows(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


_COUNT_WORDS = {"insert": "created", "create": "created", "update": "updated", "delete": "deleted"}


def _counts(counts: Any) -> str:
    if not isinstance(counts, dict):
        return _short(counts)
    parts = [
        f"{_rows(int(n))} {_COUNT_WORDS.get(str(kind), str(kind).replace('_', ' '))}"
        for kind, n in counts.items()
        if isinstance(n, int)
    ]
    return ", ".join(parts) or "No rows"


def _related(field: models.Field[Any, Any] | None) -> type[models.Model] | None:
    if field is None or not (field.many_to_one or field.one_to_one):
        return None
    return field.related_model  # type: ignore[return-value]


class Describer:
    """Turns recorded events into what a reader understands: people's names, field labels,
    choices as their labels, dates written out, Yes/No, and a linked record by its name when it
    still exists and the reader may see it (otherwise only that it is not shown)."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self._names: dict[tuple[type[models.Model], str], str] = {}

    def _load_names(self, pairs: list[tuple[HistoryEvent, Any]]) -> dict[int, str]:
        from quadrant.organisation.models import Person

        wanted: dict[type[models.Model], set[str]] = {}
        for event, changes in pairs:
            if not isinstance(changes, dict):
                continue
            fields = _fields_of(self._model(event))
            for key, value in changes.items():
                related = _related(fields.get(key))
                if related is None or not isinstance(value, list) or len(value) != 2:
                    continue
                for pk in value:
                    if pk not in (None, "", REDACTED, CHANGED_SECRET):
                        wanted.setdefault(related, set()).add(str(pk))
        for related, pks in wanted.items():
            self._names.update(
                ((related, str(obj.pk)), str(obj)) for obj in self._visible(related, pks)
            )
        actor_ids = {event.actor_id for event, _ in pairs if event.actor_id}
        people = Person._base_manager.filter(pk__in=actor_ids).only(
            "username", "first_name", "last_name"
        )
        return {person.pk: person.get_full_name() or person.username for person in people}

    def _visible(self, related: type[models.Model], pks: set[str]) -> Iterable[models.Model]:
        candidates = related._base_manager.all()
        try:
            candidates = candidates.filter(pk__in=pks)
            if issubclass(related, ContentType):
                return list(candidates)
            if not issubclass(related, RecordedModel):
                return []
            return list(restrict(candidates, self.user, Capability.VIEW))
        except (ValueError, TypeError, ValidationError):
            return []

    @staticmethod
    def _model(event: HistoryEvent) -> type[models.Model] | None:
        return event.content_type.model_class() if event.content_type else None

    def value(self, field: models.Field[Any, Any] | None, value: Any) -> str:
        """One recorded value as a reader understands it."""
        if value is None or value == "" or value in (REDACTED, CHANGED_SECRET) or field is None:
            return _short(value)
        related = _related(field)
        if related is not None:
            if issubclass(related, ContentType) and (related, str(value)) in self._names:
                return self._names[(related, str(value))].capitalize()
            name = self._names.get((related, str(value)))
            return name[:300] if name else "Not shown to you"
        if field.choices:
            labels = {str(key): str(label) for key, label in field.flatchoices}
            if str(value) in labels:
                return labels[str(value)]
        if isinstance(value, str) and isinstance(field, models.DateTimeField):
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                return _short(value)
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return date_format(moment, "j F Y H:i")
        if isinstance(value, str) and isinstance(field, models.DateField):
            try:
                return date_format(dt.date.fromisoformat(value), "j F Y")
            except ValueError:
                return _short(value)
        return _short(value)

    def describe_all(self, pairs: list[tuple[HistoryEvent, Any]]) -> list[dict[str, Any]]:
        """The events of one page ready for the template (a fixed number of queries)."""
        actors = self._load_names(pairs)
        return [self._describe(event, changes, actors) for event, changes in pairs]

    def _describe(
        self, event: HistoryEvent, changes: Any, actors: dict[int, str]
    ) -> dict[str, Any]:
        model = self._model(event)
        fields_of = _fields_of(model)
        fields, details = [], []
        if isinstance(changes, dict):
            for key, value in changes.items():
                if key in {"rows", "created_rows"} and isinstance(value, list):
                    label = "Rows changed" if key == "rows" else "Rows created"
                    details.append({"label": label, "value": _rows(len(value))})
                elif key == "counts":
                    details.append({"label": "Rows", "value": _counts(value)})
                elif key == "count" and isinstance(value, int):
                    details.append({"label": "Rows", "value": _rows(value)})
                elif key.endswith("_truncated"):
                    if value:
                        details.append({"label": "Note", "value": "Only the first rows were kept"})
                elif isinstance(value, list) and len(value) == 2:
                    field = fields_of.get(key)
                    fields.append(
                        {
                            "label": _field_label(model, key),
                            "old": self.value(field, value[0]),
                            "new": self.value(field, value[1]),
                        }
                    )
                else:
                    label = key.replace("_", " ").capitalize()
                    details.append({"label": label, "value": _short(value)})
        kind = str(model._meta.verbose_name) if model is not None else ""
        actor = actors.get(event.actor_id) if event.actor_id else None
        return {
            "event": event,
            "fields": fields,
            "details": details,
            "kind": kind,
            "actor": actor or event.actor_name,
        }


# ---------------------------------------------------------------- History of one object


@login_required
def object_history(request: HttpRequest, label: str, pk: str) -> HttpResponse:
    """Every history event of one object, for people who may see the object (404 otherwise)."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError) as exc:
        raise Http404("No such kind of record.") from exc
    if not issubclass(model, RecordedModel):
        raise Http404("This kind of record has no history.")
    try:
        obj = model._base_manager.filter(pk=pk).first()
    except (ValueError, TypeError, ValidationError) as exc:
        raise Http404("No such record.") from exc
    if obj is None or not may(request.user, Capability.VIEW, obj):
        raise Http404("No such record, or you may not see it.")
    events = HistoryEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=str(obj.pk)
    ).select_related("content_type")
    page = paginate(request, events)
    redactor = Redactor(request.user, obj)
    rows = Describer(request.user).describe_all([(e, redactor.changes(e)) for e in page])
    if redactor.revealed:
        log_security_event("sensitive_view", person=request.user, request=request,
                           detail=f"history of {label} {obj.pk}")  # fmt: skip
    url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    return render(
        request,
        "core/history.html",
        {
            "object": obj,
            "object_url": url,
            "verbose_name": model._meta.verbose_name,
            "page": page,
            "rows": rows,
            "breadcrumbs": [{"label": str(obj), "url": url}] if url else [],
        },
    )


# ---------------------------------------------------------------- organisation-wide log


def _model_choices() -> list[tuple[str, str]]:
    audited = [m for m in apps.get_models() if issubclass(m, RecordedModel)]
    named = sorted((m._meta.label_lower, str(m._meta.verbose_name).capitalize()) for m in audited)
    return [("", "Any"), *named]


class HistoryFilterForm(forms.Form):
    """Filters of the change history; every field is optional."""

    actor = forms.CharField(
        label="Done by",
        help_text="A person's full name or username",
        required=False,
        max_length=150,
    )
    action = forms.ChoiceField(label="Action", required=False)
    model = forms.ChoiceField(label="Kind of record", required=False)
    unit = forms.CharField(label="Unit code (includes the units below it)", required=False)
    date_from = NhsDateField(label="From", required=False)
    date_to = NhsDateField(label="To", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Any"), *HistoryEvent.ACTIONS]  # type: ignore[attr-defined]
        self.fields["model"].choices = _model_choices()  # type: ignore[attr-defined]

    def clean_actor(self) -> Any:
        from quadrant.organisation.models import Person

        name = self.cleaned_data["actor"].strip()
        if not name:
            return None
        full_name = Concat("first_name", Value(" "), "last_name")
        people = Person._base_manager.annotate(full=full_name).filter(
            Q(username__iexact=name) | Q(full__iexact=name)
        )
        ids = list(people.values_list("pk", flat=True))
        condition = Q(actor_name__iexact=name) | Q(actor_id__in=ids)
        if not ids and not HistoryEvent.objects.filter(actor_name__iexact=name).exists():
            raise ValidationError(f"No one called “{name}” has made a change. Check the name.")
        return condition

    def clean_unit(self) -> Any:
        from quadrant.organisation.models import OrgUnit

        code = self.cleaned_data["unit"].strip()
        if not code:
            return None
        unit = OrgUnit.objects.filter(code__iexact=code).first()
        if unit is None:
            raise ValidationError(f"No unit has the code “{code}”. Check the code and try again.")
        return unit

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The “to” date must be the same as or after the “from” date.")
        return data

    def apply(self, events: models.QuerySet[HistoryEvent]) -> models.QuerySet[HistoryEvent]:
        if not self.is_valid():
            return events.none()  # never show unfiltered events under a filter error
        data = self.cleaned_data
        if data["actor"] is not None:
            events = events.filter(data["actor"])
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["model"]:
            app_label, model_name = data["model"].split(".")
            events = events.filter(
                content_type__app_label=app_label, content_type__model=model_name
            )
        if data["unit"] is not None:
            events = events.filter(org_unit__path__startswith=data["unit"].path)
        zone = timezone.get_current_timezone()
        if data["date_from"]:
            start = dt.datetime.combine(data["date_from"], dt.time.min, tzinfo=zone)
            events = events.filter(at__gte=start)
        if data["date_to"]:
            next_day = data["date_to"] + dt.timedelta(days=1)
            end = dt.datetime.combine(next_day, dt.time.min, tzinfo=zone)
            events = events.filter(at__lt=end)
        return events


def _filtered_log(request: HttpRequest) -> tuple[HistoryFilterForm, models.QuerySet[HistoryEvent]]:
    require(request.user, Capability.READ_HISTORY)
    form = HistoryFilterForm(request.GET or None)
    events = history_events_for(request.user).select_related("content_type", "org_unit")
    if request.GET:
        events = form.apply(events)
    return form, events.order_by("-id")


@login_required
def history_log(request: HttpRequest) -> HttpResponse:
    """The organisation-wide log: administrators see all, quality leads their subtrees."""
    form, events = _filtered_log(request)
    page = paginate(request, events)
    redactor = Redactor(request.user)
    rows = Describer(request.user).describe_all([(e, redactor.changes(e)) for e in page])
    sees_all = units_where(request.user, Capability.MANAGE_PEOPLE).exists()
    return render(
        request,
        "core/history_log.html",
        {"form": form, "page": page, "rows": rows, "user_sees_all": sees_all},
    )


def _export_rows(events: Iterable[HistoryEvent], redactor: Redactor) -> Iterator[list[Any]]:
    for event in events:
        ct = event.content_type
        yield [
            event.id,
            event.at.astimezone(dt.UTC).isoformat(),
            event.actor_name,
            event.get_action_display(),
            f"{ct.app_label}.{ct.model}" if ct else "",
            event.object_id,
            event.object_repr,
            event.org_unit.code if event.org_unit_id and event.org_unit else "",
            event.summary,
            json.dumps(redactor.changes(event), ensure_ascii=False, sort_keys=True),
            event.request_id,
            event.hash,
        ]


@login_required
def history_log_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered change history as a CSV file, streamed (redacted as on screen)."""
    _form, events = _filtered_log(request)
    header = ["id", "at_utc", "actor", "action", "record_kind", "record_id", "record",
              "unit_code", "summary", "changes", "request_id", "hash"]  # fmt: skip
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    rows = _export_rows(events.iterator(chunk_size=2000), Redactor(request.user))
    response = stream_csv(f"history-{stamp}.csv", header, rows)
    return exported(request, response, "history (change history) CSV", rows=events.count())


def old_address(request: HttpRequest, to: str) -> HttpResponse:
    """A permanent redirect from the change history's old address (the "audit log") to the
    page named TO, keeping the filters; the page itself then checks who may read it."""
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(reverse(to) + (f"?{query}" if query else ""))
