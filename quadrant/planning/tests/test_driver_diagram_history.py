"""Removing a driver-diagram node or a link archives it through the service, one history row
per record, never a silent delete; linking the same measure again restores the link."""

import pytest

from quadrant.core.models import HistoryEvent
from quadrant.planning import diagrams
from quadrant.planning.models import DriverNode, DriverNodeLink

from .conftest import make_measure

pytestmark = pytest.mark.django_db


def _events(model, action):
    return HistoryEvent.objects.filter(content_type__model=model, action=action)


def test_removing_a_node_archives_it_and_what_hangs_below_with_history(org, people):
    lead = people["quality"]
    made = diagrams.create_driver_diagram(
        title="Falls", org_unit=org.ward_a, aim="Halve falls by March 2027", actor=lead
    )
    driver = diagrams.add_driver_node(made.nodes.get(), "Risk assessment", actor=lead)
    idea = diagrams.add_driver_node(driver, "Within 6 hours", actor=lead)
    start = HistoryEvent.objects.order_by("-id").values_list("id", flat=True).first()
    assert diagrams.remove_driver_node(driver, actor=people["manager"]) == 2
    assert (
        DriverNode.objects.filter(pk__in=[driver.pk, idea.pk], archived_at__isnull=False).count()
        == 2
    )
    removed = _events("drivernode", "archive").filter(id__gt=start)
    assert {e.object_id for e in removed} >= {str(driver.pk), str(idea.pk)}
    assert {e.actor_id for e in removed} == {people["manager"].pk}


def test_unlinking_archives_the_link_and_linking_again_restores_it(org, people):
    lead = people["quality"]
    made = diagrams.create_driver_diagram(
        title="Falls", org_unit=org.ward_a, aim="Halve falls by March 2027", actor=lead
    )
    node = made.nodes.get()
    measure = make_measure(org.ward_a, "RISK-A", [1, 2, 3])
    link = diagrams.link_node(node, measure=measure, actor=lead)
    diagrams.unlink_node(link, actor=people["manager"])
    link.refresh_from_db()  # still there, archived
    assert link.archived_at is not None and not _events("drivernodelink", "delete").exists()
    assert diagrams.load_tree(made).links == []
    again = diagrams.link_node(node, measure=measure, actor=lead)
    assert again.pk == link.pk and again.archived_at is None
    assert DriverNodeLink.objects.count() == 1
