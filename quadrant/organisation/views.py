"""Pages for units, people, roles, settings and CSV imports.

Anyone may browse the units they can see; everything that changes the organisation needs
Capability.MANAGE_PEOPLE (the administrator role) at the unit concerned. Django's admin site is not
exposed: this is where administrators work.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from quadrant.accounts.services import send_password_reset
from quadrant.core.jobs import start_job
from quadrant.core.permissions import (
    Capability,
    held_roles,
    may,
    require,
    restrict,
    units_where,
    visible_units,
)
from quadrant.core.services import create_object
from quadrant.core.views.generic import (
    VersionedForm,
    VersionedUpdateView,
    add_validation_errors,
    paginate,
)
from quadrant.core.views.history import history_url
from quadrant.organisation import forms, importers, services
from quadrant.organisation.choices import Role
from quadrant.organisation.filtersets import PersonFilterSet
from quadrant.organisation.models import (
    Membership,
    ObjectGrant,
    OrganisationSettings,
    OrgUnit,
    Person,
)

UNITS_CRUMB = {"label": "Units", "url": reverse_lazy("organisation:units")}
PEOPLE_CRUMB = {"label": "People", "url": reverse_lazy("organisation:people")}


def unit_or_404(user: Any, code: str) -> OrgUnit:
    """The unit of CODE if USER may see it (by name at least), else a 404 that tells nothing."""
    unit: OrgUnit | None = visible_units(user).filter(code=code).first()
    if unit is None:
        raise Http404("No such unit, or you may not see it.")
    return unit


def _is_top_admin(user: Any) -> bool:
    return units_where(user, Capability.MANAGE_PEOPLE).filter(parent__isnull=True).exists()


def manageable_people(user: Any) -> QuerySet[Person]:
    """People USER may manage: those of their units; everyone for top-level administrators."""
    if _is_top_admin(user):
        everyone: QuerySet[Person] = Person.objects.all()
        return everyone
    return restrict(Person.objects.all(), user, Capability.MANAGE_PEOPLE)


# ---------------------------------------------------------------- units


TREE_LEVELS_SHOWN = 3


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    """The unit tree, three levels deep from one's highest unit; a search reaches the rest."""
    query = request.GET.get("q", "").strip()[:100]
    units = visible_units(request.user).filter(active=True, archived_at__isnull=True)
    if query:
        units = units.filter(Q(name__icontains=query) | Q(code__icontains=query))
    else:
        top = held_roles(request.user)
        top_depth = min((held.path.count(".") - 1 for held in top), default=0)
        units = units.filter(depth__lte=top_depth + TREE_LEVELS_SHOWN - 1)
    page = paginate(request, units.only("code", "name", "kind", "depth", "path"), per_page=200)
    return render(
        request,
        "organisation/unit_list.html",
        {
            "units": page.object_list,
            "page": page,
            "query": query,
            "can_manage": may(request.user, Capability.MANAGE_PEOPLE),
        },
    )


@login_required
def unit_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.MANAGE_PEOPLE)
    parent = OrgUnit.objects.filter(code=request.GET.get("parent", "")).first()
    form = forms.UnitCreateForm(
        request.POST or None, user=request.user, initial={"parent": parent, "active": True}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = services.create_org_unit(actor=request.user, **data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{unit.name} has been added.")
            return redirect(unit)
    return render(
        request,
        "organisation/unit_form.html",
        {
            "form": form,
            "title": "Add a unit",
            "breadcrumbs": [UNITS_CRUMB],
            "cancel_url": reverse("organisation:units"),
        },
    )


class UnitEditView(VersionedUpdateView):
    """Rename a unit, change its kind, deactivate it, or move it under another parent."""

    form_class: type[VersionedForm] = forms.UnitEditForm
    template_name = "organisation/unit_form.html"
    success_message = "Your changes to {object} have been saved."

    def get_object(self) -> OrgUnit:
        unit = unit_or_404(self.request.user, self.kwargs["code"])
        require(self.request.user, Capability.MANAGE_PEOPLE, unit)
        return unit

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user, "unit": self.object}

    def save(self, changes: dict[str, Any], expected_version: int) -> OrgUnit:
        return services.update_org_unit(
            self.object, changes, actor=self.request.user, expected_version=expected_version
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = f"Edit {self.object.name}"
        context["breadcrumbs"] = [
            UNITS_CRUMB,
            {"label": self.object.name, "url": self.object.get_absolute_url()},
        ]
        return context


class UnitArchiveView(UnitEditView):
    """Archive a unit that has no working units below it: it disappears from working lists."""

    form_class = forms.ArchiveForm
    template_name = "organisation/unit_archive.html"
    success_message = "{object} has been archived."

    def get_form_kwargs(self) -> dict[str, Any]:
        return super(UnitEditView, self).get_form_kwargs()

    def save(self, changes: dict[str, Any], expected_version: int) -> OrgUnit:
        return services.archive_org_unit(
            self.object, actor=self.request.user, expected_version=expected_version
        )

    def get_success_url(self) -> str:
        return reverse("organisation:units")


# ---------------------------------------------------------------- people


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.MANAGE_PEOPLE)
    people = manageable_people(request.user).select_related("home_unit")
    filterset = PersonFilterSet(request.GET or None, queryset=people)
    roles = Membership.objects.filter(archived_at__isnull=True).select_related("org_unit")
    listed = filterset.qs.prefetch_related(
        Prefetch("memberships", queryset=roles, to_attr="active_roles")
    )
    page = paginate(request, listed.order_by("last_name", "first_name", "username"))
    return render(
        request,
        "organisation/person_list.html",
        {"filter": filterset, "page": page, "breadcrumbs": [UNITS_CRUMB]},
    )


def _person_or_404(request: HttpRequest, pk: int) -> Person:
    require(request.user, Capability.MANAGE_PEOPLE)
    person = manageable_people(request.user).filter(pk=pk).select_related("home_unit").first()
    if person is None:
        raise Http404("No such person, or they are outside the units you manage.")
    return person


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_404(request, pk)
    memberships = person.memberships.filter(archived_at__isnull=True).select_related("org_unit")
    grants = ObjectGrant.objects.filter(person=person, archived_at__isnull=True).select_related(
        "content_type"
    )
    return render(
        request,
        "organisation/person_detail.html",
        {
            "person": person,
            "memberships": memberships,
            "grants": grants,
            "history_url": history_url(person),
            "has_password": person.has_usable_password(),
            "can_edit": services.editable_people(request.user).filter(pk=person.pk).exists(),
            "breadcrumbs": [UNITS_CRUMB, PEOPLE_CRUMB],
        },
    )


class PersonEditView(VersionedUpdateView):
    """Change a person's name, email or job title (only someone wholly in one's units)."""

    form_class = forms.PersonDetailsForm
    template_name = "organisation/person_form.html"
    success_message = "The details of {object} have been saved."

    def get_object(self) -> Person:
        require(self.request.user, Capability.MANAGE_PEOPLE)
        person = services.editable_people(self.request.user).filter(pk=self.kwargs["pk"]).first()
        if person is None:
            raise Http404(services.NOT_EDITABLE)
        return person

    def save(self, changes: dict[str, Any], expected_version: int) -> Person:
        return services.change_person_details(
            self.object, changes, actor=self.request.user, expected_version=expected_version
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [
            UNITS_CRUMB,
            PEOPLE_CRUMB,
            {"label": str(self.object), "url": self.object.get_absolute_url()},
        ]
        return context


@login_required
def person_invite(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.MANAGE_PEOPLE)
    form = forms.InviteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                person = services.invite_person(actor=request.user, **form.cleaned_data)
                send_password_reset(person, actor=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request,
                f"{person} has been invited. A link to set a password was sent to {person.email}.",
            )
            return redirect(person)
    return render(
        request,
        "organisation/person_invite.html",
        {"form": form, "breadcrumbs": [UNITS_CRUMB, PEOPLE_CRUMB]},
    )


@login_required
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_404(request, pk)
    form = forms.MembershipForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        unit, role = form.cleaned_data["org_unit"], form.cleaned_data["role"]
        try:
            services.grant_role(person, unit, role, actor=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request, f"{person} now has the role {Role(role).label.lower()} at {unit}."
            )
            return redirect(person)
    return render(
        request,
        "organisation/membership_form.html",
        {
            "form": form,
            "person": person,
            "breadcrumbs": [
                UNITS_CRUMB,
                PEOPLE_CRUMB,
                {"label": str(person), "url": person.get_absolute_url()},
            ],
        },
    )


@login_required
@require_POST
def membership_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    person = _person_or_404(request, pk)
    membership = person.memberships.filter(pk=membership_pk, archived_at__isnull=True).first()
    if membership is None:
        raise Http404("This role has already been removed.")
    services.revoke_role(membership, actor=request.user)
    messages.success(
        request,
        f"{person} no longer has the role {membership.get_role_display().lower()} "
        f"at {membership.org_unit}.",
    )
    return redirect(person)


@login_required
@require_POST
def person_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_404(request, pk)
    active = request.POST.get("active") == "1"
    try:
        services.set_person_active(person, active, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"{person}'s account has been {'enabled' if active else 'disabled'}."
        )
    return redirect(person)


# ---------------------------------------------------------------- organisation settings


class SettingsView(VersionedUpdateView):
    form_class = forms.SettingsForm
    template_name = "organisation/settings_form.html"
    success_message = "The organisation settings have been saved."

    def get_object(self) -> OrganisationSettings:
        top = OrgUnit.objects.filter(parent__isnull=True).first()
        require(self.request.user, Capability.MANAGE_PEOPLE, top)
        return OrganisationSettings.current()

    def save(self, changes: dict[str, Any], expected_version: int) -> OrganisationSettings:
        if self.object._state.adding:
            return create_object(
                OrganisationSettings, {"pk": 1, **changes}, actor=self.request.user
            )
        saved: OrganisationSettings = super().save(changes, expected_version)
        return saved

    def get_success_url(self) -> str:
        return reverse("organisation:settings")

    def get_cancel_url(self) -> str:
        return reverse("organisation:units")


# ---------------------------------------------------------------- CSV import


@login_required
def import_file(request: HttpRequest) -> HttpResponse:
    """Upload a CSV; every row is checked; nothing is imported unless all rows are right."""
    require(request.user, Capability.MANAGE_PEOPLE)
    form = forms.ImportForm(
        request.POST or None,
        request.FILES or None,
        initial={"kind": request.GET.get("kind", "units")},
    )
    errors: list[importers.RowError] = []
    if request.method == "POST" and form.is_valid():
        kind, upload = form.cleaned_data["kind"], form.cleaned_data["file"]
        data = upload.read()
        allowed = importers.managed_unit_ids(request.user)
        checked = importers.check_file(kind, data, allowed_unit_ids=allowed)
        errors = checked.errors
        if not errors and len(checked.rows) > importers.BACKGROUND_ROWS:
            path = default_storage.save(f"imports/{uuid.uuid4().hex}.csv", ContentFile(data))
            job = start_job(
                importers.IMPORT_JOB,
                title=f"Import of {kind} from {upload.name}",
                actor=request.user,
                params={"kind": kind, "path": path, "file_name": upload.name},
            )
            messages.success(
                request,
                f"All {len(checked.rows)} rows are correct. The import is running: "
                "you can leave this page and come back.",
            )
            return redirect("job", pk=job.pk)
        if not errors:
            counts = importers.import_checked(
                kind,
                checked,
                actor=request.user,
                file_name=upload.name,
                sha256=importers.file_hash(data),
            )
            messages.success(
                request,
                f"Imported {upload.name}: {counts['created']} added, {counts['updated']} updated.",
            )
            return redirect("organisation:units" if kind == "units" else "organisation:people")
    return render(
        request,
        "organisation/import.html",
        {
            "form": form,
            "row_errors": errors,
            "columns": importers.COLUMNS,
            "background_rows": importers.BACKGROUND_ROWS,
            "breadcrumbs": [UNITS_CRUMB],
        },
        status=400 if errors else 200,
    )
