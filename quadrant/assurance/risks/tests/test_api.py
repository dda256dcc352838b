"""The risks API: each risk carries the likelihood, consequence, score and band of its
current rating; the register's filters; create and update through the services (a change of
rating is a review and may escalate); bad levels refused naming the field; stale updates 409."""

from __future__ import annotations

from typing import Any

from quadrant.assurance.risks.models import Risk
from quadrant.assurance.risks.tests.conftest import next_month


def test_a_risk_carries_its_current_rating(api_for: Any, make_risk: Any) -> None:
    risk = make_risk(current_likelihood=4, current_consequence=3)
    body = api_for("manager").get(f"/api/v1/risks/{risk.pk}/").json()
    assert (body["likelihood"], body["consequence"], body["score"], body["band"]) == (
        4, 3, 12, "high",
    )  # fmt: skip
    assert body["reference"] == risk.reference and body["org_unit"] == "WARDA"
    assert body["owner"] == "manager" and body["category"] == "Patient safety"
    assert body["above_appetite"] is True and body["status"] == "open"
    assert body["escalated_to"] is None and body["version"] == risk.version


def test_the_list_takes_the_register_s_filters(api_for: Any, make_risk: Any) -> None:
    make_risk(title="Extreme one", current_likelihood=5, current_consequence=4)
    make_risk(title="Low one", current_likelihood=1, current_consequence=1)
    api = api_for("quality")
    titles = [r["title"] for r in api.get("/api/v1/risks/", {"band": "extreme"}).json()["results"]]
    assert titles == ["Extreme one"]
    assert api.get("/api/v1/risks/", {"escalated": "true"}).json()["count"] == 1
    assert api.get("/api/v1/risks/", {"above_appetite": "false"}).json()["count"] == 1
    refused = api.get("/api/v1/risks/", {"band": "purple"})
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "band"


def test_a_risk_is_created_and_rescored_through_the_api(
    api_for: Any, safety: Any, org: Any, people: dict[str, Any]
) -> None:
    api = api_for("manager")
    body = {
        "title": "Medicines fridge fails", "cause": "Because the fridge is old",
        "event": "there is a risk that vaccines spoil", "effect": "which would delay care",
        "org_unit": "WARDA", "owner": "manager", "category": "Patient safety",
        "likelihood": 2, "consequence": 3, "initial_likelihood": 3, "initial_consequence": 3,
        "target_likelihood": 1, "target_consequence": 3,
        "review_date": next_month().isoformat(),
    }  # fmt: skip
    created = api.post("/api/v1/risks/", body, format="json")
    assert created.status_code == 201, created.json()
    risk = Risk.objects.get()
    assert created.json()["score"] == 6 and risk.reviews.count() == 1
    changed = api.patch(f"/api/v1/risks/{risk.pk}/",
                        {"likelihood": 4, "consequence": 4, "version": created.json()["version"]},
                        format="json")  # fmt: skip
    assert changed.status_code == 200, changed.json()
    assert changed.json()["score"] == 16 and changed.json()["escalated_to"] == "TRUST"
    assert risk.reviews.count() == 2


def test_a_likelihood_of_6_is_refused_naming_the_field(api_for: Any, make_risk: Any) -> None:
    risk = make_risk()
    response = api_for("manager").patch(
        f"/api/v1/risks/{risk.pk}/", {"likelihood": 6, "version": risk.version}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "likelihood", "message": "Likelihood must be a whole number from 1 to 5"}
    ]
    risk.refresh_from_db()
    assert risk.current_likelihood == 3


def test_a_stale_update_is_refused(api_for: Any, make_risk: Any) -> None:
    risk = make_risk()
    response = api_for("manager").patch(
        f"/api/v1/risks/{risk.pk}/", {"title": "Changed", "version": risk.version - 1 or 99},
        format="json",
    )  # fmt: skip
    assert response.status_code == 409


def test_staff_may_read_but_not_write_through_the_api(api_for: Any, make_risk: Any) -> None:
    risk = make_risk()
    api = api_for("staff")
    assert api.get(f"/api/v1/risks/{risk.pk}/").status_code == 200
    response = api.patch(f"/api/v1/risks/{risk.pk}/", {"title": "x", "version": risk.version},
                         format="json")  # fmt: skip
    assert response.status_code == 403
