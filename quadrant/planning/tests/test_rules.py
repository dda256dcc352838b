"""The cascade's rules refuse in plain words: no goal is its own ancestor; a child goal sits on
a unit inside its parent's subtree; a goal cannot move away from its children."""

import pytest
from django.core.exceptions import ValidationError

from quadrant.planning import services
from quadrant.planning.models import Goal

from .conftest import make_goal

pytestmark = pytest.mark.django_db


def test_a_goal_cannot_be_its_own_parent(cascade, people):
    with pytest.raises(ValidationError) as refused:
        services.update_goal(cascade.trust, {"parent": cascade.trust}, actor=people["quality"])
    assert "cannot be its own parent goal" in str(refused.value)


def test_a_goal_cannot_be_its_own_ancestor(cascade, people):
    with pytest.raises(ValidationError) as refused:
        services.update_goal(cascade.trust, {"parent": cascade.ward_a}, actor=people["quality"])
    message = " ".join(refused.value.messages)
    assert "a goal cannot be its own ancestor" in message
    assert "“Ward A: falls risk assessed” is already below “Reduce falls with harm”" in message
    assert Goal.objects.get(pk=cascade.trust.pk).parent is None


def test_child_goal_must_sit_inside_the_parents_unit(cascade, org, people):
    with pytest.raises(ValidationError) as refused:
        make_goal(org.ward_b, "Ward B under medicine", parent=cascade.division)
    assert "Ward B is not part of Medicine" in " ".join(refused.value.messages)


def test_goal_cannot_move_away_from_its_children(cascade, org, people):
    with pytest.raises(ValidationError) as refused:
        services.update_goal(cascade.division, {"org_unit": org.surgery}, actor=people["quality"])
    assert "its child goals" in " ".join(refused.value.messages)


def test_refusals_are_shown_on_the_edit_page(cascade, client_for):
    goal = cascade.trust
    response = client_for("quality").post(
        f"/planning/goals/{goal.pk}/edit/",
        {
            "version": goal.version, "title": goal.title, "statement": goal.statement,
            "org_unit": goal.org_unit_id, "parent": cascade.ward_a.pk, "first_year": 2024,
            "last_year": 2026, "status": "active", "review_cadence": "quarterly",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "a goal cannot be its own ancestor" in response.content.decode()


def test_goal_period_must_be_in_order(org, client_for):
    response = client_for("quality").post(
        "/planning/goals/new/",
        {
            "title": "Backwards", "statement": "x", "org_unit": org.trust.pk, "first_year": 2026,
            "last_year": 2024, "status": "draft", "review_cadence": "quarterly",
        },
    )  # fmt: skip
    assert response.status_code == 400
    assert "must end in or after the year it starts" in response.content.decode()
