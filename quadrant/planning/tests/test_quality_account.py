"""The Quality Account: a financial year's priorities picked from the goals, exported as CSV
and as a print-ready page."""

import pytest

from quadrant.planning.models import QualityAccountPriority

pytestmark = pytest.mark.django_db


def test_pick_priorities_then_export(cascade, client_for):
    client = client_for("quality")
    response = client.post(
        "/planning/quality-account/",
        {"year": "2025", "goals": [cascade.trust.pk, cascade.surgery.pk]},
    )
    assert response.status_code == 302
    assert list(QualityAccountPriority.objects.values_list("goal__title", flat=True)) == [
        "Reduce falls with harm", "Surgery: fewer falls"
    ]  # fmt: skip
    page = client.get("/planning/quality-account/?year=2025").content.decode()
    assert "Quality priorities for 2025/26" in page
    csv = b"".join(client.get("/planning/quality-account/export.csv?year=2025")).decode()
    assert "2025/26,1,Reduce falls with harm" in csv
    printed = client.get("/planning/quality-account/print/?year=2025").content.decode()
    assert "Priority 2: Surgery: fewer falls" in printed
    client.post("/planning/quality-account/", {"year": "2025", "goals": [cascade.surgery.pk]})
    assert QualityAccountPriority.objects.count() == 1


def test_only_goals_running_that_year_can_be_picked(cascade, client_for):
    client_for("quality").post(
        "/planning/quality-account/", {"year": "2030", "goals": [cascade.trust.pk]}
    )
    assert not QualityAccountPriority.objects.exists()


def test_staff_read_but_cannot_pick(cascade, client_for):
    client = client_for("staff")
    assert client.get("/planning/quality-account/").status_code == 200
    response = client.post(
        "/planning/quality-account/", {"year": "2025", "goals": [cascade.trust.pk]}
    )
    assert response.status_code == 403
    assert not QualityAccountPriority.objects.exists()


@pytest.mark.parametrize("export", ["print/", "export.csv"])
def test_an_export_with_nothing_in_it_says_so(cascade, client_for, export):
    response = client_for("quality").get(f"/planning/quality-account/{export}?year=2025")
    assert response.status_code == 404
    page = response.content.decode()
    assert "No Quality Account priorities for 2025/26" in page
    assert "nothing to" in page and "Choose the priorities on the Quality Account page" in page


@pytest.mark.parametrize("export", ["print/", "export.csv"])
def test_an_export_of_priorities_one_may_not_see_says_there_are_none(cascade, client_for, export):
    client_for("quality").post(
        "/planning/quality-account/", {"year": "2025", "goals": [cascade.surgery.pk]}
    )
    response = client_for("partner").get(f"/planning/quality-account/{export}?year=2025")
    assert response.status_code == 404
    assert "Surgery" not in response.content.decode()
