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


def choose(year, *goals):
    from quadrant.core.testing.actors import quality_lead
    from quadrant.planning import services

    services.set_quality_account_priorities(year, list(goals), actor=quality_lead())


def year_options(page):
    import re

    select = page.split('id="year"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="(\d+)"( selected)?>', select)


def test_it_opens_on_the_latest_year_with_priorities(cascade, client_for):
    choose(2024, cascade.trust)
    choose(2025, cascade.division)
    choose(2026, cascade.surgery)  # a year with priorities staff of Ward A may not see
    page = client_for("staff").get("/planning/quality-account/").content.decode()
    assert "Quality priorities for 2025/26" in page
    assert year_options(page) == [("2024", ""), ("2025", " selected")]  # only years there are
    printed = client_for("staff").get("/planning/quality-account/print/").content.decode()
    assert "Our quality priorities for 2025/26" in printed


def test_someone_who_chooses_priorities_is_offered_the_years_goals_run(cascade, client_for):
    choose(2025, cascade.surgery)
    page = client_for("quality").get("/planning/quality-account/").content.decode()
    assert "Quality priorities for 2025/26" in page
    assert [value for value, _ in year_options(page)] == ["2024", "2025", "2026"]
    empty = client_for("quality").get("/planning/quality-account/?year=2026").content.decode()
    assert "No priority has been chosen for 2026/27 yet." in empty


@pytest.mark.parametrize(
    ("asked", "named"),
    [("99999", "“99999”"), ("abc", "“abc”"), ("2031", "2031/32"), ("2024", "2024/25")],
)
@pytest.mark.parametrize("page", ["", "print/", "export.csv"])
def test_any_other_year_is_not_found_and_the_years_there_are_are_named(
    cascade, client_for, asked, named, page
):
    choose(2025, cascade.trust)
    choose(2026, cascade.trust)
    response = client_for("staff").get(f"/planning/quality-account/{page}?year={asked}")
    assert response.status_code == 404
    text = b"".join(response).decode() if response.streaming else response.content.decode()
    assert f"There is no Quality Account for {named}" in text
    assert "There are Quality Accounts for 2025/26 and 2026/27." in text


def test_one_year_and_no_year_are_said_plainly(cascade, client_for):
    client = client_for("staff")
    nothing = client.get("/planning/quality-account/")
    assert nothing.status_code == 200
    assert "There is no Quality Account yet." in nothing.content.decode()
    missing = client.get("/planning/quality-account/?year=2025").content.decode()
    assert "There is no Quality Account for 2025/26. There is no Quality Account yet." in missing
    choose(2025, cascade.trust)
    one = client.get("/planning/quality-account/?year=2024").content.decode()
    assert "There is a Quality Account for 2025/26 only." in one


def test_every_printed_priority_shows_its_rolled_up_progress(cascade, org, client_for):
    from quadrant.core.testing.actors import quality_lead
    from quadrant.planning import services

    from .conftest import make_measure

    worse = [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11, 9, 14, 15, 15, 16, 15, 16, 17, 16]
    measure = make_measure(org.ward_a2, "FALLS-A2", worse, direction="decrease")
    services.link_measure(cascade.ward_a2, measure, "outcome", actor=quality_lead())
    choose(2025, cascade.trust, cascade.surgery)
    printed = client_for("quality").get("/planning/quality-account/print/").content.decode()
    assert "Off track</strong> Off track: 1 of its 2 child goals is off track." in printed
    assert (
        "Not yet known</strong> No measure linked; its child goal is not yet known either."
        in printed
    )
    csv = b"".join(client_for("quality").get("/planning/quality-account/export.csv")).decode()
    assert "Off track,Off track: 1 of its 2 child goals is off track." in csv
    page = client_for("quality").get("/planning/quality-account/").content.decode()
    assert page.count("nhsuk-tag--red") == 1 and page.count("nhsuk-tag--grey") == 1
