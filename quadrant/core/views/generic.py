"""Generic view parts every component reuses: versioned edits with the stale-edit page,
list pagination, HTMX partials and streamed CSV downloads.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import models
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.views.generic import FormView

from quadrant.core.permissions import Capability, restrict
from quadrant.core.security import log_hidden_denial
from quadrant.core.services import StaleEdit, update_object
from quadrant.core.widgets import NhsMessagesMixin

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


# ---------------------------------------------------------------- pagination and partials


def visible_or_404(
    model: Any, user: Any, pk: Any, queryset: Any = None, *, live: bool = False, what: str = ""
) -> Any:
    """The object PK of MODEL if USER may see it (and, with LIVE, it is not archived);
    otherwise 404, never a hint that it exists. QUERYSET adds select_related and the like;
    WHAT names the kind of record in the message (the model's verbose name by default)."""
    base = queryset if queryset is not None else model.objects.all()
    found = restrict(base, user, Capability.VIEW).filter(pk=pk)
    if live:
        found = found.filter(archived_at__isnull=True)
    obj = found.first()
    if obj is None:
        log_hidden_denial(user, model, pk=pk)
        raise Http404(f"No such {what or model._meta.verbose_name}, or you may not see it.")
    return obj


def paginate(request: HttpRequest, items: Any, per_page: int = PAGE_SIZE) -> Page[Any]:
    """The page of ITEMS that `?page=` asks for (the last page when it is too high)."""
    try:
        size = min(int(request.GET.get("page_size", per_page)), MAX_PAGE_SIZE)
    except ValueError:
        size = per_page
    paginator = Paginator(items, max(size, 1))
    return paginator.get_page(request.GET.get("page"))


def htmx_template(request: HttpRequest, full: str, partial: str) -> str:
    """The partial template for an HTMX request, the whole page otherwise."""
    return partial if getattr(request, "htmx", False) else full


# ---------------------------------------------------------------- CSV downloads


class _Echo:
    """A file-like object that hands each written line straight back (for streaming)."""

    def write(self, value: str) -> str:
        return value


def stream_csv(
    filename: str, header: list[str], rows: Iterable[list[Any]]
) -> StreamingHttpResponse:
    """A CSV download written row by row, so a large export never sits in memory."""
    writer = csv.writer(_Echo())

    def lines() -> Iterable[str]:
        yield "\ufeff"  # lets spreadsheet programs read the file as UTF-8
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---------------------------------------------------------------- versioned edits


class VersionedForm(NhsMessagesMixin, forms.Form):
    """A form that carries the version of the record it was opened on."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    @property
    def change_fields(self) -> list[str]:
        return [name for name in self.fields if name != "version"]


class VersionedModelForm(NhsMessagesMixin, forms.ModelForm):  # type: ignore[type-arg]
    """A model form that carries the version of the record it was opened on."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    @property
    def change_fields(self) -> list[str]:
        return [name for name in self.fields if name != "version"]


def display_value(value: Any, field: forms.Field | None = None) -> str:
    """A field value as a person reads it (choice labels, Yes/No, names)."""
    if value is None or value == "":
        return "Not given"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    choices = getattr(field, "choices", None)
    if choices is not None and not isinstance(value, models.Model):
        labels = {str(key): label for key, label in choices}
        return str(labels.get(str(value), value))
    return str(value)


def stale_comparison(
    form: forms.BaseForm, yours: Mapping[str, Any], current: models.Model
) -> list[dict[str, Any]]:
    """Field by field: the value the person sent beside the value saved since."""
    rows = []
    for name in getattr(form, "change_fields", list(yours)):
        field = form.fields.get(name)
        mine = display_value(yours.get(name), field)
        theirs = display_value(getattr(current, name, None), field)
        rows.append(
            {
                "label": field.label if field is not None and field.label else name,
                "yours": mine,
                "current": theirs,
                "differs": mine != theirs,
            }
        )
    return rows


def render_stale_edit(
    request: HttpRequest,
    error: StaleEdit,
    form: forms.BaseForm,
    yours: Mapping[str, Any],
    *,
    cancel_url: str,
    title: str = "",
) -> HttpResponse:
    """The conflict page (HTTP 409): both versions side by side; re-apply or discard."""
    current = error.current
    resubmit = [
        (key, value)
        for key in request.POST
        if key not in {"csrfmiddlewaretoken", "version"}
        for value in request.POST.getlist(key)
    ]
    context = {
        "title": title or f"{str(current._meta.verbose_name).capitalize()} “{current}”",
        "message": str(error),
        "current": current,
        "rows": stale_comparison(form, yours, current),
        "resubmit": resubmit,
        "current_version": current.version,
        "cancel_url": cancel_url,
        "action_url": request.get_full_path(),
    }
    return render(request, "core/stale_edit.html", context, status=409)


class VersionedUpdateView(LoginRequiredMixin, FormView):  # type: ignore[type-arg]
    """Edit one versioned record; a stale copy is never saved over a newer one.

    Subclasses set `form_class` (a VersionedForm or VersionedModelForm) and `template_name`,
    and implement `get_object()` (scoped and permission-checked). `save()` may be overridden;
    by default it calls core.services.update_object with the version from the form.
    """

    object: Any = None
    success_message = ""

    def get_object(self) -> Any:
        raise NotImplementedError

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if issubclass(self.get_form_class(), forms.ModelForm):
            kwargs["instance"] = self.object
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        initial = {"version": self.object.version}
        form_class = self.get_form_class()
        if not issubclass(form_class, forms.ModelForm):
            for name in form_class.base_fields:
                if name != "version" and hasattr(self.object, name):
                    initial[name] = getattr(self.object, name)
        return initial

    def get_changes(self, form: forms.Form) -> dict[str, Any]:
        return {name: form.cleaned_data[name] for name in getattr(form, "change_fields", [])}

    def save(self, changes: dict[str, Any], expected_version: int) -> Any:
        return update_object(
            self.object, changes, actor=self.request.user, expected_version=expected_version
        )

    def get_cancel_url(self) -> str:
        return str(self.object.get_absolute_url())

    def get_success_url(self) -> str:
        return str(self.object.get_absolute_url())

    def form_valid(self, form: forms.Form) -> HttpResponse:
        from django.contrib import messages

        if isinstance(form, forms.ModelForm) and not self.object._state.adding:
            # The model form wrote its values onto the instance; start again from the database.
            self.object.refresh_from_db()
        changes = self.get_changes(form)
        try:
            self.object = self.save(changes, form.cleaned_data["version"])
        except StaleEdit as error:
            return render_stale_edit(
                self.request, error, form, changes, cancel_url=self.get_cancel_url()
            )
        except ValidationError as error:
            add_validation_errors(form, error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message.format(object=self.object))
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["cancel_url"] = self.get_cancel_url()
        return context


def add_validation_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names (or the whole form)."""
    if hasattr(error, "error_dict"):
        for name, messages_ in error.message_dict.items():
            target = name if name in form.fields else None
            for message in messages_:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def run_posted_form(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], Any],
    *,
    success: str | Callable[[Any], str],
    then: Any = None,
    redraw: Callable[[Any], HttpResponse],
) -> HttpResponse:
    """Run a POSTed FORM through SAVE(cleaned data), the service call that does the work.

    On success say SUCCESS (or SUCCESS(result)) and go to THEN (a URL or an object; by
    default what SAVE returned). A ValidationError the service raises goes onto the fields it
    names, a stale edit onto the form; then REDRAW(form) draws the page again with them."""
    if form.is_valid():
        try:
            saved = save(dict(form.cleaned_data))
        except ValidationError as error:
            add_validation_errors(form, error)
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, success(saved) if callable(success) else success)
            return redirect(then if then is not None else saved)
    return redraw(form)


def versioned_form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any], int], Any],
    *,
    success: str | Callable[[Any], str],
    then: Any,
    **context: Any,
) -> HttpResponse:
    """A form page (core/form.html) editing a versioned record: SAVE(cleaned data, the version
    the form was drawn from). A stale copy is never saved over a newer one: the conflict page
    (409) shows both; a ValidationError goes onto the fields it names; on success SUCCESS is
    shown on THEN (an object with get_absolute_url, or a URL)."""
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("version")
        try:
            saved = save(data, expected)
        except StaleEdit as error:
            cancel_url = then if isinstance(then, str) else then.get_absolute_url()
            return render_stale_edit(request, error, form, data, cancel_url=cancel_url)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, success(saved) if callable(success) else success)
            return redirect(then)
    status = 400 if form.errors else 200
    return render(request, "core/form.html", {"form": form, **context}, status=status)


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], Any],
    *,
    success: str | Callable[[Any], str],
    then: Any = None,
    **context: Any,
) -> HttpResponse:
    """The one way a simple form page (core/form.html) runs.

    On a valid POST, SAVE(cleaned data) calls the service that does the work; a ValidationError
    it raises goes back onto the fields it names. When it succeeds, the SUCCESS message (or
    SUCCESS(result)) is shown on THEN (a URL or an object; by default what SAVE returned).
    Otherwise the page is drawn with CONTEXT (title, lede, cancel_url, submit_label, …),
    answering 400 when the form has errors."""

    def draw(bound: forms.BaseForm) -> HttpResponse:
        status = 400 if bound.errors else 200
        return render(request, "core/form.html", {"form": bound, **context}, status=status)

    if request.method != "POST":
        return draw(form)
    return run_posted_form(request, form, save, success=success, then=then, redraw=draw)
