"""Administrators manage units, people, roles and settings in Quadrant's own pages."""

import pytest
from django.core import mail
from django.urls import reverse

from quadrant.core.models import ApiToken
from quadrant.core.services import update_object
from quadrant.organisation.models import Membership, OrganisationSettings, OrgUnit, Person

ADMIN_PAGES = [
    ("organisation:people", []),
    ("organisation:person_invite", []),
    ("organisation:unit_create", []),
    ("organisation:import", []),
    ("organisation:settings", []),
]


@pytest.mark.parametrize("username", ["manager", "quality", "board", "staff", "outsider"])
@pytest.mark.parametrize(("name", "args"), ADMIN_PAGES)
def test_non_administrators_get_403_naming_the_permission(client_for, people, username, name, args):
    response = client_for(username).get(reverse(name, args=args))
    assert response.status_code == 403
    assert b"manage people, roles and settings" in response.content


def test_non_administrator_cannot_open_a_person_or_edit_a_unit(client_for, org, people):
    client = client_for("manager")
    assert client.get(reverse("organisation:person", args=[people["staff"].pk])).status_code == 403
    assert client.get(reverse("organisation:unit_edit", args=["WARDA"])).status_code == 403


def test_unit_the_user_cannot_see_is_404(client_for, org):
    client = client_for("manager")
    assert client.get(reverse("overview:unit", args=["WARDB"])).status_code == 404
    assert client.get(reverse("organisation:unit_edit", args=["WARDB"])).status_code == 404
    assert client.get(reverse("overview:unit", args=["NOSUCH"])).status_code == 404


def test_admin_creates_a_unit(client_for, org):
    client = client_for("admin")
    page = client.get(reverse("organisation:unit_create") + "?parent=ACUTE")
    assert page.status_code == 200
    response = client.post(
        reverse("organisation:unit_create"),
        {"code": "WARDC", "name": "Ward C", "kind": "ward", "parent": org.acute.pk, "active": "on"},
    )
    unit = OrgUnit.objects.get(code="WARDC")
    assert response.status_code == 302 and response["Location"] == unit.get_absolute_url()
    assert unit.is_within(org.acute) and unit.created_by.username == "admin"


def test_unit_form_errors_the_nhs_way(client_for, org):
    response = client_for("admin").post(
        reverse("organisation:unit_create"), {"code": "WARDA", "name": "", "kind": "ward"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "nhsuk-error-summary" in content
    assert "A unit already has the code “WARDA”" in content
    assert "Enter the unit&#x27;s name" in content
    assert "Choose the unit this one is part of" in content


def _ward_form(name, parent, version):
    """The unit form, filled in for an active ward under ``parent``."""
    return {"name": name, "kind": "ward", "parent": parent.pk, "active": "on", "version": version}


def test_admin_edits_and_moves_a_unit(client_for, org):
    client = client_for("admin")
    url = reverse("organisation:unit_edit", args=["WARDA2"])
    assert client.get(url).status_code == 200
    response = client.post(
        url, _ward_form("Ward A2 (moved)", org.general_surgery, org.ward_a2.version)
    )
    assert response.status_code == 302
    org.ward_a2.refresh_from_db()
    assert org.ward_a2.name == "Ward A2 (moved)"
    assert org.ward_a2.is_within(org.surgery)


def test_stale_edit_shows_both_versions_and_keeps_the_newer(client_for, org, people):
    client = client_for("admin")
    url = reverse("organisation:unit_edit", args=["WARDA"])
    opened = org.ward_a.version
    update_object(org.ward_a, {"name": "Ward A (theirs)"}, actor=people["admin"])
    response = client.post(url, _ward_form("Ward A (mine)", org.acute, opened))
    assert response.status_code == 409
    content = response.content.decode()
    assert "Ward A (mine)" in content and "Ward A (theirs)" in content
    assert "Your changes have not been saved" in content
    org.ward_a.refresh_from_db()
    assert org.ward_a.name == "Ward A (theirs)"
    # Re-applying from the conflict page sends the current version, so it is saved.
    response = client.post(url, _ward_form("Ward A (mine)", org.acute, org.ward_a.version))
    assert response.status_code == 302
    org.ward_a.refresh_from_db()
    assert org.ward_a.name == "Ward A (mine)"


def test_archive_refuses_a_unit_with_units_below(client_for, org):
    client = client_for("admin")
    response = client.post(
        reverse("organisation:unit_archive", args=["ACUTE"]), {"version": org.acute.version}
    )
    assert response.status_code == 200
    assert "still has 2 units below it" in response.content.decode()
    response = client.post(
        reverse("organisation:unit_archive", args=["WARDA2"]), {"version": org.ward_a2.version}
    )
    assert response.status_code == 302
    org.ward_a2.refresh_from_db()
    assert org.ward_a2.is_archived and not org.ward_a2.active


def test_people_list_filters_and_paginates(client_for, org, people):
    client = client_for("admin")
    response = client.get(reverse("organisation:people"), {"unit": "WARDB"})
    names = [p.username for p in response.context["page"]]
    assert names == ["manager2"]
    response = client.get(reverse("organisation:people"), {"role": "quality_lead"})
    assert [p.username for p in response.context["page"]] == ["quality"]
    response = client.get(reverse("organisation:people"), {"kind": "non_staff"})
    assert [p.username for p in response.context["page"]] == ["partner"]
    response = client.get(reverse("organisation:people"), {"page_size": 3, "page": 2})
    assert len(response.context["page"]) == 3 and response.context["page"].number == 2
    assert b"nhsuk-pagination" in response.content


def test_person_page_shows_roles_and_history_link(client_for, people):
    response = client_for("admin").get(reverse("organisation:person", args=[people["manager"].pk]))
    content = response.content.decode()
    assert "Manager" in content and "Ward A" in content
    assert f"/history/organisation.person/{people['manager'].pk}/" in content


def test_invite_sends_a_set_password_link_and_sets_no_password(
    client_for, org, people, django_capture_on_commit_callbacks
):
    client = client_for("admin")
    form = {
        "first_name": "Ann",
        "last_name": "Other",
        "email": "ann@example.nhs.uk",
        "username": "aother",
        "kind": "staff",
        "home_unit": org.ward_b.pk,
        "role": "staff",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("organisation:person_invite"), form)
    person = Person.objects.get(username="aother")
    assert response.status_code == 302
    assert not person.has_usable_password()
    assert Membership.objects.filter(person=person, org_unit=org.ward_b, role="staff").exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ann@example.nhs.uk"]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    # The invited person sets their own password from the link.
    anonymous = client.__class__()
    page = anonymous.get(link, follow=True)
    assert b"Choose a new password" in page.content
    response = anonymous.post(
        page.redirect_chain[-1][0],
        {"new_password1": "a quiet river stone", "new_password2": "a quiet river stone"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("a quiet river stone")


def test_admin_forms_have_no_password_field(client_for, people):
    client = client_for("admin")
    for url in (
        reverse("organisation:person_invite"),
        reverse("organisation:person", args=[people["staff"].pk]),
    ):
        content = client.get(url).content.decode()
        assert 'type="password"' not in content and 'name="password' not in content


def test_add_and_remove_a_role(client_for, org, people):
    client = client_for("admin")
    staff = people["staff"]
    url = reverse("organisation:membership_add", args=[staff.pk])
    response = client.post(url, {"org_unit": org.ward_a2.pk, "role": "analyst"})
    assert response.status_code == 302
    membership = Membership.objects.get(person=staff, org_unit=org.ward_a2, role="analyst")
    remove = reverse("organisation:membership_remove", args=[staff.pk, membership.pk])
    assert client.get(remove).status_code == 405
    assert client.post(remove).status_code == 302
    membership.refresh_from_db()
    assert membership.is_archived


def test_disable_and_enable_an_account(client_for, people):
    client = client_for("admin")
    staff = people["staff"]
    ApiToken.issue(staff)
    url = reverse("organisation:person_set_active", args=[staff.pk])
    assert client.post(url, {"active": "0"}).status_code == 302
    staff.refresh_from_db()
    assert not staff.is_active
    assert not ApiToken.objects.filter(person=staff, revoked_at__isnull=True).exists()
    client.post(url, {"active": "1"})
    staff.refresh_from_db()
    assert staff.is_active


def test_admin_cannot_disable_own_account(client_for, people):
    admin = people["admin"]
    response = client_for("admin").post(
        reverse("organisation:person_set_active", args=[admin.pk]), {"active": "0"}, follow=True
    )
    assert "You cannot disable your own account" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_organisation_settings(client_for, people):
    client = client_for("admin")
    url = reverse("organisation:settings")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"name": "Northshire NHS Trust", "qms_name": "Quadrant", "version": 1}
    )
    assert response.status_code == 302
    assert OrganisationSettings.current().name == "Northshire NHS Trust"
    response = client.post(url, {"name": "", "qms_name": "Quadrant", "version": 1})
    assert "Enter the organisation&#x27;s name" in response.content.decode()


def test_navigation_shows_people_only_to_administrators(client_for, people):
    assert b'href="/units/people/"' in client_for("admin").get("/").content
    assert b'href="/units/people/"' not in client_for("manager").get("/").content


def test_admin_sends_a_set_password_link_from_the_person_page(client_for, people):
    client = client_for("admin")
    page = client.get(reverse("organisation:person", args=[people["staff"].pk])).content.decode()
    url = reverse("accounts:send_reset", args=[people["staff"].pk])
    assert f'action="{url}"' in page
    assert client.post(url).status_code == 302
    assert mail.outbox[-1].to == [people["staff"].email]


def test_every_administrator_page_opens(client_for, org, people):
    client = client_for("admin")
    staff = people["staff"].pk
    urls = [
        reverse("organisation:units"),
        reverse("overview:unit", args=["WARDA"]),
        reverse("organisation:unit_edit", args=["WARDA"]),
        reverse("organisation:unit_edit", args=["TRUST"]),
        reverse("organisation:unit_archive", args=["WARDA2"]),
        reverse("organisation:membership_add", args=[staff]),
        reverse("organisation:person", args=[people["outsider"].pk]),
        *(reverse(name, args=args) for name, args in ADMIN_PAGES),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"nhsuk-header" in response.content
