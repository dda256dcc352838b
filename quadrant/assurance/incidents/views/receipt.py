"""The anonymous reporter's page: their receipt code shows their report's status and the
feedback on it. A wrong code and an unknown one get the same answer; nothing of the visit is
logged, and no sign-in is needed (signing in would say who is asking)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from quadrant.assurance.incidents import services
from quadrant.assurance.incidents.forms import ReceiptForm
from quadrant.assurance.incidents.receipts import looks_like_a_code

NOT_FOUND = "No report matches that receipt code. Check it and try again."


def receipt(request: HttpRequest) -> HttpResponse:
    form = ReceiptForm(request.POST or None)
    event = None
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        event = services.find_by_receipt(code) if looks_like_a_code(code) else None
        if event is None:
            form.add_error("code", NOT_FOUND)
    status = 400 if form.errors else 200
    return render(
        request, "assurance/incidents/receipt.html", {"form": form, "event": event}, status=status
    )
