"""Brute force: the 11th failed login within 5 minutes is refused, on the page and the API."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from quadrant.accounts import throttle
from quadrant.accounts.models import LoginThrottle
from quadrant.accounts.services import unlock_account
from quadrant.core.models import SecurityEvent
from quadrant.core.testing.personas import PASSWORD

TOKEN_URL = "/api/v1/auth/token/"


def _fail_web(client, times, username="staff"):
    for _ in range(times):
        client.post(reverse("login"), {"username": username, "password": "not-the-password"})


def test_ten_failures_then_the_right_password_is_refused_with_a_time(client, people):
    _fail_web(client, 10)
    response = client.post(reverse("login"), {"username": "staff", "password": PASSWORD})
    assert response.status_code == 200
    until = timezone.localtime(timezone.now() + dt.timedelta(minutes=15))
    assert f"Try again after {until:%H:%M}".encode() in response.content or (
        f"Try again after {until - dt.timedelta(minutes=1):%H:%M}".encode() in response.content
    )
    assert "_auth_user_id" not in client.session


def test_nine_failures_do_not_lock(client, people):
    _fail_web(client, 9)
    response = client.post(reverse("login"), {"username": "staff", "password": PASSWORD})
    assert response.status_code == 302


def test_failures_older_than_five_minutes_do_not_count(client, people):
    _fail_web(client, 9)
    LoginThrottle.objects.filter(username="staff").update(
        window_started_at=timezone.now() - dt.timedelta(minutes=6)
    )
    _fail_web(client, 1)
    assert throttle.locked_until("staff") is None


def test_token_endpoint_shares_the_lock(client, people):
    _fail_web(client, 10)
    response = APIClient().post(TOKEN_URL, {"username": "staff", "password": PASSWORD})
    assert response.status_code == 400
    assert "Try again after" in response.json()["errors"][0]["message"]


def test_token_endpoint_failures_lock_the_login_page(client, people):
    api = APIClient()
    for _ in range(10):
        assert api.post(TOKEN_URL, {"username": "staff", "password": "nope"}).status_code == 400
    response = client.post(reverse("login"), {"username": "staff", "password": PASSWORD})
    assert b"Try again after" in response.content


def test_lock_ends_by_itself_after_fifteen_minutes(client, people):
    _fail_web(client, 10)
    LoginThrottle.objects.filter(username="staff").update(
        locked_until=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.post(reverse("login"), {"username": "staff", "password": PASSWORD})
    assert response.status_code == 302


def test_failures_and_lockouts_are_security_events(client, people):
    _fail_web(client, 11)
    kinds = list(SecurityEvent.objects.filter(username="staff").values_list("kind", flat=True))
    assert kinds.count("lockout") == 1
    assert kinds.count("login_failed") == 11


def test_administrator_unlocks_early(client, people):
    _fail_web(client, 10)
    assert unlock_account(people["staff"], actor=people["admin"]) is True
    assert SecurityEvent.objects.filter(kind="unlock", username="staff").exists()
    response = client.post(reverse("login"), {"username": "staff", "password": PASSWORD})
    assert response.status_code == 302


def test_unlock_button_is_for_administrators_only(client, client_for, people):
    _fail_web(client, 10)
    url = reverse("accounts:unlock", args=[people["staff"].pk])
    assert client_for("manager").post(url).status_code == 403
    assert throttle.locked_until("staff") is not None
    assert client_for("admin").get(url).status_code == 405
    assert client_for("admin").post(url).status_code == 302
    assert throttle.locked_until("staff") is None


def test_lockout_message_names_the_local_time():
    until = dt.datetime(2025, 7, 1, 16, 42, tzinfo=dt.UTC)  # 17:42 in London (BST)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(timezone, "localdate", lambda: dt.date(2025, 7, 1))
        assert "Try again after 17:42," in throttle.lockout_message(until)


@pytest.mark.parametrize("field", ["username", "otp"])
def test_an_over_long_name_or_code_is_a_400_naming_the_field_and_nothing_is_recorded(people, field):
    """No account name is longer than 150 characters: an attempt with one is refused before
    it reaches the throttle, which on PostgreSQL could not store it (found by the fuzz run)."""
    body = {"username": "staff", "password": "not-the-password", "otp": ""}
    body[field] = "x" * 400
    response = APIClient().post(TOKEN_URL, body, format="json")
    assert response.status_code == 400
    assert field in response.content.decode()
    assert not LoginThrottle.objects.filter(username__startswith="xxx").exists()


def test_the_web_login_refuses_an_over_long_name_as_a_wrong_one(client, people):
    response = client.post(reverse("login"), {"username": "y" * 400, "password": "whatever"})
    assert response.status_code == 200
    assert b"Enter a correct username and password" in response.content
    assert "_auth_user_id" not in client.session


def test_a_security_event_for_an_over_long_name_is_cut_to_fit(people):
    from quadrant.core.security import log_security_event

    log_security_event("login_failed", username="z" * 400, detail="test")
    assert len(SecurityEvent.objects.get(kind="login_failed").username) == 150
