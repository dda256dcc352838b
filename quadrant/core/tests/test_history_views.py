"""An object's history and the whole change history: scope, filters, export, redaction."""

import csv
import io

import pytest
from django.urls import reverse

from quadrant.core.services import update_object
from quadrant.organisation.models import OrgUnit


def history(obj):
    return reverse("history", args=[obj._meta.label_lower, obj.pk])


@pytest.fixture
def renamed(org, people):
    update_object(org.ward_a, {"name": "Ward A (renamed)"}, actor=people["admin"])
    update_object(org.ward_b, {"name": "Ward B (renamed)"}, actor=people["admin"])
    return org


def test_history_lists_field_level_changes(client_for, renamed):
    response = client_for("manager").get(history(renamed.ward_a))
    assert response.status_code == 200
    content = response.content.decode()
    assert "History of Ward A (renamed)" in content
    assert "Ward A</span>" in content and "Ward A (renamed)</span>" in content
    assert "By <strong>Admin Tester</strong>" in content and "<strong>admin</strong>" not in content
    assert "UTC" in content and "(UK time)" in content


def test_history_is_404_for_an_object_the_user_cannot_see(client_for, renamed, people):
    client = client_for("manager")
    assert client.get(history(renamed.ward_b)).status_code == 404
    assert client.get(history(people["manager2"])).status_code == 404
    assert client.get(reverse("history", args=["organisation.nosuch", 1])).status_code == 404
    assert client.get(reverse("history", args=["organisation.orgunit", "x"])).status_code == 404
    assert client.get(reverse("history", args=["core.historyevent", 1])).status_code == 404


def test_unit_page_links_to_its_history(client_for, org):
    content = client_for("manager").get(org.ward_a.get_absolute_url()).content.decode()
    assert history(org.ward_a) in content


def test_manager_gets_403_on_the_audit_log(client_for, org):
    response = client_for("manager").get(reverse("history-log"))
    assert response.status_code == 403
    assert b"read the change history" in response.content
    assert client_for("manager").get(reverse("history-log-export")).status_code == 403


def test_quality_lead_sees_only_events_of_their_subtree(client_for, renamed, people):
    from quadrant.organisation.models import Membership

    Membership.objects.filter(person=people["quality"]).update(org_unit=renamed.medicine)
    response = client_for("quality").get(reverse("history-log"), {"model": "organisation.orgunit"})
    assert response.status_code == 200
    units = {row["event"].org_unit_id for row in response.context["rows"]}
    assert renamed.ward_a.pk in units
    assert renamed.ward_b.pk not in units
    assert all(OrgUnit.objects.get(pk=pk).is_within(renamed.medicine) for pk in units)


def test_admin_sees_everything_and_filters(client_for, renamed):
    client = client_for("admin")
    everything = client.get(reverse("history-log")).context["page"].paginator.count
    response = client.get(
        reverse("history-log"), {"actor": "admin", "action": "update", "unit": "SURG"}
    )
    rows = response.context["rows"]
    assert [row["event"].object_repr for row in rows] == ["Ward B (renamed)"]
    assert everything > len(rows)
    response = client.get(reverse("history-log"), {"unit": "NOPE"})
    assert "No unit has the code “NOPE”" in response.content.decode()
    response = client.get(
        reverse("history-log"), {"date_from": "2030-01-02", "date_to": "2030-01-01"}
    )
    assert "must be the same as or after" in response.content.decode()


def test_audit_log_paginates(client_for, renamed):
    response = client_for("admin").get(reverse("history-log"), {"page_size": 2, "page": 2})
    assert len(response.context["rows"]) == 2
    assert response.context["page"].number == 2


def test_csv_export_streams_the_filtered_log(client_for, renamed):
    response = client_for("admin").get(
        reverse("history-log-export"), {"unit": "WARDB", "action": "update", "actor": "admin"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["record"] for row in rows] == ["Ward B (renamed)"]
    assert rows[0]["unit_code"] == "WARDB" and rows[0]["at_utc"].endswith("+00:00")
    assert '"name": ["Ward B", "Ward B (renamed)"]' in rows[0]["changes"]


def test_sensitive_fields_are_redacted_without_see_pii(client_for, renamed, monkeypatch):
    monkeypatch.setattr(OrgUnit, "sensitive_fields", frozenset({"name"}))
    # The administrator may read the log but not patient-identifiable details.
    admin = client_for("admin")
    page = admin.get(
        reverse("history-log"), {"unit": "WARDB", "action": "update", "actor": "admin"}
    ).content.decode()
    assert "[redacted]" in page and "Ward B (renamed)</span>" not in page
    export = b"".join(
        admin.get(
            reverse("history-log-export"), {"unit": "WARDB", "action": "update", "actor": "admin"}
        ).streaming_content
    ).decode()
    assert "[redacted]" in export and '"Ward B"' not in export
    # The quality lead may see them.
    page = (
        client_for("quality")
        .get(reverse("history-log"), {"unit": "WARDB", "action": "update", "actor": "admin"})
        .content.decode()
    )
    assert "Ward B (renamed)</span>" in page
    # The manager's own ward's history hides them too (managers lack SEE_PII).
    page = client_for("manager").get(history(renamed.ward_a)).content.decode()
    assert "[redacted]" in page


def test_navigation_shows_audit_log_to_quality_and_admin_only(client_for, org):
    link = b'href="/history/"'
    assert link in client_for("quality").get("/").content
    assert link in client_for("admin").get("/").content
    assert link not in client_for("manager").get("/").content


def test_the_old_audit_log_addresses_redirect_to_the_history_keeping_the_filters(client_for, org):
    client = client_for("quality")
    page = client.get("/audit-log/?unit=WARDB&action=update")
    assert page.status_code == 301
    assert page["Location"] == "/history/?unit=WARDB&action=update"
    export = client.get("/audit-log/export.csv")
    assert (export.status_code, export["Location"]) == (301, "/history/export.csv")
    assert client.get(page["Location"]).status_code == 200


def test_the_old_address_still_checks_who_may_read_the_history(client_for, org):
    response = client_for("manager").get("/audit-log/", follow=True)
    assert response.status_code == 403


def test_the_old_api_list_redirects_with_its_method_kept(api_for, org):
    api = api_for("quality")
    listed = api.get("/api/v1/audit-events/?page_size=5")
    assert listed.status_code == 308
    assert listed["Location"] == "/api/v1/history/?page_size=5"
    event_id = api.get("/api/v1/history/").json()["results"][0]["id"]
    detail = api.get(f"/api/v1/audit-events/{event_id}/")
    assert detail["Location"] == f"/api/v1/history/{event_id}/"
    assert api.get(detail["Location"]).json()["id"] == event_id


def test_history_reads_as_people_understand_it(client_for, org):
    content = client_for("manager").get(history(org.ward_a)).content.decode()
    # The creation of Ward A: its parent by name, its kind by label, Yes/No, field labels.
    assert "Acute medicine</span>" in content
    assert "Ward</span>" in content and ">ward</span>" not in content
    assert "Yes</span>" in content and "True</span>" not in content
    assert ">Parent</th>" in content and "parent_id" not in content


def test_a_linked_record_the_reader_may_not_see_is_not_named(org, people):
    from django.contrib.contenttypes.models import ContentType

    from quadrant.core.models import HistoryEvent
    from quadrant.core.views.history import Describer

    event = HistoryEvent(
        action="update",
        content_type=ContentType.objects.get_for_model(OrgUnit),
        actor=people["admin"],
        actor_name="admin",
    )
    changes = {"parent_id": [org.general_surgery.pk, org.acute.pk], "rows": [{}, {}, {}]}
    [row] = Describer(people["manager"]).describe_all([(event, changes)])
    assert row["fields"] == [
        {"label": "Parent", "old": "Not shown to you", "new": "Acute medicine"}
    ]
    assert {"label": "Rows changed", "value": "3 rows"} in row["details"]
    assert row["actor"] == "Admin Tester"
    [row] = Describer(people["quality"]).describe_all([(event, changes)])
    assert row["fields"][0]["old"] == "General surgery"


def test_recorded_values_are_written_out(people):
    from django.db import models

    from quadrant.core.views.history import Describer

    describer = Describer(people["admin"])
    assert describer.value(models.DateField(), "2026-03-04") == "4 March 2026"
    assert describer.value(models.BooleanField(), False) == "No"
    assert (
        describer.value(models.DateTimeField(), "2026-07-01T09:30:00+00:00") == "1 July 2026 10:30"
    )
    assert describer.value(models.CharField(), None) == "—"


def test_the_log_filters_by_a_persons_name_and_says_when_no_one_matches(client_for, renamed):
    client = client_for("admin")
    rows = client.get(
        reverse("history-log"), {"actor": "Admin Tester", "action": "update", "unit": "SURG"}
    ).context["rows"]
    assert [row["event"].object_repr for row in rows] == ["Ward B (renamed)"]
    content = client.get(reverse("history-log"), {"actor": "Nobody Here"}).content.decode()
    assert "No one called “Nobody Here” has made a change" in content
    assert "(username)" not in content
