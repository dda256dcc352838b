"""Forms that never lose work: a POST with an expired session or CSRF token comes back filled in
after logging in again (passwords, files and the CSRF token are never kept), but only when it is
provably the person's own: sent from our pages (Origin / Sec-Fetch-Site) with the signed cookie
naming them. A forged cross-site POST is never kept, so it cannot fill in a victim's form."""

import pytest
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.urls import include, path, reverse

from quadrant.accounts.restore import OWNER_COOKIE
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


OUR_PAGE = {"Origin": "http://testserver"}  # what a browser sends with a form from our pages
OUR_PAGE_FETCH = {"Sec-Fetch-Site": "same-origin"}


def _used_then_expired(client, person):
    """PERSON used this browser (the signed owner cookie is set), then the session expired."""
    client.force_login(person)
    client.get(reverse("home"))
    del client.cookies[settings.SESSION_COOKIE_NAME]


def _log_in(client, next_url):
    response = client.post(
        reverse("login"), {"username": "staff", "password": PASSWORD, "next": next_url}
    )
    assert response["Location"] == next_url


def test_expired_session_post_is_refilled_after_login(people):
    client = Client()
    _used_then_expired(client, people["staff"])
    response = client.post("/test/goal/", TYPED, headers=OUR_PAGE)
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
    _used_then_expired(client, people["staff"])
    client.get(reverse("login"))
    response = client.post("/test/goal/", TYPED, headers=OUR_PAGE_FETCH)  # no CSRF token
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
    client.get(reverse("home"))
    client.handler.enforce_csrf_checks = True
    response = client.post("/test/goal/", TYPED, headers=OUR_PAGE)
    assert response["Location"] == "/test/goal/"
    assert 'value="Halve falls on Ward A"' in client.get("/test/goal/").content.decode()


def test_someone_else_logging_in_does_not_see_the_kept_form(people):
    client = Client()
    client.force_login(people["manager"])
    client.get(reverse("home"))  # remembers who used this browser last
    client.post(reverse("logout"))
    client.post("/test/goal/", TYPED, headers=OUR_PAGE)
    _log_in(client, "/test/goal/")  # staff logs in on the shared computer
    assert "Halve falls" not in client.get("/test/goal/").content.decode()


def test_nothing_is_kept_from_the_login_form(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "staff", "password": PASSWORD})
    assert response.status_code == 403
    assert "_quadrant_form_stash" not in client.session


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site", "Origin": "https://attacker.example"},
        {"Sec-Fetch-Site": "same-site", "Origin": "https://other.testserver"},
        {"Origin": "https://attacker.example"},
        {"Origin": "null"},
        {},  # no Origin and no Sec-Fetch-Site: not provably from our pages
    ],
)
def test_a_forged_cross_site_post_is_not_kept(people, headers):
    client = Client(enforce_csrf_checks=True)
    _used_then_expired(client, people["staff"])  # the victim's browser, with their cookie
    response = client.post("/test/goal/", TYPED, headers=headers)  # sent by the attacker's page
    assert response.status_code in (302, 403)
    assert "_quadrant_form_stash" not in client.session
    client.handler.enforce_csrf_checks = False
    _log_in(client, "/test/goal/")
    assert "Halve falls" not in client.get("/test/goal/").content.decode()


def test_a_post_from_a_browser_without_the_owner_cookie_is_not_kept(people):
    client = Client()  # same origin, but nothing says whose browser this is
    client.post("/test/goal/", TYPED, headers=OUR_PAGE)
    assert "_quadrant_form_stash" not in client.session
    _log_in(client, "/test/goal/")
    assert "Halve falls" not in client.get("/test/goal/").content.decode()


def test_a_refused_post_whose_owner_cookie_names_someone_else_is_not_kept(client_for, people):
    client = client_for("staff")
    manager = signing.get_cookie_signer(salt=OWNER_COOKIE).sign(str(people["manager"].pk))
    client.cookies[OWNER_COOKIE] = manager  # the browser says someone else used it last
    client.handler.enforce_csrf_checks = True
    client.post("/test/goal/", TYPED, headers=OUR_PAGE)
    assert "Halve falls" not in client.get("/test/goal/").content.decode()
