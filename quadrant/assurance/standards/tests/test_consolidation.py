"""The consolidation map and evidence reuse: external standards mapped to internal ones (one at
a time or a group at once), the coverage lists, and evidence of an internal standard counting
for every external standard mapped to it — each read as its reader may see it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quadrant.assurance.standards import services
from quadrant.assurance.standards.coverage import (
    coverage_of,
    evidence_for,
    internal_without_basis,
    unmapped_external,
)
from quadrant.assurance.standards.models import Standard, StandardMapping
from quadrant.assurance.standards.tests.conftest import LOADER
from quadrant.control.public import Measure
from quadrant.core.models import HistoryEvent

pytestmark = pytest.mark.django_db


def std(framework, code):
    return Standard.objects.get(framework=framework, code=code)


def test_a_group_maps_at_once_and_the_coverage_follows(external, internal, people):
    quality = people["quality"]
    ipc = std(internal, "IPC-1")
    group = external.groups.get(code="infection-control")
    assert services.map_group(group, ipc, actor=quality) == 2
    assert {s.code for s in unmapped_external()} == {"N2.1"}
    assert {s.code for s in internal_without_basis()} == {"MED-1", "LEAD-1"}
    by_framework = {c.framework.code: c for c in coverage_of([external, internal], quality)}
    assert (by_framework["nat-std"].standards, by_framework["nat-std"].mapped) == (3, 2)
    assert (by_framework["our-standards"].mapped, by_framework["our-standards"].unmapped) == (1, 2)
    # the group again maps nothing new
    assert services.map_group(group, ipc, actor=quality) == 0


def test_remapping_and_undoing_are_recorded(external, internal, people):
    quality = people["quality"]
    hygiene = std(external, "N1.1")
    services.map_standard(hygiene, std(internal, "IPC-1"), actor=quality)
    services.map_standard(hygiene, std(internal, "MED-1"), actor=quality)
    mapping = StandardMapping.objects.get(external=hygiene)
    assert mapping.internal.code == "MED-1"
    services.map_standard(hygiene, None, actor=quality)
    mapping.refresh_from_db()
    assert mapping.archived_at is not None
    actions = list(
        HistoryEvent.objects.filter(content_type__model="standardmapping")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "archive"]
    assert hygiene in unmapped_external()


def test_only_external_to_internal_mappings_are_made(external, internal, people):
    quality = people["quality"]
    with pytest.raises(ValidationError, match="is an internal standard"):
        services.map_standard(std(internal, "IPC-1"), std(internal, "MED-1"), actor=quality)
    with pytest.raises(ValidationError, match="is not an internal standard"):
        services.map_standard(std(external, "N1.1"), std(external, "N1.2"), actor=quality)


@pytest.mark.parametrize("username", ["staff", "manager", "board", "divadmin", "partner"])
def test_only_a_trust_wide_manager_of_standards_maps_or_records(
    external, internal, people, username
):
    person = people[username]
    with pytest.raises(PermissionDenied, match="manage frameworks and standards"):
        services.map_standard(std(external, "N1.1"), std(internal, "IPC-1"), actor=person)
    with pytest.raises(PermissionDenied):
        services.record_evidence(std(internal, "IPC-1"), actor=person, title="Audit")
    assert not StandardMapping.objects.exists()


def test_one_piece_of_evidence_counts_for_many_frameworks(external, internal, people):
    quality = people["quality"]
    ipc = std(internal, "IPC-1")
    services.map_group(external.groups.get(code="infection-control"), ipc, actor=quality)
    services.record_evidence(ipc, actor=quality, title="Hand hygiene audit, March 2026")
    for code in ("N1.1", "N1.2"):
        [item] = evidence_for(std(external, code), people["staff"])
        assert item.title == "Hand hygiene audit, March 2026" and item.via == ipc
    assert evidence_for(std(external, "N2.1"), people["staff"]) == []
    [own] = evidence_for(ipc, people["staff"])
    assert own.via is None
    counts = coverage_of([external], people["staff"])[0]
    assert counts.evidenced == 2


def test_evidence_of_a_record_is_shown_only_to_those_who_may_see_the_record(
    external, internal, people, org
):
    quality = people["quality"]
    measure = Measure.objects.create(
        code="HH-B", name="Hand hygiene compliance, Ward B", org_unit=org.ward_b,
        frequency="month", chart_type="p",
    )  # fmt: skip
    ipc = std(internal, "IPC-1")
    services.map_standard(std(external, "N1.1"), ipc, actor=quality)
    services.record_evidence(ipc, actor=quality, record=measure)
    [item] = evidence_for(std(external, "N1.1"), people["manager2"])
    assert item.link.title.startswith("Hand hygiene compliance, Ward B") and item.via == ipc
    assert item.link.url == measure.get_absolute_url()
    assert evidence_for(std(external, "N1.1"), people["manager"]) == []  # Ward A's manager
    assert coverage_of([external], people["manager"])[0].evidenced == 0


def test_a_record_one_may_not_see_cannot_be_given_as_evidence(internal, people, org):
    measure = Measure.objects.create(
        code="HH-B", name="Hand hygiene, Ward B", org_unit=org.ward_b,
        frequency="month", chart_type="p",
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.record_evidence(std(internal, "IPC-1"), actor=people["divadmin"], record=measure)


def test_evidence_needs_a_title_or_a_record(internal, people):
    with pytest.raises(ValidationError, match="Enter a title for the evidence"):
        services.record_evidence(std(internal, "IPC-1"), actor=people["quality"])


def test_withdrawn_evidence_no_longer_counts(internal, people):
    quality = people["quality"]
    evidence = services.record_evidence(std(internal, "IPC-1"), actor=quality, title="Audit")
    services.withdraw_evidence(evidence, actor=quality)
    assert evidence_for(std(internal, "IPC-1"), quality) == []


def test_a_loader_is_a_system_actor(internal):
    evidence = services.record_evidence(std(internal, "IPC-1"), actor=LOADER, title="Seeded")
    assert evidence.pk
