"""The cascade: the thread from any goal up to its strategic aim and down to the wards, and each
unit's own and inherited goals."""

import pytest

from quadrant.planning.tree import thread, trust_tree, unit_goals

pytestmark = pytest.mark.django_db


def test_children_inherit_the_strategic_aim(cascade):
    assert cascade.ward_a.aim == cascade.aim
    assert cascade.ward_b.aim == cascade.aim


def test_thread_up_to_the_aim_and_down_to_the_wards(cascade, people):
    ancestors, below = thread(cascade.division, people["quality"])
    assert ancestors == [cascade.trust]
    assert [(goal.title, depth) for goal, depth in below] == [
        ("Acute medicine: fewer falls", 0),
        ("Ward A: falls risk assessed", 1),
        ("Ward A2: falls huddles", 1),
    ]


def test_thread_of_a_ward_goal_shows_every_level_above(cascade, people):
    ancestors, below = thread(cascade.ward_a, people["manager"])
    assert ancestors == [cascade.trust, cascade.division, cascade.service]
    assert below == []


def test_ward_sees_its_own_and_inherited_goals(cascade, org, people):
    own, inherited = unit_goals(org.ward_a, people["manager"])
    assert own == [cascade.ward_a]
    assert inherited == [cascade.trust, cascade.division, cascade.service]


def test_other_wards_goals_are_not_inherited(cascade, org, people):
    own, inherited = unit_goals(org.ward_b, people["manager2"])
    assert own == [cascade.ward_b]
    assert inherited == [cascade.trust, cascade.surgery]


def test_whole_trust_tree_in_cascade_order(cascade, people):
    rows = [(goal.title, depth) for goal, depth in trust_tree(people["board"])]
    assert rows[0] == ("Reduce falls with harm", 0)
    assert ("Ward A: falls risk assessed", 3) in rows
    assert ("Ward B: falls huddles", 2) in rows
    assert len(rows) == 7


def test_goal_page_shows_the_thread(cascade, client_for):
    page = client_for("manager").get(f"/planning/goals/{cascade.service.pk}/").content.decode()
    assert "Reduce falls with harm" in page  # above
    assert "Ward A: falls risk assessed" in page  # below
    assert "Zero avoidable harm" in page  # the strategic aim


def test_unit_page_shows_inherited_priorities(cascade, org, client_for):
    page = client_for("manager").get("/units/WARDA/").content.decode()
    assert "Priorities from above" in page
    assert "Reduce falls with harm" in page
    assert "Ward A: falls risk assessed" in page
    assert "Ward B: falls huddles" not in page
