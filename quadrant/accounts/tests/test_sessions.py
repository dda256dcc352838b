"""Sessions: 30 minutes idle, 12 hours at most; all sessions and tokens end when the account is
disabled or the password changes; cookies secure, HttpOnly and SameSite in production."""

import datetime as dt
import json
import os
import subprocess
import sys
import time

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from quadrant.accounts.login import LOGIN_AT_KEY
from quadrant.accounts.middleware import SEEN_KEY
from quadrant.core.models import ApiToken, SecurityEvent
from quadrant.core.testing.personas import PASSWORD


def _login(username="staff"):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _logged_in(client):
    return client.get(reverse("home")).status_code == 200


def test_idle_timeout_is_thirty_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_REFRESH_SECONDS <= 60


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_the_idle_clock_restarts_at_most_once_a_minute(people):
    client = _login()
    assert _logged_in(client)
    first = _expiry(client)
    assert _logged_in(client)
    assert _expiry(client) == first  # a second request within the minute writes nothing
    session = client.session
    session[SEEN_KEY] = time.time() - settings.SESSION_REFRESH_SECONDS - 1
    session.save()
    saved = _expiry(client)
    assert _logged_in(client)
    assert _expiry(client) > saved  # a minute on, the request restarts the idle clock


def test_a_session_idle_for_thirty_minutes_has_ended(people):
    client = _login()
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=Session.objects.get(session_key=client.session.session_key).expire_date
        - dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    )
    assert not _logged_in(client)


def test_twelve_hours_after_login_the_session_ends(people):
    client = _login()
    assert _logged_in(client)
    session = client.session
    session[LOGIN_AT_KEY] = time.time() - 12 * 60 * 60 - 1
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert not _logged_in(client)


def test_eleven_hours_is_still_fine(people):
    client = _login()
    session = client.session
    session[LOGIN_AT_KEY] = time.time() - 11 * 60 * 60
    session.save()
    assert _logged_in(client)


def test_disabling_an_account_ends_its_sessions_and_tokens(people):
    first, second, other = _login(), _login(), _login("manager")
    ApiToken.issue(people["staff"])
    people["staff"].is_active = False
    people["staff"].save()
    assert not _logged_in(first) and not _logged_in(second)
    assert _logged_in(other)
    assert ApiToken.objects.get(person=people["staff"]).revoked_at is not None
    assert SecurityEvent.objects.filter(
        kind="password", detail__startswith="account disabled"
    ).exists()


def test_changing_the_password_ends_other_sessions_and_tokens(people):
    here, elsewhere = _login(), _login()
    ApiToken.issue(people["staff"])
    new = "blue lantern harbour"
    response = here.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert _logged_in(here)
    assert not _logged_in(elsewhere)
    assert not ApiToken.objects.filter(person=people["staff"], revoked_at__isnull=True).exists()


def test_saving_other_fields_keeps_sessions(people):
    client = _login()
    people["staff"].job_title = "Staff nurse"
    people["staff"].save()
    assert _logged_in(client)
    assert Session.objects.count() >= 1


def test_logins_and_logouts_are_security_events(people):
    client = _login()
    client.post(reverse("logout"))
    kinds = set(SecurityEvent.objects.filter(person=people["staff"]).values_list("kind", flat=True))
    assert {"login", "logout"} <= kinds


def test_cookies_are_secure_httponly_and_samesite_in_production(tmp_path):
    code = (
        "import json; from django.conf import settings as s; import django; django.setup(); "
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE,"
        " s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS]))"
    )
    env = {
        **os.environ,
        "QUADRANT_ENV": "production",
        "QUADRANT_SECRET_KEY": "x" * 60,
        "QUADRANT_HISTORY_KEY": "h" * 60,
        "QUADRANT_ALLOWED_HOSTS": "quadrant.example.nhs.uk",
        "QUADRANT_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "quadrant.settings",
    }
    output = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(output.strip().splitlines()[-1]) == [
        True, True, True, "Lax", "Lax", True, 31536000,
    ]  # fmt: skip
