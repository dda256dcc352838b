"""Who may read and change risks: the owner, managers of the risk's unit and of the units
above it, and quality leads edit; staff of the unit read only; manager2 (another division)
sees nothing of Ward A's risks by page, API, download or search; patient partners see none."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from quadrant.assurance.risks.tests.conftest import next_month
from quadrant.organisation.choices import Role
from quadrant.organisation.models import Membership


def _edit(client: Any, risk: Any, title: str) -> Any:
    return client.post(
        reverse("assurance:risk_review", args=[risk.pk]),
        {"version": risk.version, "likelihood": "2", "consequence": "2", "note": title,
         "review_date-day": str(next_month().day), "review_date-month": str(next_month().month),
         "review_date-year": str(next_month().year)},
    )  # fmt: skip


@pytest.mark.parametrize("who", ["owner", "manager", "above", "quality"])
def test_those_who_may_edit_a_risk_do(
    who: str, client_for: Any, make_risk: Any, people: dict[str, Any], org: Any
) -> None:
    Membership.objects.create(person=people["coach"], org_unit=org.acute, role=Role.MANAGER)
    people["staff"].refresh_from_db()
    risk = make_risk(owner=people["staff"])  # a member of staff owns it
    username = {"owner": "staff", "manager": "manager", "above": "coach", "quality": "quality"}
    response = _edit(client_for(username[who]), risk, f"Reviewed by {who}")
    assert response.status_code == 302
    assert risk.reviews.filter(note=f"Reviewed by {who}").exists()


def test_staff_read_their_unit_s_risks_but_may_not_change_them(
    client_for: Any, make_risk: Any
) -> None:
    risk = make_risk()
    client = client_for("staff")
    page = client.get(risk.get_absolute_url()).content.decode()
    assert risk.title in page and "Review the risk" not in page
    assert client.get(reverse("assurance:risk_edit", args=[risk.pk])).status_code == 403
    assert _edit(client, risk, "Not allowed").status_code == 403
    assert client.get(reverse("assurance:risk_new")).status_code == 403
    assert risk.reviews.count() == 1


def test_the_director_of_the_division_reads_but_does_not_manage(
    client_for: Any, make_risk: Any
) -> None:
    risk = make_risk()
    client = client_for("director")
    assert client.get(risk.get_absolute_url()).status_code == 200
    assert _edit(client, risk, "Executive").status_code == 403


def test_another_division_s_manager_sees_nothing_of_it(
    client_for: Any, api_for: Any, make_risk: Any
) -> None:
    risk = make_risk(title="Medicine secret risk")
    client = client_for("manager2")
    for name in ("risk", "risk_edit", "risk_review", "risk_status", "risk_assurance_new",
                 "risk_action_new"):  # fmt: skip
        assert client.get(reverse(f"assurance:{name}", args=[risk.pk])).status_code == 404, name
    assert _edit(client, risk, "Sneaky").status_code == 404
    register = client.get(reverse("assurance:risks")).content.decode()
    assert "Medicine secret risk" not in register
    heat = client.get(reverse("assurance:risk_heat_map")).content.decode()
    assert "0 risks" in heat
    download = b"".join(client.get(reverse("assurance:risks_export")).streaming_content)
    assert b"secret" not in download and download.count(b"\n") == 1  # the header only
    found = client.get(reverse("search"), {"q": "secret"}).content.decode()
    assert "Medicine secret risk" not in found
    api = api_for("manager2")
    assert api.get(f"/api/v1/risks/{risk.pk}/").status_code == 404
    assert api.get("/api/v1/risks/").json()["count"] == 0
    assert api.patch(f"/api/v1/risks/{risk.pk}/", {"title": "x", "version": 1},
                     format="json").status_code == 404  # fmt: skip


def test_a_download_is_security_logged_with_its_rows(client_for: Any, make_risk: Any) -> None:
    from quadrant.core.models import SecurityEvent

    make_risk()
    make_risk(title="Second")
    response = client_for("manager").get(reverse("assurance:risks_export"), {"unit": "WARDA"})
    rows = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(rows) == 3 and rows[0].startswith("Reference,Title,Unit")
    event = SecurityEvent.objects.filter(kind="export").latest("pk")
    assert event.detail == "risk register (CSV); 2 rows; filter: unit=WARDA"


def test_the_owner_s_own_search_finds_it(client_for: Any, make_risk: Any) -> None:
    make_risk(title="Medicine secret risk")
    found = client_for("manager").get(reverse("search"), {"q": "secret"}).content.decode()
    assert "Medicine secret risk" in found


def test_a_patient_partner_sees_no_risk(client_for: Any, api_for: Any, make_risk: Any) -> None:
    risk = make_risk(title="Falls at night")
    client = client_for("partner")
    assert client.get(risk.get_absolute_url()).status_code == 404
    assert "Falls at night" not in client.get(reverse("assurance:risks")).content.decode()
    assert api_for("partner").get("/api/v1/risks/").json()["count"] == 0


def test_the_ward_manager_cannot_add_a_risk_to_another_ward(
    client_for: Any, org: Any, people: dict[str, Any], safety: Any
) -> None:
    from quadrant.assurance.risks.models import Risk

    response = client_for("manager").post(
        reverse("assurance:risk_new"),
        {"title": "Elsewhere", "org_unit": str(org.ward_b.pk), "owner": str(people["manager"].pk)},
    )
    assert response.status_code == 400
    assert "Choose the unit the risk belongs to" in response.content.decode()
    assert not Risk.objects.exists()


def test_only_quality_leads_change_the_settings(client_for: Any) -> None:
    assert client_for("manager").get(reverse("assurance:risk_matrix_edit")).status_code == 403
    assert client_for("quality").get(reverse("assurance:risk_matrix_edit")).status_code == 200
    assert client_for("manager").get(reverse("assurance:risk_category_new")).status_code == 403
