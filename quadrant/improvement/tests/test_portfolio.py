"""The portfolio: counts by stage, method, domain and goal, stages over time, quiet projects,
and a fixed number of SQL queries whatever the number of projects."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quadrant.improvement.choices import Stage
from quadrant.improvement.models import Project, ProjectStage
from quadrant.improvement.portfolio import build_portfolio, month_ends, stages_over_time
from quadrant.language.models import QualityDomain, QualityDomainSet

pytestmark = pytest.mark.django_db


def bulk_projects(org, count, start=0):
    units = [org.ward_a, org.ward_a2, org.ward_b]
    stages = [Stage.SCOPING, Stage.TESTING, Stage.CLOSED]
    old = timezone.now() - dt.timedelta(weeks=10)
    projects = Project.objects.bulk_create(
        Project(
            title=f"Project {start + i}",
            aim_what="Aim",
            org_unit=units[i % 3],
            stage=stages[i % 3],
            last_activity_at=old if i % 2 else timezone.now(),
        )
        for i in range(count)
    )
    ProjectStage.objects.bulk_create(
        ProjectStage(project=p, stage=p.stage, changed_on=dt.date(2026, 1, 1)) for p in projects
    )
    # made here, not read from the data migration (a transactional test's flush removes it)
    domain_set, _ = QualityDomainSet.objects.get_or_create(name="Test domains")
    domain, _ = QualityDomain.objects.get_or_create(
        domain_set=domain_set, code="safe", defaults={"name": "Safe"}
    )
    Project.domains.through.objects.bulk_create(
        Project.domains.through(project_id=p.pk, qualitydomain_id=domain.pk) for p in projects
    )
    return projects


def test_counts_quiet_projects_and_scope(org, people):
    bulk_projects(org, 9)
    trust = build_portfolio(people["board"], org.trust)
    assert trust.total == 9
    assert dict((code, n) for code, _, n in trust.by_stage)["testing"] == 3
    assert trust.by_domain[0][2] == 9
    # quiet: live (not closed) and untouched for eight weeks
    assert trust.quiet_count == sum(1 for i in range(9) if i % 2 and i % 3 != 2)
    ward = build_portfolio(people["manager"], org.ward_a)
    assert ward.total == 3
    assert build_portfolio(people["manager2"], org.ward_a).total == 0


def test_stages_over_time_replays_the_history():
    ends = [dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 31)]
    changes = [
        (1, "scoping", dt.date(2026, 1, 5)),
        (2, "scoping", dt.date(2026, 1, 9)),
        (1, "testing", dt.date(2026, 2, 2)),
        (1, "closed", dt.date(2026, 3, 30)),
    ]
    series = stages_over_time(changes, ends)
    assert series["scoping"] == [2, 1, 1]
    assert series["testing"] == [0, 1, 0]
    assert series["closed"] == [0, 0, 1]
    assert month_ends(dt.date(2026, 3, 15), 3) == [
        dt.date(2026, 1, 31),
        dt.date(2026, 2, 28),
        dt.date(2026, 3, 15),
    ]


def count_queries(client, url):
    client.get(url)  # the first page of a session also restarts its idle clock (one write)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_portfolio_page_runs_a_fixed_number_of_queries(
    org, people, client_for, django_assert_num_queries
):
    client = client_for("board")
    url = reverse("improvement:portfolio") + "?unit=TRUST"
    bulk_projects(org, 5)
    small = count_queries(client, url)
    bulk_projects(org, 60, start=5)
    with django_assert_num_queries(small):
        page = client.get(url)
    assert "65 projects" in page.content.decode()
