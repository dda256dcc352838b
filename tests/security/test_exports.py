"""Every download (CSV, Excel, PNG, SVG, JSON, PDF, FHIR bundle, print view) is scoped like its page
and writes one security event: who, what, which filter, how many rows. A persona who may not
see the object gets the same answer as for an object that does not exist, and no event.

EXPORTS below is the table of every export endpoint; docs/security.md lists the same."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

import pytest

from quadrant.control.models import Measure, Observation
from quadrant.core.models import SecurityEvent
from quadrant.planning.models import (
    DriverDiagram,
    DriverNode,
    DriverNodeLink,
    Goal,
    QualityAccountPriority,
)

pytestmark = pytest.mark.django_db
MISSING = 999999


@dataclass(frozen=True)
class Export:
    what: str  # as the security event names it
    url: str  # {measure}, {diagram} and {unit} are filled in
    persona: str  # may download it
    rows: int
    filter: str  # as the security event records it
    denied: str = ""  # may see the page's parent but not this object
    missing: str = ""  # the same address for an object that does not exist


EXPORTS = [
    Export("measure EXP-A chart SVG", "/control/measures/{measure}/chart.svg?download=1&range=all",
           "manager", 3, "download=1&range=all", "manager2",
           "/control/measures/NOPE/chart.svg?download=1&range=all"),
    Export("measure EXP-A chart PNG", "/control/measures/{measure}/chart.png?sigma=1", "manager",
           3, "sigma=1", "manager2", "/control/measures/NOPE/chart.png?sigma=1"),
    Export("measure EXP-A chart CSV", "/control/measures/{measure}/chart.csv", "manager", 3,
           "none", "manager2", "/control/measures/NOPE/chart.csv"),
    Export("measure EXP-A chart JSON", "/control/measures/{measure}/chart.json", "manager", 3,
           "none", "manager2", "/control/measures/NOPE/chart.json"),
    Export("measure EXP-A PDF", "/control/measures/{measure}/measure.pdf?range=all", "manager",
           3, "range=all", "manager2", "/control/measures/NOPE/measure.pdf?range=all"),
    Export("measure EXP-A FHIR bundle", "/api/v1/measures/{measure}/fhir/", "manager", 3,
           "none", "manager2", "/api/v1/measures/NOPE/fhir/"),
    Export("summary CSV", "/control/summary/export.csv?unit={unit}", "manager", 1, "unit=WARDA",
           "manager2", "/control/summary/export.csv?unit=NOPE"),
    Export("summary Excel", "/control/summary/export.xlsx?unit={unit}&domain=", "manager", 1,
           "unit=WARDA", "manager2", "/control/summary/export.xlsx?unit=NOPE&domain="),
    Export("summary PDF", "/control/summary/export.pdf?unit={unit}", "manager", 1, "unit=WARDA",
           "manager2", "/control/summary/export.pdf?unit=NOPE"),
    Export("driver diagram {diagram} SVG", "/planning/driver-diagrams/{diagram}/diagram.svg",
           "manager", 2, "none", "manager2", f"/planning/driver-diagrams/{MISSING}/diagram.svg"),
    Export("driver diagram {diagram} PNG", "/planning/driver-diagrams/{diagram}/diagram.png",
           "manager", 2, "none", "manager2", f"/planning/driver-diagrams/{MISSING}/diagram.png"),
    Export("driver diagram {diagram} CSV", "/planning/driver-diagrams/{diagram}/diagram.csv",
           "manager", 2, "none", "manager2", f"/planning/driver-diagrams/{MISSING}/diagram.csv"),
    Export("Quality Account print", "/planning/quality-account/print/?year=2024", "quality", 1,
           "year=2024"),
    Export("Quality Account CSV", "/planning/quality-account/export.csv?year=2024", "quality",
           1, "year=2024"),
    Export("history (change history) CSV", "/history/export.csv?model=planning.goal", "admin", 2,
           "model=planning.goal", "staff", "/history/?model=planning.goal"),
]  # fmt: skip


@pytest.fixture
def world(org, people):
    """A Ward A measure (3 periods), a Ward A diagram (2 nodes), a trust diagram linking to
    the Ward A measure and goal, a trust goal chosen for the 2024/25 Quality Account."""
    measure = Measure.objects.create(
        code="EXP-A", name="Exported, Ward A", org_unit=org.ward_a, chart_type="xmr",
        frequency="month", owner=people["manager"],
    )  # fmt: skip
    Observation.objects.bulk_create(
        Observation(measure=measure, period=dt.date(2024, month, 1), value=month)
        for month in (1, 2, 3)
    )
    goals = {
        unit: Goal.objects.create(
            title=f"{unit.name}: secret goal",
            statement="By March 2027.",
            org_unit=unit,
            first_year=2024,
            last_year=2026,
            status="active",
        )
        for unit in (org.trust, org.ward_a)
    }
    QualityAccountPriority.objects.create(year=2024, goal=goals[org.trust])
    ward = DriverDiagram.objects.create(title="Ward A falls", org_unit=org.ward_a)
    aim = DriverNode.objects.create(diagram=ward, kind="aim", text="Fewer falls")
    DriverNode.objects.create(diagram=ward, parent=aim, kind="primary", text="Risk assessed")
    trust = DriverDiagram.objects.create(title="Trust falls", org_unit=org.trust)
    trust_aim = DriverNode.objects.create(diagram=trust, kind="aim", text="Trust fewer falls")
    DriverNodeLink.objects.create(node=trust_aim, measure=measure)
    DriverNodeLink.objects.create(node=trust_aim, goal=goals[org.ward_a])
    return {"measure": measure, "diagram": ward, "trust_diagram": trust, "unit": org.ward_a}


def address(export: Export, world) -> str:
    return export.url.format(
        measure=world["measure"].code, diagram=world["diagram"].pk, unit=world["unit"].code
    )


def exports_logged() -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(kind="export").order_by("id"))


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("export", EXPORTS, ids=[e.url.split("?")[0] for e in EXPORTS])
def test_each_export_writes_a_security_event_with_its_row_count(export, world, people, client_for):
    response = client_for(export.persona).get(address(export, world))
    assert response.status_code == 200, body(response)[:300]
    content = body(response)
    [event] = exports_logged()
    what = export.what.format(diagram=world["diagram"].pk)
    assert event.person == people[export.persona] and event.username == export.persona
    assert event.detail == f"{what}; {export.rows} rows; filter: {export.filter}"
    assert event.ip_address == "127.0.0.1"
    if response["Content-Type"].startswith("text/csv"):  # the count is the file's data rows
        assert len(list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))) - 1 == export.rows


def same_but_for_names(text: str, url: str, world) -> str:
    """TEXT with the address asked for and the codes in it blanked out, to compare answers."""
    for name in (url, url.split("?")[0], world["measure"].code, world["unit"].code, "NOPE"):
        text = text.replace(name, "X")
    text = re.sub(r'CSRFToken": "\w+"', "CSRFToken", text)  # a fresh token every page
    return re.sub(r'csrfmiddlewaretoken" value="\w+"', "csrf", text)


@pytest.mark.parametrize(
    "export",
    [e for e in EXPORTS if e.denied],
    ids=[e.url.split("?")[0] for e in EXPORTS if e.denied],
)
def test_a_denied_persona_gets_the_answer_for_a_missing_object(export, world, client_for):
    client = client_for(export.denied)
    denied = client.get(address(export, world))
    missing = client.get(export.missing)
    assert denied.status_code == missing.status_code and denied.status_code in (403, 404)
    assert same_but_for_names(body(denied).decode(), address(export, world), world) == (
        same_but_for_names(body(missing).decode(), export.missing, world)
    )
    assert exports_logged() == []  # nothing was downloaded


@pytest.mark.parametrize("export", [e for e in EXPORTS if "Quality Account" in e.what])
def test_the_quality_account_holds_only_what_the_reader_may_see(export, world, client_for):
    response = client_for("outsider").get(address(export, world))
    assert "secret goal" not in body(response).decode()
    # with nothing the reader may see there is nothing to download: a page that says so
    assert response.status_code == 404
    assert "nothing" in body(response).decode().lower()
    assert exports_logged() == []


@pytest.mark.parametrize("suffix", ["", "diagram.svg", "diagram.png", "diagram.csv"])
def test_a_diagram_read_from_below_hides_links_the_reader_may_not_see(suffix, world, client_for):
    trust = world["trust_diagram"]
    url = f"/planning/driver-diagrams/{trust.pk}/{suffix}"
    other_ward = body(client_for("manager2").get(url))  # Ward B reads the trust's diagram
    own_ward = body(client_for("manager").get(url))
    if suffix.endswith(".png"):
        assert other_ward != own_ward  # one link fewer drawn: "2 linked" against none
        return
    assert "Trust fewer falls" in other_ward.decode()
    assert "EXP-A" not in other_ward.decode() and "Ward A: secret goal" not in other_ward.decode()
    if suffix != "diagram.svg":  # the SVG draws the count of links, not their names
        assert "EXP-A" in own_ward.decode() and "Ward A: secret goal" in own_ward.decode()
    else:
        assert "2 linked" in own_ward.decode() and "linked" not in other_ward.decode()
