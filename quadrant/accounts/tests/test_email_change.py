"""Changing a person's email needs the right to edit that person; the old address is told, the
reset links already sent stop working and every session of the account ends (API tokens stay:
an address is not a credential)."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from quadrant.core.models import ApiToken, HistoryEvent, SecurityEvent
from quadrant.organisation.services import change_person_details

NEW = "new.address@example.nhs.uk"


def reset_link(person) -> str:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    return reverse("accounts:password_reset_confirm", args=[uid, token])


def opens_a_reset_form(link: str) -> bool:
    """Django redirects a good link to its set-password form; a bad one shows 'link invalid'."""
    response = Client().get(link)
    return response.status_code == 302 and "set-password" in response["Location"]


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    assert client.get(reverse("home")).status_code == 200
    return client


def test_email_change_tells_old_address_ends_sessions_and_old_reset_links(
    people, client_for, django_capture_on_commit_callbacks
):
    staff = people["staff"]
    old_email = staff.email
    link = reset_link(staff)
    assert opens_a_reset_form(link)  # the link is good before the change
    session = signed_in(staff)
    _, key = ApiToken.issue(staff)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("admin").post(
            reverse("organisation:person_edit", args=[staff.pk]),
            {
                "first_name": staff.first_name,
                "last_name": staff.last_name,
                "email": NEW,
                "job_title": "",
                "version": staff.version,
            },
        )

    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.email == NEW
    assert [message.to for message in mail.outbox] == [[old_email]]
    assert NEW in mail.outbox[0].body and "Admin Tester" in mail.outbox[0].body
    assert not opens_a_reset_form(link)  # the reset token hashes the email
    assert session.get(reverse("home")).status_code == 302  # signed out
    assert not Session.objects.filter(session_key=session.session.session_key).exists()
    assert ApiToken.objects.get(prefix=key[:8]).revoked_at is None
    event = HistoryEvent.objects.filter(object_id=str(staff.pk)).order_by("-id").first()
    assert event.actor_name == "admin" and event.changes["email"] == [old_email, NEW]
    assert SecurityEvent.objects.filter(person=staff, detail__startswith="email changed").exists()


def test_reset_link_sent_to_the_old_address_fails_after_an_api_change(people, api_for):
    manager2 = people["manager2"]
    link = reset_link(manager2)
    response = api_for("divadmin").patch(
        f"/api/v1/people/{manager2.pk}/", {"email": NEW, "version": 1}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["email"] == NEW
    assert not opens_a_reset_form(link)


@pytest.mark.parametrize(
    ("actor", "target"),
    [("divadmin", "admin"), ("divadmin", "staff"), ("manager", "staff"), ("quality", "staff")],
)
def test_api_email_change_without_the_right_answers_like_a_missing_person(
    people, api_for, actor, target
):
    person = people[target]
    api = api_for(actor)
    denied = api.patch(f"/api/v1/people/{person.pk}/", {"email": NEW}, format="json")
    missing = api.patch("/api/v1/people/987654/", {"email": NEW}, format="json")
    assert denied.status_code == missing.status_code == 404
    assert denied.json() == missing.json()
    person.refresh_from_db()
    assert person.email != NEW


def test_page_without_the_right_answers_like_a_missing_person(people, client_for):
    client = client_for("divadmin")
    denied = client.get(reverse("organisation:person_edit", args=[people["admin"].pk]))
    missing = client.get(reverse("organisation:person_edit", args=[987654]))
    assert denied.status_code == missing.status_code == 404
    assert (
        client.get(reverse("organisation:person_edit", args=[people["manager2"].pk])).status_code
        == 200
    )


def test_the_service_refuses_someone_outside_ones_units(people):
    with pytest.raises(PermissionDenied):
        change_person_details(people["admin"], {"email": NEW}, actor=people["divadmin"])
    people["admin"].refresh_from_db()
    assert people["admin"].email != NEW


def test_api_changes_only_the_details(people, api_for):
    manager2 = people["manager2"]
    response = api_for("admin").patch(
        f"/api/v1/people/{manager2.pk}/",
        {"username": "renamed", "is_active": False, "job_title": "Matron", "version": 1},
        format="json",
    )
    assert response.status_code == 200
    manager2.refresh_from_db()
    assert (manager2.username, manager2.is_active, manager2.job_title) == (
        "manager2",
        True,
        "Matron",
    )
