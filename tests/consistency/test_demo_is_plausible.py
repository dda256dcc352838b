"""Every object of the demo trust is distinct and plausible: no two measures or projects under
the same name, a project's method fits its topic, and a project's measures are its own."""

from __future__ import annotations

import pytest
from django.db.models import Count

from quadrant.control.public import Measure
from quadrant.control.signals.models import Signal
from quadrant.improvement.choices import Method
from quadrant.improvement.demo_seed import GOAL_WORDS
from quadrant.improvement.models import Project
from quadrant.planning.models import QualityAccountPriority
from quadrant.planning.periods import year_of
from quadrant.planning.public import Goal

pytestmark = pytest.mark.django_db

FLOW_TOPICS = ("Faster discharge before noon", "Time to first assessment")
NOT_ON_A_WARD = ("Time to first assessment",)  # a topic of front doors and clinics


def _repeated(queryset, field):
    return list(
        queryset.values(field).annotate(times=Count("pk")).filter(times__gt=1).values(field)
    )


def test_no_two_measures_projects_or_goals_share_a_name(seeded_demo):
    assert _repeated(Measure.objects.filter(archived_at__isnull=True), "name") == []
    assert _repeated(Project.objects.filter(archived_at__isnull=True), "title") == []
    assert _repeated(Goal.objects.filter(archived_at__isnull=True), "title") == []


def test_only_projects_on_patient_flow_run_as_lean_events(seeded_demo):
    lean = Project.objects.filter(method=Method.LEAN_RIE)
    assert lean.exists()
    assert all(project.title.startswith(FLOW_TOPICS) for project in lean)


def test_a_project_serves_goals_on_its_own_topic(seeded_demo):
    topics = GOAL_WORDS
    linked = 0
    for project in Project.objects.prefetch_related("goals"):
        for goal in project.goals.all():
            words = next((w for t, w in topics.items() if project.title.startswith(t)), None)
            assert words is not None and words in goal.title.lower(), (project.title, goal.title)
            linked += 1
    assert linked >= 10


def test_each_topic_is_on_a_unit_where_it_makes_sense(seeded_demo):
    for project in Project.objects.select_related("org_unit"):
        if project.title.startswith(NOT_ON_A_WARD):
            assert not project.org_unit.name.startswith("Ward "), project.title
        if project.title.startswith(("Fewer inpatient falls", "Pressure ulcer prevention")):
            assert project.org_unit.kind == "ward", project.title


def test_two_divisions_have_cqc_self_assessments_with_ratings(seeded_demo):
    from quadrant.assurance.cqc.models import SelfAssessment
    from quadrant.assurance.cqc.results import results_of

    assessments = SelfAssessment.objects.select_related("org_unit").order_by("assessed_on")
    assert sorted({a.org_unit.code for a in assessments}) == ["MED", "SURG"]
    medicine = [a for a in assessments if a.org_unit.code == "MED"]
    assert len(medicine) == 2 and medicine[0].assessed_on < medicine[1].assessed_on
    for assessment in assessments:
        ratings = [line.rating for line in results_of(assessment)]
        assert len(ratings) == 5 and "Not assessed" not in ratings


def test_most_signals_have_been_looked_at_and_this_years_quality_account_exists(seeded_demo):
    """A board page of a trust in use: a few signals wait for an answer, not every one."""
    signals = Signal.objects.all()
    still_open = signals.filter(status="open")
    assert 0 < still_open.count() < signals.count() / 3
    assert not signals.filter(status="acknowledged", handled_by__isnull=True).exists()
    this_year = year_of(seeded_demo.reference_date)
    assert QualityAccountPriority.objects.filter(year=this_year).exists()
