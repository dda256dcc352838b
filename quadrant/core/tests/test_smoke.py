"""The shell answers: health check, login page, home page, unit page."""

from django.urls import reverse


def test_health_check_reports_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_login_page_is_nhs_styled(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"nhsuk-header" in response.content
    assert b"Log in to" in response.content


def test_home_requires_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_manager_sees_home_and_own_ward(client_for, org):
    client = client_for("manager")
    assert client.get(reverse("home")).status_code == 200
    response = client.get(org.ward_a.get_absolute_url())
    assert response.status_code == 200
    assert b"Ward A" in response.content


def test_manager_cannot_open_another_divisions_ward(client_for, org):
    response = client_for("manager").get(org.ward_b.get_absolute_url())
    assert response.status_code == 404
