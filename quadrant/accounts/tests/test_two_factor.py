"""Two-factor authentication: set-up, login, recovery codes, required roles, token endpoint."""

import pyotp
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from quadrant.accounts import twofactor
from quadrant.accounts.models import RecoveryCode, TwoFactorDevice
from quadrant.core.testing.personas import PASSWORD


def _enable(person):
    device = twofactor.start_setup(person, actor=person)
    codes = twofactor.confirm_setup(person, pyotp.TOTP(device.secret).now(), actor=person)
    device.refresh_from_db()
    TwoFactorDevice.objects.filter(pk=device.pk).update(last_counter=0)  # allow the code again
    return device, codes


def test_setup_page_shows_secret_uri_and_qr_and_confirms_with_a_code(client_for, people):
    client = client_for("staff")
    page = client.get(reverse("accounts:two_factor_setup"))
    device = TwoFactorDevice.objects.get(person=people["staff"])
    assert device.secret.encode() in page.content
    assert b"otpauth://totp/" in page.content
    assert b"<svg" in page.content
    wrong = client.post(reverse("accounts:two_factor_setup"), {"otp": "000000"})
    assert b"That code is not right" in wrong.content
    done = client.post(
        reverse("accounts:two_factor_setup"), {"otp": pyotp.TOTP(device.secret).now()}
    )
    assert b"Your recovery codes" in done.content
    assert twofactor.confirmed_device(people["staff"]) is not None


def test_ten_recovery_codes_stored_hashed_and_used_once(people):
    _, codes = _enable(people["staff"])
    assert len(codes) == 10
    stored = set(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert not stored & set(codes)
    assert twofactor.verify_code(people["staff"], codes[0]) is True
    assert twofactor.verify_code(people["staff"], codes[0]) is False


def test_login_asks_for_the_code_when_enabled(client, people):
    device, _ = _enable(people["staff"])
    response = client.post(reverse("login"), {"username": "staff", "password": PASSWORD})
    assert response["Location"].startswith(reverse("accounts:login_code"))
    assert "_auth_user_id" not in client.session
    wrong = client.post(reverse("accounts:login_code"), {"otp": "123456"})
    assert b"Enter the 6-digit code" in wrong.content
    assert "_auth_user_id" not in client.session
    right = client.post(reverse("accounts:login_code"), {"otp": pyotp.TOTP(device.secret).now()})
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(people["staff"].pk)


def test_a_code_cannot_be_used_twice(people):
    device, _ = _enable(people["staff"])
    code = pyotp.TOTP(device.secret).now()
    assert twofactor.verify_code(people["staff"], code) is True
    assert twofactor.verify_code(people["staff"], code) is False


def test_code_page_without_a_password_step_goes_back_to_login(client, people):
    response = client.post(reverse("accounts:login_code"), {"otp": "123456"})
    assert response["Location"] == reverse("login")


def test_token_endpoint_requires_the_code_when_enabled(people):
    device, _ = _enable(people["staff"])
    api = APIClient()
    missing = api.post("/api/v1/auth/token/", {"username": "staff", "password": PASSWORD})
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["field"] == "otp"
    good = api.post(
        "/api/v1/auth/token/",
        {"username": "staff", "password": PASSWORD, "otp": pyotp.TOTP(device.secret).now()},
    )
    assert good.status_code == 200 and good.json()["token"]


@override_settings(QUADRANT_ENV="production")
def test_administrators_must_set_up_two_factor_in_production(client_for):
    client = client_for("admin")
    response = client.get(reverse("home"))
    assert response["Location"] == reverse("accounts:two_factor_setup")
    assert client.get(reverse("accounts:two_factor_setup")).status_code == 200
    denied = APIClient().post("/api/v1/auth/token/", {"username": "admin", "password": PASSWORD})
    assert denied.status_code == 400 and "two-factor" in denied.json()["errors"][0]["message"]


@override_settings(QUADRANT_ENV="production")
def test_executives_too_but_not_staff(client_for):
    assert client_for("board").get(reverse("home"))["Location"] == reverse(
        "accounts:two_factor_setup"
    )
    assert client_for("staff").get(reverse("home")).status_code == 200


@override_settings(QUADRANT_ENV="production")
def test_administrator_with_two_factor_works_normally(client_for, people):
    _enable(people["admin"])
    assert client_for("admin").get(reverse("home")).status_code == 200


def test_not_required_outside_production(client_for):
    assert client_for("admin").get(reverse("home")).status_code == 200
