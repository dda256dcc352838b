"""Controlled documents test helpers: documents made through the services by the quality lead
(Ward A's unless told, written by `manager`), taken through review (by `director`) and
approval (by `board`, who enters the personas' password)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from quadrant.assurance.documents import services
from quadrant.assurance.documents.models import DocumentVersion
from quadrant.core.testing.personas import PASSWORD

BODY = (
    "<h2>Purpose</h2><p>How we prevent falls on the ward at night.</p>"
    "<ul><li>Check every patient hourly</li><li>Keep the call bell within reach</li></ul>"
)


def next_year() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=365)


@pytest.fixture
def make_document(people: dict[str, Any], org: Any) -> Any:
    counter = iter(range(1, 10_000))

    def make(
        unit: Any = None, *, identifier: str = "", actor: Any = None, **fields: Any
    ) -> DocumentVersion:
        values: dict[str, Any] = {
            "identifier": identifier or f"PROC-{next(counter):03d}",
            "title": "Falls prevention at night",
            "doc_type": "procedure",
            "org_unit": unit or org.ward_a,
            "owner": people["manager"],
            "author": people["manager"],
            "body": BODY,
            "review_date": next_year(),
        }
        values.update(fields)
        return services.create_document(values, actor=actor or people["quality"])

    return make


@pytest.fixture
def approve(people: dict[str, Any]) -> Any:
    """approve(draft) → the version reviewed by `director` and signed by `board`."""

    def run(draft: DocumentVersion, *, units: Any = None, reviewer: str = "director") -> Any:
        quality = people["quality"]
        if units is not None:
            draft = services.update_draft(draft, {"acknowledgement_units": units}, actor=quality)
        draft = services.submit_for_review(
            draft, reviewers=[people[reviewer]], approver=people["board"], actor=quality
        )
        services.record_review(draft, actor=people[reviewer], comment="Reads well")
        return services.approve_version(draft, password=PASSWORD, actor=people["board"])

    return run


@pytest.fixture
def approved(make_document: Any, approve: Any) -> DocumentVersion:
    return approve(make_document())  # type: ignore[no-any-return]
