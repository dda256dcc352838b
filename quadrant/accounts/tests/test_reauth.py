"""require_recent_auth: sensitive actions ask for the password again after 5 minutes."""

import time

import pytest
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import include, path, reverse

from quadrant.accounts.login import AUTH_AT_KEY, SSO_KEY
from quadrant.accounts.reauth import require_recent_auth
from quadrant.core.testing.personas import PASSWORD


@require_recent_auth
def change_roles(request):
    return HttpResponse("roles changed" if request.method == "POST" else "roles form")


urlpatterns = [
    path("", include("quadrant.urls")),
    path("test/roles/", change_roles, name="test-roles"),
]

pytestmark = pytest.mark.urls(__name__)


def _login():
    client = Client()
    client.post(reverse("login"), {"username": "admin", "password": PASSWORD})
    return client


def _age(client, seconds):
    session = client.session
    session[AUTH_AT_KEY] = time.time() - seconds
    session.save()


def test_a_fresh_login_counts_as_recent(people):
    assert _login().post("/test/roles/").content == b"roles changed"


def test_after_five_minutes_the_password_is_asked_again(people):
    client = _login()
    _age(client, 301)
    response = client.post("/test/roles/", {"role": "manager"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauth"))
    page = client.get(response["Location"])
    assert b"Confirm your password" in page.content
    wrong = client.post(response["Location"], {"password": "wrong", "next": "/test/roles/"})
    assert b"The password is not correct" in wrong.content
    right = client.post(response["Location"], {"password": PASSWORD, "next": "/test/roles/"})
    assert right["Location"] == "/test/roles/"
    assert client.post("/test/roles/").content == b"roles changed"


def test_anonymous_people_go_to_the_login_page(db):
    response = Client().get("/test/roles/")
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_next_must_stay_on_this_site(people):
    client = _login()
    response = client.post(
        reverse("accounts:reauth"), {"password": PASSWORD, "next": "https://evil.test/"}
    )
    assert response["Location"] == reverse("home")


def test_single_sign_on_people_sign_in_again_at_the_identity_provider(people):
    from quadrant.accounts.tests.test_oidc import OIDC

    client = _login()
    session = client.session
    session[SSO_KEY] = True
    session.save()
    with override_settings(
        QUADRANT_OIDC={
            **OIDC,
            "AUTHORIZATION_ENDPOINT": "https://idp.test/a",
            "TOKEN_ENDPOINT": "https://idp.test/t",
            "JWKS_URI": "https://idp.test/k",
        }
    ):
        response = client.get(reverse("accounts:reauth"), {"next": "/test/roles/"})
    assert response["Location"].startswith("https://idp.test/a?")
    assert "prompt=login" in response["Location"] and "max_age=0" in response["Location"]
