"""The improvement demo data: ~40 projects in every stage, 60+ PDSA cycles, measures that
shift after the adopted changes, `partner` on two teams, ideas waiting (one from `staff`)."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from quadrant.control.public import describe
from quadrant.improvement.choices import IdeaStatus, Stage
from quadrant.improvement.demo_seed import seed_improvement
from quadrant.improvement.models import Idea, LearningSummary, PdsaCycle, Project
from quadrant.organisation.models import ObjectGrant

pytestmark = pytest.mark.django_db


def test_demo_seed(db):
    from quadrant.demo.generator import seed_demo

    seeded = seed_demo("demo", with_steps=False, log=lambda message: None)
    seed_improvement(seeded)
    projects = Project.objects.all()
    assert 35 <= projects.count() <= 45
    assert set(projects.values_list("stage", flat=True)) == set(Stage.values)
    assert projects.values("org_unit").distinct().count() >= 15
    assert PdsaCycle.objects.count() >= 60
    assert LearningSummary.objects.filter(published_at__isnull=False).count() == 6
    assert Idea.objects.filter(submitter=seeded.people["staff"], status=IdeaStatus.NEW).exists()
    assert Idea.objects.filter(status=IdeaStatus.NEW).count() >= 4

    grants = ObjectGrant.objects.filter(
        person=seeded.people["partner"], content_type=ContentType.objects.get_for_model(Project)
    )
    assert grants.count() == 2
    assert all(g.target.org_unit == seeded.manager_ward for g in grants)

    project = Project.objects.filter(stage=Stage.SUSTAINING).first()
    description = describe(project.measure_links.get().measure)
    types = {point["type"] for point in description["points"][-20:]}
    assert "special_cause_improvement" in types
    assert any(note["kind"] == "pdsa" for note in description["annotations"])
