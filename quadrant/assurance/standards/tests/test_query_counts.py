"""Query-count guards: the standards lists cost the same number of queries however many
frameworks, standards, mappings and pieces of evidence there are; and a record given as
evidence shows the standards it evidences among its linked records."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quadrant.assurance.standards import services
from quadrant.assurance.standards.models import Standard
from quadrant.assurance.standards.tests.conftest import LOADER, framework_from_csv
from quadrant.control.public import Measure
from quadrant.core.links import links_to

pytestmark = pytest.mark.django_db

PAGES = ["/assurance/standards/", "/assurance/standards/coverage/"]


def _queries(client, url: str) -> int:
    client.get(url)  # warm: sessions, content types
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow(n: int) -> None:
    rows = "".join(f"X{n}.{i},Standard {i},Area {i % 4}\n" for i in range(30))
    external = framework_from_csv("code,title,group\n" + rows, code=f"ext-{n}")
    internal = Standard.objects.filter(framework__kind="internal").first()
    for standard in Standard.objects.filter(framework=external)[:20]:
        services.map_standard(standard, internal, actor=LOADER)
        services.record_evidence(standard, actor=LOADER, title=f"Evidence for {standard.code}")


@pytest.mark.parametrize("url", PAGES)
def test_a_list_costs_the_same_queries_for_one_framework_or_many(
    client_for, external, internal, url
):
    client = client_for("quality")
    _grow(1)
    few = _queries(client, url)
    for n in range(2, 5):
        _grow(n)
    assert _queries(client, url) == few


def test_a_framework_page_costs_the_same_queries_for_few_or_many_standards(
    client_for, external, internal
):
    client = client_for("staff")
    few = _queries(client, f"/assurance/standards/frameworks/{internal.code}/")
    for n in range(1, 3):
        _grow(n)
    assert _queries(client, f"/assurance/standards/frameworks/{internal.code}/") == few


def test_a_measure_given_as_evidence_lists_it_among_its_links(internal, people, org):
    measure = Measure.objects.create(
        code="HH-A", name="Hand hygiene, Ward A", org_unit=org.ward_a,
        frequency="month", chart_type="p",
    )  # fmt: skip
    services.record_evidence(Standard.objects.get(code="IPC-1"), actor=LOADER, record=measure)
    [link] = links_to([measure], people["manager"])[measure.pk]
    assert link.label == "Evidence for standards" and "IPC-1" in link.title
    assert links_to([measure], people["manager2"]) == {}  # manager2 does not see the measure
