"""Frozen quarters: freezing stores every row and its evidence; sign-off records who and when
(UTC) and nothing changes after it; altering a snapshot or a signature in the database shows
a red warning; a quarter is compared with the one before."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from quadrant.assurance.baf import services
from quadrant.assurance.baf.models import BafQuarter
from quadrant.assurance.baf.snapshots import compare, seal_holds
from quadrant.assurance.baf.tests.conftest import add_run, today
from quadrant.assurance.incidents.themes import Quarter
from quadrant.assurance.risks import services as risk_services


def test_freezing_keeps_the_rows_and_their_evidence(
    principal: Any, people: dict[str, Any], template: Any, org: Any
) -> None:
    add_run(template, org.ward_a, people["auditor"], "88", today())
    quarter = services.freeze_quarter(actor=people["board"])
    assert quarter.quarter_start == Quarter.of(today()).start
    (row,) = quarter.snapshot["rows"]
    assert row["reference"] == principal.risk.reference
    assert row["audits"][0]["compliance"] == 88.0
    assert seal_holds(quarter)
    add_run(template, org.ward_a, people["auditor"], "40", today())  # the live BAF moves on…
    quarter.refresh_from_db()
    assert quarter.snapshot["rows"][0]["audits"][0]["compliance"] == 88.0  # …the quarter not


def test_only_the_top_keepers_freeze_and_sign_off(principal: Any, people: dict[str, Any]) -> None:
    for who in ("director", "manager", "staff"):
        with pytest.raises(PermissionDenied):
            services.freeze_quarter(actor=people[who])
    quarter = services.freeze_quarter(actor=people["quality"])
    with pytest.raises(PermissionDenied):
        services.sign_off_quarter(quarter, actor=people["director"])


def test_sign_off_records_who_and_when_and_then_nothing_changes(
    principal: Any, people: dict[str, Any], client_for: Any
) -> None:
    client = client_for("board")
    client.post(reverse("assurance:baf_freeze"))
    quarter = BafQuarter.objects.get()
    response = client.post(reverse("assurance:baf_sign_off", args=[quarter.pk]),
                           {"version": quarter.version})  # fmt: skip
    assert response.status_code == 302
    quarter.refresh_from_db()
    assert quarter.signed_off_by == people["board"]
    assert quarter.signed_off_at is not None and quarter.signed_off_at.utcoffset() == dt.timedelta(
        0
    )
    assert seal_holds(quarter)
    page = client.get(quarter.get_absolute_url()).content.decode()
    assert "Signed off by <strong>Board Tester</strong>" in page and " UTC" in page
    assert "Seal checked: intact" in page
    with pytest.raises(ValidationError, match="signed off"):
        services.freeze_quarter(actor=people["board"])
    with pytest.raises(ValidationError, match="signed off"):
        services.sign_off_quarter(quarter, actor=people["quality"])
    quarter.snapshot = {"rows": []}
    with pytest.raises(ValidationError, match="cannot change"):
        quarter.save()
    again = client.post(reverse("assurance:baf_freeze"), follow=True).content.decode()
    assert "it cannot change" in again


@pytest.mark.parametrize("tamper", ["snapshot", "signer"])
def test_tampering_in_the_database_shows_a_red_warning(
    tamper: str, principal: Any, people: dict[str, Any], client_for: Any
) -> None:
    quarter = services.freeze_quarter(actor=people["board"])
    quarter = services.sign_off_quarter(quarter, actor=people["board"])
    if tamper == "snapshot":
        snapshot = quarter.snapshot
        snapshot["rows"][0]["current"]["score"] = 4
        BafQuarter.objects.filter(pk=quarter.pk).update(snapshot=snapshot)
    else:
        BafQuarter.objects.filter(pk=quarter.pk).update(signed_off_by=people["quality"])
    quarter.refresh_from_db()
    assert not seal_holds(quarter)
    page = client_for("board").get(quarter.get_absolute_url()).content.decode()
    assert "has been altered since it was signed off" in page
    assert "nhsuk-error-summary" in page
    listing = client_for("board").get(reverse("assurance:baf_quarters")).content.decode()
    assert "Altered" in listing


def test_a_quarter_is_compared_with_the_one_before(
    principal: Any,
    people: dict[str, Any],
    client_for: Any,
    org: Any,
    goal: Any,
    committee: Any,
    safety: Any,
) -> None:
    from quadrant.assurance.risks.tests.conftest import risk_fields

    last = Quarter.of(today()).previous
    earlier = services.freeze_quarter(actor=people["board"], today=last.start)
    services.sign_off_quarter(earlier, actor=people["board"])
    risk_services.review_risk(principal.risk, likelihood=2, consequence=3,
                              review_date=today() + dt.timedelta(days=30),
                              actor=people["quality"])  # fmt: skip
    new_risk = risk_services.create_risk(
        risk_fields(org.trust, people["board"], safety, title="Cyber attack"),
        actor=people["quality"],
    )
    services.add_principal_risk(new_risk, {"goal": goal, "committee": committee},
                                actor=people["board"])  # fmt: skip
    later = services.freeze_quarter(actor=people["board"])
    found = compare(earlier.snapshot, later.snapshot)
    assert [move.text for move in found.moves] == ["down from 12 (high) to 6 (moderate)"]
    assert [row["title"] for row in found.new] == ["Cyber attack"]
    assert found.appetite == [f"{principal.risk.reference} Falls at night: back within its "
                              "appetite of 8"]  # fmt: skip
    page = client_for("board").get(later.get_absolute_url()).content.decode()
    assert f"Compared with {last.short}" in page
    assert "down from 12 (high) to 6 (moderate)" in page and "Cyber attack" in page
    board = client_for("board").get(reverse("assurance:baf")).content.decode()
    assert f"The BAF as frozen for {later.label}" in board


def test_taking_a_risk_off_shows_as_closed_and_evidence_changes_are_named(
    principal: Any, people: dict[str, Any], template: Any, org: Any
) -> None:
    before = services.freeze_quarter(
        actor=people["board"], today=Quarter.of(today()).previous.start
    )
    add_run(template, org.ward_a, people["auditor"], "91", today())
    from quadrant.assurance.baf.board import live_baf

    changed = compare(before.snapshot, live_baf(people["board"]))
    assert changed.evidence == [f"{principal.risk.reference}: Falls prevention audit: compliance "
                                "91% (was no signed-off runs)"]  # fmt: skip
    services.remove_principal_risk(principal, actor=people["board"])
    gone = compare(before.snapshot, live_baf(people["board"]))
    assert [row["reference"] for row in gone.closed] == [principal.risk.reference]


def test_quarters_are_for_the_top_only(principal: Any, people: dict[str, Any],
                                       client_for: Any) -> None:  # fmt: skip
    quarter = services.freeze_quarter(actor=people["board"])
    for who in ("director", "manager", "partner"):
        client = client_for(who)
        assert client.get(reverse("assurance:baf_quarters")).status_code == 403
        assert client.get(quarter.get_absolute_url()).status_code == 403
        assert client.post(reverse("assurance:baf_sign_off", args=[quarter.pk])).status_code == 403
    quarter.refresh_from_db()
    assert not quarter.is_signed_off
