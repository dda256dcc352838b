"""The standards pages render for every persona; editing pages refuse those who do not manage
standards (403, naming the permission), and a standard that is not there is a 404."""

from __future__ import annotations

import pytest

from quadrant.assurance.standards import services
from quadrant.assurance.standards.cqc import load_cqc
from quadrant.assurance.standards.models import Standard, StandardEvidence, StandardMapping
from quadrant.assurance.standards.tests.conftest import LOADER
from quadrant.core.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db
READERS = [*PERSONAS, "outsider"]


@pytest.fixture
def world(external, internal, people):
    load_cqc(actor=LOADER)
    ipc = Standard.objects.get(code="IPC-1")
    services.map_standard(Standard.objects.get(code="N1.1"), ipc, actor=people["quality"])
    services.record_evidence(ipc, actor=people["quality"], title="Hand hygiene audit, March")
    return {"external": external, "internal": internal, "ipc": ipc}


@pytest.mark.parametrize("username", READERS)
def test_every_persona_reads_the_standards_pages(client_for, world, username):
    client = client_for(username)
    hygiene = Standard.objects.get(code="N1.1")
    pages = {
        "/assurance/standards/": "CQC single assessment framework",
        "/assurance/standards/frameworks/cqc-saf/": "Learning culture",
        "/assurance/standards/coverage/": "External standards not yet mapped",
        hygiene.get_absolute_url(): "Counts here through the internal standard",
    }
    for url, text in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (username, url)
        assert text in response.content.decode(), (username, url)


def test_a_standards_page_shows_its_text_mappings_and_where_its_evidence_comes_from(
    client_for, world
):
    page = client_for("staff").get(Standard.objects.get(code="N1.1").get_absolute_url())
    html = page.content.decode()
    assert "Staff clean their hands at the five moments." in html
    assert "Met through the internal standard" in html and "IPC-1 Infection prevention" in html
    assert "Hand hygiene audit, March" in html
    internal_page = client_for("staff").get(world["ipc"].get_absolute_url()).content.decode()
    assert "N1.1 Hand hygiene" in internal_page  # mapped from, the other way
    assert "Record evidence" not in html  # staff may read, not record


def test_an_unchecked_cqc_statement_says_so_on_its_page(client_for, world):
    unchecked = Standard.objects.get(framework__code="cqc-saf", code="C5")
    html = client_for("staff").get(unchecked.get_absolute_url()).content.decode()
    assert "not checked against CQC" in html
    checked = Standard.objects.get(framework__code="cqc-saf", code="C1")
    html = client_for("staff").get(checked.get_absolute_url()).content.decode()
    assert "not checked against CQC" not in html and checked.source_url in html


@pytest.mark.parametrize(
    "username", ["staff", "manager", "manager2", "board", "divadmin", "partner", "outsider"]
)
def test_editing_pages_refuse_those_who_do_not_manage_standards(client_for, world, username):
    client = client_for(username)
    hygiene = Standard.objects.get(code="N1.1")
    refused = [
        client.get("/assurance/standards/frameworks/nat-std/mapping/"),
        client.get("/assurance/standards/import/"),
        client.post(hygiene.get_absolute_url(), {"title": "Sneaky evidence"}),
        client.post(f"/assurance/standards/{hygiene.pk}/map/", {"internal": ""}),
    ]
    assert [r.status_code for r in refused] == [403] * 4
    assert "manage frameworks and standards" in refused[0].content.decode()
    assert StandardEvidence.objects.count() == 1
    assert StandardMapping.objects.get().archived_at is None


def test_a_missing_standard_or_framework_is_a_404(client_for, world):
    client = client_for("quality")
    assert client.get("/assurance/standards/999999/").status_code == 404
    assert client.get("/assurance/standards/frameworks/no-such/").status_code == 404


def test_the_quality_lead_maps_a_group_and_records_evidence_from_the_pages(client_for, world):
    client = client_for("quality")
    page = client.get("/assurance/standards/frameworks/nat-std/mapping/")
    assert page.status_code == 200 and "Map every standard of Medicines" in page.content.decode()
    medicines = world["external"].groups.get(code="medicines")
    med = Standard.objects.get(code="MED-1")
    done = client.post(
        "/assurance/standards/frameworks/nat-std/mapping/",
        {"group": medicines.pk, "internal": med.pk},
    )
    assert done.status_code == 302
    assert StandardMapping.objects.get(external__code="N2.1").internal == med
    bad = client.post("/assurance/standards/frameworks/nat-std/mapping/", {"group": "x"})
    assert bad.status_code == 400 and "Select the group to map" in bad.content.decode()
    recorded = client.post(
        med.get_absolute_url(), {"title": "Medicines audit", "evidence_date": "31/3/2026"}
    )
    assert recorded.status_code == 302
    wrong = client.post(med.get_absolute_url(), {"title": "", "evidence_date": "31/2/2026"})
    html = wrong.content.decode()
    assert wrong.status_code == 400
    assert "Date must be a real date" in html
    untitled = client.post(med.get_absolute_url(), {"title": ""})
    assert untitled.status_code == 400
    assert "Enter a title for the evidence, or choose a record" in untitled.content.decode()


def test_a_measure_is_recorded_as_evidence_by_its_code_from_the_page(client_for, world, org):
    from quadrant.control.public import Measure

    measure = Measure.objects.create(
        code="HH-A", name="Hand hygiene, Ward A", org_unit=org.ward_a,
        frequency="month", chart_type="p",
    )  # fmt: skip
    client = client_for("quality")
    ipc = world["ipc"]
    done = client.post(ipc.get_absolute_url(), {"record_type": "control.measure", "record": "hh-a"})
    assert done.status_code == 302
    assert StandardEvidence.objects.filter(standard=ipc, linked_id=measure.pk).exists()
    missing = client.post(
        ipc.get_absolute_url(), {"record_type": "control.measure", "record": "NOPE"}
    )
    assert missing.status_code == 400
    assert "No measure has the code or id “NOPE”, or you may not see it" in missing.content.decode()
    # the external standard mapped to IPC-1 shows the measure, saying where it comes from
    hygiene = client_for("manager").get(Standard.objects.get(code="N1.1").get_absolute_url())
    assert "Hand hygiene, Ward A" in hygiene.content.decode()
    assert (
        "Hand hygiene, Ward A"
        not in client_for("manager2")
        .get(Standard.objects.get(code="N1.1").get_absolute_url())
        .content.decode()
    )


def test_standards_are_found_by_the_site_search(client_for, world):
    html = client_for("staff").get("/search/?q=Medicines optimisation").content.decode()
    assert "Medicines optimisation" in html


def test_the_navigation_has_standards(client_for, world):
    html = client_for("staff").get("/assurance/standards/").content.decode()
    assert 'href="/assurance/standards/"' in html
