"""Scheduled pulls: a file feed and a URL feed (a local http server) import through the one
upsert on a django-q2 schedule; failures are recorded and shown to the measure's owner."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_q.models import Schedule

from quadrant.control.intake.feeds import run_data_source, save_data_source
from quadrant.control.intake.models import ColumnMapping, DataSource, FeedStatus
from quadrant.control.measures.models import Observation

pytestmark = pytest.mark.django_db
GOOD = "code,date,value\nHH-A,2024-01-01,96\nHH-A,2024-01-08,97.5\n"
BAD = "code,date,value\nHH-A,2024-01-01,96\nHH-A,2024-01-09,95\nHH-A,2024-01-15,lots\n"


@pytest.fixture
def feeds_dir(tmp_path: Path, settings) -> Path:
    settings.QUADRANT_FEEDS_DIR = tmp_path
    return tmp_path


@pytest.fixture
def web(tmp_path: Path):
    """A local http server serving tmp_path/web (port chosen by the system)."""
    root = tmp_path / "web"
    root.mkdir()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args):  # keep the test output quiet
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _feed(people, org, **data) -> DataSource:
    base = {"name": "Ward returns", "kind": "file", "schedule": "daily", "org_unit": org.ward_a}
    return save_data_source(None, {**base, **data}, actor=people["analyst"])


def test_a_file_feed_on_a_schedule_imports_once(feeds_dir, org, people, measures):
    (feeds_dir / "ward.csv").write_text(GOOD)
    source = _feed(people, org, location="ward.csv")
    schedule = Schedule.objects.get(name=source.schedule_name)
    assert schedule.func == "quadrant.control.intake.feeds.run_data_source"
    assert schedule.schedule_type == Schedule.DAILY and schedule.args == repr(source.pk)
    assert run_data_source(source.pk) == "2 new, 0 changed, 0 unchanged"
    assert Observation.objects.filter(measure__code="HH-A").count() == 2
    assert run_data_source(source.pk).endswith("nothing to change")  # idempotent
    source.refresh_from_db()
    assert source.last_status == FeedStatus.OK
    assert list(source.measures.values_list("code", flat=True)) == ["HH-A"]
    save_data_source(source, {"schedule": "weekly"}, actor=people["analyst"])
    assert Schedule.objects.get(name=source.schedule_name).schedule_type == Schedule.WEEKLY


def test_a_url_feed_and_a_failing_one(feeds_dir, org, people, measures, web, client_for, settings):
    settings.QUADRANT_FEED_ALLOWED_HOSTS = ["127.0.0.1"]  # the test server is on loopback
    root, base = web
    (root / "good.csv").write_text(GOOD)
    (root / "bad.csv").write_text(BAD)
    mapping = ColumnMapping.objects.create(
        source="web",
        org_unit=org.ward_a,
        columns={"measure": "code", "period": "date", "value": "value"},
    )
    good = _feed(people, org, name="Good", kind="url", location=f"{base}/good.csv", mapping=mapping)
    assert run_data_source(good.pk).startswith("2 new")
    bad = _feed(people, org, name="Bad", kind="url", location=f"{base}/bad.csv")
    bad.measures.add(measures["hand_a"])
    missing = _feed(people, org, name="Gone", kind="url", location=f"{base}/gone.csv")
    before = Observation.objects.count()
    assert run_data_source(bad.pk).startswith("Failed: 2 problems found")
    assert run_data_source(missing.pk).startswith("Failed: could not fetch")
    assert Observation.objects.count() == before  # nothing half-written
    bad.refresh_from_db()
    assert bad.last_status == FeedStatus.FAILED
    assert "Row 3, column period: 2024-01-09 is not a Monday" in bad.last_error
    assert "Row 4, column value: “lots” is not a number" in bad.last_error

    home = client_for("manager").get("/")  # manager owns HH-A's sibling FALLS-A, not HH-A
    measures["hand_a"].owner = people["manager"]
    measures["hand_a"].save()
    home = client_for("manager").get("/").content.decode()
    assert "Data feeds that failed" in home and "Bad" in home
    page = client_for("manager").get("/control/measures/HH-A/").content.decode()
    assert "A data feed failed" in page and "2 problems found" in page
    assert "Data feeds that failed" not in client_for("manager2").get("/").content.decode()


def test_locations_and_permissions(
    feeds_dir, org, people, measures, client_for, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError, match="feeds folder"):
        _feed(people, org, location="../../etc/passwd")
    with pytest.raises(ValidationError, match="http"):
        _feed(people, org, kind="url", location="file:///etc/passwd")
    with pytest.raises(PermissionDenied):
        save_data_source(
            None,
            {"name": "Mine", "kind": "file", "location": "a.csv", "org_unit": org.ward_a},
            actor=people["manager"],
        )
    source = _feed(people, org, location="nowhere.csv")
    assert run_data_source(source.pk).startswith("Failed: could not read")
    assert client_for("manager2").get(f"/control/measures/feeds/{source.pk}/").status_code == 404
    assert (
        client_for("manager").post(f"/control/measures/feeds/{source.pk}/run/").status_code == 403
    )
    client = client_for("analyst")
    assert "nowhere.csv" in client.get(f"/control/measures/feeds/{source.pk}/").content.decode()
    assert "Ward returns" in client.get("/control/measures/feeds/").content.decode()
    response = client.post(
        "/control/measures/feeds/new/",
        {"name": "New", "kind": "file", "location": "/etc/passwd", "schedule": "daily",
         "org_unit": org.ward_a.pk},
    )  # fmt: skip
    assert response.status_code == 200 and "feeds folder" in response.content.decode()
    (feeds_dir / "x.csv").write_text(GOOD)
    response = client.post(f"/control/measures/feeds/{source.pk}/edit/", {
        "name": "Ward returns", "kind": "file", "location": "x.csv", "schedule": "weekly",
        "org_unit": org.ward_a.pk,
    })  # fmt: skip
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):  # the job starts on commit
        client.post(f"/control/measures/feeds/{source.pk}/run/")
    source.refresh_from_db()
    assert source.schedule == "weekly" and source.location == "x.csv", source.last_error
    assert source.last_status == FeedStatus.OK, source.last_error
