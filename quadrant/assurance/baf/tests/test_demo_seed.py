"""The BAF's demo data: eight principal risks against the demo trust's strategic aims, with
evidence from measures, audits, safety events and (once they are seeded) approved policies
and procedures, and last quarter frozen, signed off and
sealed, to be compared with; the board's pages open on it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from quadrant.assurance.baf.board import live_baf
from quadrant.assurance.baf.demo_seed import PRINCIPALS
from quadrant.assurance.baf.models import BafQuarter, PrincipalRisk
from quadrant.assurance.baf.snapshots import compare, seal_holds


def test_demo_seed(db: Any, client: Any) -> None:
    from quadrant.demo.generator import seed_demo
    from quadrant.demo.steps import seed_steps

    seeded = seed_demo("demo", with_steps=False, log=lambda message: None)
    for step in seed_steps():
        if step.order <= 455:  # up to the documents given as assurance
            step.func(seeded)
    board = seeded.people["board"]
    assert PrincipalRisk.objects.count() == PRINCIPALS
    document = live_baf(board, seeded.reference_date)
    rows = document["rows"]
    assert len(rows) == PRINCIPALS
    assert len({row["aim"] for row in rows}) >= 2  # across the strategic aims
    assert sum(bool(row["measures"]) for row in rows) >= 4
    assert sum(bool(row["audits"]) for row in rows) == PRINCIPALS
    assert any(source["compliance"] is not None for row in rows for source in row["audits"])
    assert any(row["events"].get("current") for row in rows)
    assert any(source["variation"] for row in rows for source in row["measures"])
    assert all(row["documents"] for row in rows)
    assert all(source["approved"] for row in rows for source in row["documents"])
    quarter = BafQuarter.objects.get()
    assert quarter.is_signed_off and quarter.signed_off_by == board and seal_holds(quarter)
    found = compare(quarter.snapshot, document)
    assert len(found.new) == 1 and len(found.moves) >= 2
    assert sum("now gives assurance" in line for line in found.evidence) >= PRINCIPALS - 1
    client.force_login(board)
    page = client.get(reverse("assurance:baf"))
    assert page.status_code == 200 and "Compared with" in page.content.decode()
    assert client.get(quarter.get_absolute_url()).status_code == 200
    assert client.get(reverse("assurance:baf_risk", args=[rows[0]["id"]])).status_code == 200
