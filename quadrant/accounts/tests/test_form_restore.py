"""Forms that never lose work: a POST with an expired session or CSRF token comes back filled in
after logging in again (passwords, files and the CSRF token are never kept)."""

import pytest
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.urls import include, path, reverse

from quadrant.core.testing.personas import PASSWORD


class GoalForm(forms.Form):
    statement = forms.CharField()
    rationale = forms.CharField(widget=forms.Textarea)
    domains = forms.MultipleChoiceField(
        choices=[("safe", "Safe"), ("timely", "Timely")], widget=forms.CheckboxSelectMultiple
    )
    password = forms.CharField(required=False)


PAGE = engines["django"].from_string("{{ form.as_div }}")


@login_required
def goal(request):
    if request.method == "POST":
        return HttpResponse("saved")
    return HttpResponse(PAGE.render({"form": GoalForm()}))


urlpatterns = [path("", include("quadrant.urls")), path("test/goal/", goal)]
pytestmark = pytest.mark.urls(__name__)

TYPED = {
    "statement": "Halve falls on Ward A",
    "rationale": "Falls rose by a third last winter.",
    "domains": ["safe", "timely"],
    "password": "must-not-be-kept",
}


def _log_in(client, next_url):
    response = client.post(
        reverse("login"), {"username": "staff", "password": PASSWORD, "next": next_url}
    )
    assert response["Location"] == next_url


def test_expired_session_post_is_refilled_after_login(people):
    client = Client()  # no session: it expired
    response = client.post("/test/goal/", TYPED)
    assert reverse("login") in response["Location"]
    _log_in(client, "/test/goal/")
    page = client.get("/test/goal/").content.decode()
    assert 'value="Halve falls on Ward A"' in page
    assert "Falls rose by a third last winter." in page
    assert page.count("checked") == 2
    assert "must-not-be-kept" not in page
    assert 'value="Halve falls' not in client.get("/test/goal/").content.decode()  # once only


def test_csrf_failure_keeps_the_form_and_refills_it(people):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))
    response = client.post("/test/goal/", TYPED)  # no CSRF token
    assert response.status_code == 302 and reverse("login") in response["Location"]
    token = client.cookies["csrftoken"].value
    client.post(
        reverse("login"),
        {"username": "staff", "password": PASSWORD, "next": "/test/goal/",
         "csrfmiddlewaretoken": token},
    )  # fmt: skip
    page = client.get("/test/goal/").content.decode()
    assert 'value="Halve falls on Ward A"' in page


def test_csrf_failure_while_logged_in_goes_back_to_the_form(client_for, people):
    client = client_for("staff")
    client.handler.enforce_csrf_checks = True
    response = client.post("/test/goal/", TYPED)
    assert response["Location"] == "/test/goal/"
    assert 'value="Halve falls on Ward A"' in client.get("/test/goal/").content.decode()


def test_someone_else_logging_in_does_not_see_the_kept_form(people):
    client = Client()
    client.force_login(people["manager"])
    client.get(reverse("home"))  # remembers who used this browser last
    client.post(reverse("logout"))
    client.post("/test/goal/", TYPED)
    _log_in(client, "/test/goal/")  # staff logs in on the shared computer
    assert "Halve falls" not in client.get("/test/goal/").content.decode()


def test_nothing_is_kept_from_the_login_form(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "staff", "password": PASSWORD})
    assert response.status_code == 403
    assert "_quadrant_form_stash" not in client.session
