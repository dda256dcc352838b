"""Passwords: 12 to 128 characters, common ones refused, Argon2; change and reset pages."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import CommonPasswordValidator, validate_password
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from quadrant.accounts.services import send_password_reset
from quadrant.core.testing.personas import PASSWORD


def test_short_password_is_refused(people):
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("short-pass1", people["staff"])


def test_passwords_up_to_128_characters_are_accepted_and_longer_refused(people):
    validate_password("unrelated words " * 8, people["staff"])  # 128 characters
    with pytest.raises(ValidationError, match="128 characters or fewer"):
        validate_password("x" * 129 + "unrelated", people["staff"])


def test_common_passwords_are_refused_from_a_list_of_thousands(people):
    assert len(CommonPasswordValidator().passwords) >= 3000
    with pytest.raises(ValidationError, match="too common"):
        validate_password("password1234", people["staff"])


def test_argon2_is_the_hasher_outside_tests():
    source = (settings.BASE_DIR / "quadrant" / "settings.py").read_text()
    assert '"quadrant.accounts.hashers.OwaspArgon2PasswordHasher",' in source
    assert settings.PASSWORD_HASHERS[1] == "quadrant.accounts.hashers.OwaspArgon2PasswordHasher"


def test_argon2_runs_at_owasps_recommended_settings_and_upgrades_older_hashes():
    """Argon2id, m=19456 KiB, t=2, p=1 (OWASP's first recommendation); a hash made with
    Django's heavier defaults still verifies and is marked for re-hashing."""
    from django.contrib.auth.hashers import Argon2PasswordHasher

    from quadrant.accounts.hashers import OwaspArgon2PasswordHasher

    hasher = OwaspArgon2PasswordHasher()
    encoded = hasher.encode("blue lantern harbour", hasher.salt())
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert hasher.verify("blue lantern harbour", encoded) and not hasher.must_update(encoded)
    older = Argon2PasswordHasher().encode("blue lantern harbour", hasher.salt())
    assert hasher.verify("blue lantern harbour", older) and hasher.must_update(older)


def test_change_password_needs_the_old_one(client_for, people):
    client = client_for("staff")
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "wrong",
            "new_password1": "blue lantern harbour",
            "new_password2": "blue lantern harbour",
        },
    )
    assert response.status_code == 200
    assert b"Your old password is not correct" in response.content
    people["staff"].refresh_from_db()
    assert people["staff"].check_password(PASSWORD)


def test_change_password_with_old_and_new_twice(client_for, people):
    client = client_for("staff")
    new = "blue lantern harbour"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    people["staff"].refresh_from_db()
    assert people["staff"].check_password(new)


def test_password_reset_by_email_sets_a_new_password(client, people):
    response = client.post(reverse("accounts:password_reset"), {"email": "staff@example.nhs.uk"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/password/reset/\S+/", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert b"Choose a new password" in form_page.content
    new = "quiet meadow lighthouse"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    people["staff"].refresh_from_db()
    assert people["staff"].check_password(new)


def test_administrator_sends_a_reset_link_and_never_sets_the_password(people):
    send_password_reset(people["staff"], actor=people["admin"])
    assert mail.outbox[0].to == ["staff@example.nhs.uk"]
    assert "Admin Tester has asked" in mail.outbox[0].body
    assert "/accounts/password/reset/" in mail.outbox[0].body
    people["staff"].refresh_from_db()
    assert people["staff"].check_password(PASSWORD)


def test_only_administrators_send_reset_links(people):
    with pytest.raises(PermissionDenied, match="manage people"):
        send_password_reset(people["staff"], actor=people["manager"])
    assert mail.outbox == []


def test_reset_link_button_for_administrators(client_for, people):
    url = reverse("accounts:send_reset", args=[people["staff"].pk])
    assert client_for("manager").post(url).status_code == 403
    assert client_for("admin").post(url).status_code == 302
    assert len(mail.outbox) == 1


def test_no_page_lets_anyone_set_another_persons_password():
    from quadrant.accounts.urls import urlpatterns

    password_routes = [p for p in urlpatterns if "password" in str(p.pattern)]
    assert all("pk" not in str(p.pattern) for p in password_routes)
