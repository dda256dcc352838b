"""Importing a framework from a CSV file: upload, preview (every row checked, errors named by
row and column), then confirm — all of it loaded in one transaction, or nothing."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from quadrant.assurance.standards.access import require_manager
from quadrant.assurance.standards.forms import FrameworkFileForm, framework_initial
from quadrant.assurance.standards.importers.csv_file import read_standards
from quadrant.assurance.standards.importers.framework_file import HEADER_FIELDS, definition_of
from quadrant.assurance.standards.models import Framework
from quadrant.assurance.standards.services import load_framework
from quadrant.assurance.standards.views.common import STANDARDS_CRUMB

SESSION_KEY = "assurance-framework-import"
PREVIEW_ROWS = 50


@login_required
def framework_import(request: HttpRequest) -> HttpResponse:
    """Step 1 (upload) and step 2 (preview); the confirmation posts `confirm`."""
    require_manager(request.user)
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request)
    existing = Framework.objects.filter(code=request.GET.get("framework", "")).first()
    form = FrameworkFileForm(request.POST or None, request.FILES or None,
                             initial=framework_initial(existing))  # fmt: skip
    context: dict[str, Any] = {"form": form, "breadcrumbs": [STANDARDS_CRUMB]}
    if request.method == "POST" and form.is_valid():
        data: bytes = form.cleaned_data.pop("file")
        found = read_standards(data)
        header = {name: form.cleaned_data[name] for name in HEADER_FIELDS}
        context.update(found=found, header=header, preview=found.standards[:PREVIEW_ROWS])
        if found.ok:
            digest = hashlib.sha256(data).hexdigest()
            request.session[SESSION_KEY] = {
                "digest": digest,
                "header": header,
                "text": data.decode("utf-8", "surrogateescape"),
            }
            context["digest"] = digest
            context["updating"] = Framework.objects.filter(code=header["code"]).first()
        status = 200 if found.ok else 400
        return render(request, "assurance/standards/import_preview.html", context, status=status)
    status = 400 if form.errors else 200
    return render(request, "assurance/standards/import.html", context, status=status)


def _confirm(request: HttpRequest) -> HttpResponse:
    held = request.session.get(SESSION_KEY)
    if not held or held.get("digest") != request.POST.get("digest"):
        messages.error(request, "This import is out of date: upload the file again")
        return redirect("assurance:framework_import")
    data = held["text"].encode("utf-8", "surrogateescape")
    found = read_standards(data)
    if not found.ok:  # cannot happen for a file checked at the preview; never load half
        messages.error(request, "The file has errors: upload it again to see them")
        return redirect("assurance:framework_import")
    result = load_framework(
        definition_of(held["header"], found), actor=request.user, source="CSV upload"
    )
    del request.session[SESSION_KEY]
    messages.success(request, result.summary())
    return redirect(result.framework.get_absolute_url())
