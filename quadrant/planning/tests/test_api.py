"""API: /api/v1/strategies/, /api/v1/goals/ (with `parent`) and /api/v1/driver-diagrams/
(nodes nested); global search finds goals and driver diagrams."""

import pytest

from quadrant.core.testing.actors import quality_lead
from quadrant.planning import diagrams, services
from quadrant.planning.models import Goal
from quadrant.planning.progress import tree_memo
from quadrant.planning.tests.conftest import make_goal

pytestmark = pytest.mark.django_db


def test_goals_list_is_scoped_and_shows_the_parent(cascade, api_for):
    data = api_for("manager").get("/api/v1/goals/?page_size=100").json()
    by_title = {row["title"]: row for row in data["results"]}
    assert by_title["Ward A: falls risk assessed"]["parent"] == cascade.service.pk
    assert "Ward B: falls huddles" not in by_title


def test_manager_creates_a_ward_goal_and_is_refused_elsewhere(cascade, org, api_for):
    api = api_for("manager")
    body = {
        "title": "Ward A API goal", "statement": "x", "org_unit": "WARDA",
        "parent": cascade.service.pk, "first_year": 2025, "last_year": 2025,
    }  # fmt: skip
    created = api.post("/api/v1/goals/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["parent"] == cascade.service.pk
    refused = api.post("/api/v1/goals/", {**body, "org_unit": "WARDB"}, format="json")
    assert refused.status_code == 400  # a unit one may not see answers like one that is not there
    assert refused.json()["errors"] == [{"field": "org_unit", "message": "No unit with code WARDB"}]
    above = api.post("/api/v1/goals/", {**body, "org_unit": "MED", "parent": None}, format="json")
    assert above.status_code == 403  # a unit one may see but not edit names the permission
    assert "edit goals and driver diagrams" in above.json()["detail"]


def test_moving_a_goal_to_a_unit_one_cannot_edit_is_refused(cascade, api_for):
    """Rights at the goal's unit do not let one move it where one has none."""
    api = api_for("manager")
    url = f"/api/v1/goals/{cascade.ward_a.pk}/"
    version = api.get(url).json()["version"]
    refused = api.patch(url, {"org_unit": "MED", "version": version}, format="json")
    assert refused.status_code == 403
    assert "edit goals and driver diagrams" in refused.json()["detail"]
    hidden = api.patch(url, {"org_unit": "WARDB", "version": version}, format="json")
    assert hidden.status_code == 400 and "No unit with code WARDB" in hidden.content.decode()
    assert Goal.objects.get(pk=cascade.ward_a.pk).org_unit.code == "WARDA"
    renamed = api.patch(url, {"title": "Ward A: every fall reviewed", "version": version},
                        format="json")  # fmt: skip
    assert renamed.status_code == 200, renamed.json()


def test_moving_a_strategy_to_a_unit_one_cannot_edit_is_refused(org, api_for):
    from quadrant.planning import services

    strategy = services.create_strategy(
        title="Ward A plan",
        org_unit=org.ward_a,
        first_year=2025,
        last_year=2026,
        actor=quality_lead(),
    )
    api = api_for("manager")
    url = f"/api/v1/strategies/{strategy.pk}/"
    version = {"version": strategy.version}
    refused = api.patch(url, {"org_unit": "MED", **version}, format="json")
    assert refused.status_code in (400, 403)  # planning's update_strategy: its unit stays
    assert "org_unit" in refused.content.decode() or "edit goals" in refused.content.decode()
    hidden = api.patch(url, {"org_unit": "WARDB", **version}, format="json")
    assert hidden.status_code == 400  # not seen
    strategy.refresh_from_db()
    assert strategy.org_unit_id == org.ward_a.pk
    body = {"title": "Ward A plan 2025–27", "version": strategy.version}
    assert api.patch(url, body, format="json").status_code == 200


def test_cycle_refused_through_the_api(cascade, api_for):
    response = api_for("quality").patch(
        f"/api/v1/goals/{cascade.trust.pk}/",
        {"parent": cascade.ward_b.pk, "version": cascade.trust.version},
        format="json",
    )
    assert response.status_code == 400
    assert "its own ancestor" in str(response.json())
    assert Goal.objects.get(pk=cascade.trust.pk).parent_id is None


def test_strategies_and_driver_diagrams(cascade, org, api_for):
    made = diagrams.create_driver_diagram(
        title="Falls", org_unit=org.ward_a, aim="Fewer falls", actor=quality_lead()
    )
    diagrams.add_driver_node(made.nodes.get(), "Risk assessment", actor=quality_lead())
    strategies = api_for("staff").get("/api/v1/strategies/").json()["results"]
    assert strategies[0]["period"] == "2024/25–2026/27"
    assert strategies[0]["aims"] == ["Zero avoidable harm"]
    found = api_for("manager").get(f"/api/v1/driver-diagrams/{made.pk}/").json()
    assert [(n["kind"], n["text"]) for n in found["nodes"]] == [
        ("aim", "Fewer falls"), ("primary", "Risk assessment")
    ]  # fmt: skip
    assert api_for("manager2").get(f"/api/v1/driver-diagrams/{made.pk}/").status_code == 404


def test_search_finds_goals_and_diagrams_the_user_may_see(cascade, org, client_for):
    diagrams.create_driver_diagram(
        title="Falls diagram", org_unit=org.ward_b, aim="x", actor=quality_lead()
    )
    page = client_for("manager2").get("/search/?q=falls").content.decode()
    assert "Ward B: falls huddles" in page and "Falls diagram" in page
    assert "Ward A: falls risk assessed" not in page
    other = client_for("manager").get("/search/?q=falls").content.decode()
    assert "Falls diagram" not in other


def test_search_queries_do_not_grow_with_the_results(cascade, org, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("quality")

    def queries() -> int:
        client.get("/search/?q=falls")  # the session's first page restarts its idle clock
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/search/?q=falls").status_code == 200
        return len(captured)

    before = queries()
    for n in range(6):
        make_goal(org.ward_b, f"More falls work {n}")
        diagrams.create_driver_diagram(
            title=f"Falls diagram {n}", org_unit=org.ward_a, aim="x", actor=quality_lead()
        )
    assert queries() == before


def test_goals_carry_their_rolled_up_progress(cascade, org, api_for):
    import datetime as dt

    from quadrant.control.public import MeasureTarget
    from quadrant.planning.progress import RULE
    from quadrant.planning.tests.conftest import make_measure

    measure = make_measure(org.ward_a, "FFT-A", [95, 96, 94, 95, 97] * 4, direction="increase")
    MeasureTarget.objects.create(measure=measure, value=80, effective_from=dt.date(2020, 1, 1))
    services.link_measure(cascade.ward_a, measure, "outcome", actor=quality_lead())
    api = api_for("board")
    rows = {row["title"]: row for row in api.get("/api/v1/goals/?page_size=100").json()["results"]}
    assert rows["Ward A: falls risk assessed"]["progress"] == {
        "status": "on_track",
        "reason": "On track: Measure FFT-A consistently meets its target.",
        "rule": RULE,
    }
    assert rows["Ward B: falls huddles"]["progress"]["status"] == "unknown"
    assert rows["Ward B: falls huddles"]["progress"]["reason"] == "No measure linked."
    detail = api.get(f"/api/v1/goals/{cascade.service.pk}/").json()
    assert detail["progress"]["status"] == "on_track"
    assert detail["progress"]["reason"] == (
        "On track: 1 of its 2 child goals is on track. Not yet known: 1 child goal."
    )
    # read-only: sending it changes nothing and is not refused
    body = {"progress": {"status": "off_track"}, "version": detail["version"]}
    assert api.patch(f"/api/v1/goals/{cascade.service.pk}/", body, format="json").status_code == 200


def test_the_goal_list_costs_the_same_queries_however_many_goals(cascade, org, api_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = api_for("board")
    api.get("/api/v1/goals/?page_size=100")

    def count():
        tree_memo.forget()  # the roll-up worked out afresh each time
        with CaptureQueriesContext(connection) as queries:
            response = api.get("/api/v1/goals/?page_size=100")
        assert response.status_code == 200
        return len(queries), len(response.json()["results"])

    small, shown = count()
    for index in range(20):
        make_goal(org.ward_a, f"Extra goal {index}", parent=cascade.ward_a)
    large, shown_now = count()
    assert (shown, shown_now) == (7, 27)
    assert large == small


def test_the_schema_documents_progress(api_for):
    schema = api_for("board").get("/api/schema/?format=json")
    assert schema.status_code == 200, schema.content[:200]
    components = schema.json()["components"]["schemas"]
    progress = components["GoalProgress"]["properties"]
    assert set(progress) == {"status", "reason", "rule"}
    assert components["Goal"]["properties"]["progress"]["readOnly"] is True
