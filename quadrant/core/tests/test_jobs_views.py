"""Job pages: only the starter (or an administrator) sees a job; progress refreshes by HTMX."""

import pytest
from django.urls import reverse

from quadrant.core.jobs import job_handler, start_job
from quadrant.core.models import Job, JobStatus


@job_handler("test.count")
def count_job(context):
    for step in range(1, 5):
        context.progress(step * 25, f"step {step}")
    context.log("counted to four")
    return {"summary": "Counted to four.", "url": "/units/"}


@pytest.fixture
def running_job(people):
    return Job.objects.create(
        kind="test.count",
        title="Counting",
        status=JobStatus.RUNNING,
        progress=40,
        created_by=people["manager"],
    )


def test_starter_sees_progress_that_polls_while_running(client_for, running_job):
    response = client_for("manager").get(reverse("job", args=[running_job.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert '<progress class="app-progress" id="job-progress-bar" max="100" value="40">' in content
    assert 'hx-trigger="every 2s"' in content
    assert f'hx-get="{reverse("job", args=[running_job.pk])}"' in content


def test_htmx_request_gets_only_the_progress_part(client_for, running_job):
    response = client_for("manager").get(
        reverse("job", args=[running_job.pk]), headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="job-progress"')
    assert "<html" not in content and 'value="40"' in content


def test_another_users_job_is_404(client_for, running_job):
    assert client_for("manager2").get(reverse("job", args=[running_job.pk])).status_code == 404
    assert client_for("staff").get(reverse("job", args=[running_job.pk])).status_code == 404


def test_administrator_may_see_any_job(client_for, running_job):
    assert client_for("admin").get(reverse("job", args=[running_job.pk])).status_code == 200


def test_job_list_shows_only_my_jobs(client_for, running_job, people):
    Job.objects.create(kind="test.count", title="Someone else's", created_by=people["manager2"])
    content = client_for("manager").get(reverse("jobs")).content.decode()
    assert "Counting" in content and "Someone else" not in content


def test_job_runs_to_success_with_log_and_result_link(
    client_for, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job("test.count", title="Counting", actor=people["manager"])
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.progress == 100
    content = client_for("manager").get(reverse("job", args=[job.pk])).content.decode()
    assert "hx-trigger" not in content
    assert "counted to four" in content
    assert 'href="/units/"' in content and "See the result" in content
