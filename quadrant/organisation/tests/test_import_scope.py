"""A division's administrator imports only their own division: a row naming anyone or any unit
outside it is refused by row number, in words that never tell where that person or unit is, and
nothing of the file is written. The attack this closes: import a row giving the trust
administrator a new email, then reset their password from that address."""

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from quadrant.core.models import HistoryEvent
from quadrant.organisation.importers import check_people, check_units, managed_unit_ids
from quadrant.organisation.importers.people import ACCOUNT_NOT_YOURS
from quadrant.organisation.models import Membership, OrgUnit, Person

PEOPLE = "username,first_name,last_name,email,job_title,home_unit_code,role,role_unit_code\n"
UNITS = "code,name,kind,parent_code,active\n"
ATTACKER = "mallory@attacker.example"
NEW_SURGEON = "nsurgeon,Nia,Surgeon,nia@example.nhs.uk,Registrar,WARDB,staff,\n"


def upload(body: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("staff.csv", body.encode(), content_type="text/csv")


def import_people_as(client: Client, body: str):
    return client.post(reverse("organisation:import"), {"kind": "people", "file": upload(body)})


def what_is_stored():
    return (
        list(Person.objects.order_by("pk").values_list("username", "email", "home_unit_id")),
        Membership.objects.count(),
        HistoryEvent.objects.count(),
    )


@pytest.mark.parametrize(
    ("target", "home"),
    [("admin", "TRUST"), ("admin", "SURG"), ("coach", "MED"), ("staff", "WARDA")],
    ids=["trust-admin", "trust-admin-moved-to-surgery", "medicine-coach", "ward-a-staff"],
)
def test_divadmin_cannot_take_over_an_account_outside_surgery(client_for, people, target, home):
    client = client_for("divadmin")
    before = what_is_stored()
    row = f"{target},Someone,Else,{ATTACKER},,{home},,\n"
    response = import_people_as(client, PEOPLE + NEW_SURGEON + row)

    assert response.status_code == 400
    content = response.content.decode()
    expected = f"Row 3, column username: {ACCOUNT_NOT_YOURS.format(username=target)}"
    assert expected.replace("'", "&#x27;") in content
    assert what_is_stored() == before  # not even the valid Surgery row of the same file

    mail.outbox.clear()
    Client().post(reverse("accounts:password_reset"), {"email": ATTACKER})
    assert mail.outbox == []  # no account has the attacker's address: nothing to reset


def test_the_refusal_is_the_same_for_a_taken_name_as_for_someone_out_of_sight(org, people):
    """One wording for 'outside your units' and 'used already in other capitals' (inside)."""
    allowed = managed_unit_ids(people["divadmin"])
    body = PEOPLE + f"admin,A,B,{ATTACKER},,WARDB,,\nMANAGER2,A,B,{ATTACKER},,WARDB,,\n"
    errors = [str(error) for error in check_people(body.encode(), allowed_unit_ids=allowed).errors]
    assert errors == [
        f"Row 2, column username: {ACCOUNT_NOT_YOURS.format(username='admin')}",
        f"Row 3, column username: {ACCOUNT_NOT_YOURS.format(username='MANAGER2')}",
    ]
    assert "Trust" not in " ".join(errors) and "TRUST" not in " ".join(errors)


def test_a_surgery_person_holding_a_role_elsewhere_is_out_of_reach(client_for, org, people):
    """Their home is in Surgery, but a new email would hand over their Medicine role too."""
    Membership.objects.create(person=people["manager2"], org_unit=org.medicine, role="manager")
    before = what_is_stored()
    response = import_people_as(
        client_for("divadmin"), PEOPLE + f"manager2,James,Okoro,{ATTACKER},,WARDB,,\n"
    )
    assert response.status_code == 400
    assert "Row 2, column username: the username “manager2” is taken" in response.content.decode()
    assert what_is_stored() == before


def test_divadmin_imports_rows_for_surgery_people(client_for, people, org):
    manager2 = people["manager2"]
    old_email = manager2.email
    signed_in = Client()
    signed_in.force_login(manager2)
    body = PEOPLE + NEW_SURGEON + "manager2,James,Okoro,james.okoro@example.nhs.uk,Matron,WARDB,,\n"

    response = import_people_as(client_for("divadmin"), body)

    assert response.status_code == 302, response.content.decode()[:2000]
    manager2.refresh_from_db()
    assert (manager2.email, manager2.job_title) == ("james.okoro@example.nhs.uk", "Matron")
    assert Person.objects.get(username="nsurgeon").home_unit == org.ward_b
    # The new address ends manager2's sessions; the history event names the importer.
    assert not Session.objects.filter(session_key=signed_in.session.session_key).exists()
    event = HistoryEvent.objects.order_by("-id").first()
    assert event.actor_name == "divadmin" and event.changes["file_name"] == "staff.csv"
    assert [
        row["changes"]["email"] for row in event.changes["rows"] if "email" in row["changes"]
    ] == [[old_email, "james.okoro@example.nhs.uk"]]


def test_import_tells_the_old_address(people, django_capture_on_commit_callbacks):
    from quadrant.organisation.importers import run_import

    mail.outbox.clear()
    body = PEOPLE + "manager2,James,Okoro,james.okoro@example.nhs.uk,,WARDB,,\n"
    divadmin = people["divadmin"]
    with django_capture_on_commit_callbacks(execute=True):
        errors, counts = run_import(
            "people",
            body.encode(),
            actor=divadmin,
            file_name="staff.csv",
            allowed_unit_ids=managed_unit_ids(divadmin),
        )
    assert errors == [] and counts["updated"] == 1
    assert [message.to for message in mail.outbox] == [["manager2@example.nhs.uk"]]
    assert "james.okoro@example.nhs.uk" in mail.outbox[0].body


def test_unit_codes_outside_surgery_answer_like_missing_ones(org, people):
    allowed = managed_unit_ids(people["divadmin"])
    body = PEOPLE + "a1,A,B,a1@example.nhs.uk,,WARDA,,\na2,A,B,a2@example.nhs.uk,,NOPE,,\n"
    errors = [str(e) for e in check_people(body.encode(), allowed_unit_ids=allowed).errors]
    assert errors == [
        "Row 2, column home_unit_code: no unit you manage has the code “WARDA”.",
        "Row 3, column home_unit_code: no unit you manage has the code “NOPE”.",
    ]


def test_unit_import_outside_surgery_is_refused_without_telling_where(client_for, org, people):
    allowed = managed_unit_ids(people["divadmin"])
    body = UNITS + "WARDA,Ward A renamed,ward,ACUTE,\nW9,Ward 9,ward,MED,\nW10,Ward 10,ward,NOPE,\n"
    errors = [str(e) for e in check_units(body.encode(), allowed_unit_ids=allowed).errors]
    assert errors == [
        "Row 2, column code: the code “WARDA” is taken by a unit you do not manage. "
        "Choose another code.",
        "Row 3, column parent_code: no unit you manage has the code “MED”, "
        "in this file or in Quadrant.",
        "Row 4, column parent_code: no unit you manage has the code “NOPE”, "
        "in this file or in Quadrant.",
    ]
    before = (list(OrgUnit.objects.values_list("code", "name")), HistoryEvent.objects.count())
    response = client_for("divadmin").post(
        reverse("organisation:import"), {"kind": "units", "file": upload(body)}
    )
    assert response.status_code == 400
    assert (
        list(OrgUnit.objects.values_list("code", "name")),
        HistoryEvent.objects.count(),
    ) == before


def test_divadmin_may_still_import_units_under_surgery(client_for, org):
    body = UNITS + "W30,Ward 30,ward,GENSURG,\nWARDB,Ward B renamed,ward,GENSURG,\n"
    response = client_for("divadmin").post(
        reverse("organisation:import"), {"kind": "units", "file": upload(body)}
    )
    assert response.status_code == 302
    assert OrgUnit.objects.get(code="W30").is_within(org.surgery)
    assert OrgUnit.objects.get(code="WARDB").name == "Ward B renamed"
