"""Committees of the board: renamed and retired by those who manage the BAF at the top, each
change recorded; a committee that still oversees a principal risk is not retired; nobody else
may do either."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from quadrant.assurance.baf import services
from quadrant.assurance.baf.models import BafCommittee
from quadrant.core.logs import HistoryEvent

pytestmark = pytest.mark.django_db


def _history(committee: BafCommittee) -> Any:
    kind = ContentType.objects.get_for_model(BafCommittee)
    return HistoryEvent.objects.filter(content_type_id=kind.pk, object_id=str(committee.pk))


def test_a_committee_is_renamed_with_its_old_name_recorded(
    client_for: Any, committee: BafCommittee, people: dict[str, Any]
) -> None:
    client = client_for("board")
    url = reverse("assurance:baf_committee_edit", args=[committee.pk])
    assert "Quality committee" in client.get(url).content.decode()
    posted = {"name": "  Quality and safety   committee ", "description": "Meets monthly.",
              "version": committee.version}  # fmt: skip
    response = client.post(url, posted)
    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.name == "Quality and safety committee"
    change = _history(committee).filter(action="update", actor=people["board"]).get()
    assert change.changes["name"] == ["Quality committee", "Quality and safety committee"]
    listed = client.get(reverse("assurance:baf_committees")).content.decode()
    assert "Quality and safety committee" in listed and "Meets monthly." in listed


def test_a_rename_onto_another_committee_or_a_stale_copy_is_refused(
    client_for: Any, committee: BafCommittee, people: dict[str, Any]
) -> None:
    services.create_committee({"name": "Finance committee"}, actor=people["board"])
    client = client_for("board")
    url = reverse("assurance:baf_committee_edit", args=[committee.pk])
    clash = client.post(url, {"name": "finance COMMITTEE", "version": committee.version})
    assert clash.status_code == 400
    assert "There is already a committee called Finance committee" in clash.content.decode()
    empty = client.post(url, {"name": " ", "version": committee.version})
    assert "Enter the committee&#x27;s name" in empty.content.decode()
    services.update_committee(committee, {"description": "New terms"}, actor=people["board"])
    stale = client.post(url, {"name": "Old copy", "version": committee.version - 1})
    assert stale.status_code == 409
    committee.refresh_from_db()
    assert committee.name == "Quality committee"


def test_a_committee_that_oversees_a_principal_risk_is_not_retired(
    client_for: Any, principal: Any, committee: BafCommittee
) -> None:
    client = client_for("quality")
    url = reverse("assurance:baf_committee_retire", args=[committee.pk])
    page = client.get(url).content.decode()
    assert "This cannot be done yet" in page and principal.risk.reference in page
    refused = client.post(url, {"version": committee.version})
    assert refused.status_code == 400
    assert (
        f"Quality committee still oversees {principal.risk.reference}" in refused.content.decode()
    )
    committee.refresh_from_db()
    assert committee.archived_at is None


def test_a_retired_committee_leaves_the_lists_and_keeps_its_history(
    client_for: Any, principal: Any, committee: BafCommittee, people: dict[str, Any]
) -> None:
    other = services.create_committee({"name": "Audit committee"}, actor=people["board"])
    services.update_principal_risk(principal, {"committee": other}, actor=people["board"])
    client = client_for("quality")
    url = reverse("assurance:baf_committee_retire", args=[committee.pk])
    assert "What this does" in client.get(url).content.decode()
    done = client.post(url, {"version": committee.version}, follow=True).content.decode()
    assert "Quality committee has been retired." in done
    committee.refresh_from_db()
    assert committee.archived_at is not None
    assert _history(committee).filter(action="archive", actor=people["quality"]).exists()
    assert (
        "Quality committee" not in client.get(reverse("assurance:baf_committees")).content.decode()
    )
    edit = client.get(reverse("assurance:baf_risk_edit", args=[principal.pk])).content.decode()
    assert "Audit committee" in edit and "Quality committee" not in edit
    with pytest.raises(ValidationError, match="Choose the committee"):
        services.update_principal_risk(principal, {"committee": committee}, actor=people["board"])
    with pytest.raises(ValidationError, match="A retired committee is called Quality committee"):
        services.create_committee({"name": "quality committee"}, actor=people["board"])
    assert client.get(url).status_code == 404  # retired: no longer offered to retire or edit


@pytest.mark.parametrize("who", ["director", "manager", "staff", "partner", "outsider"])
def test_only_those_who_manage_the_baf_at_the_top_edit_or_retire(
    who: str, client_for: Any, committee: BafCommittee, people: dict[str, Any]
) -> None:
    client = client_for(who)
    for name in ("baf_committee_edit", "baf_committee_retire"):
        url = reverse(f"assurance:{name}", args=[committee.pk])
        assert client.get(url).status_code == 403
        assert (
            client.post(url, {"name": "Taken over", "version": committee.version}).status_code
            == 403
        )
    committee.refresh_from_db()
    assert committee.name == "Quality committee" and committee.archived_at is None
    with pytest.raises(PermissionDenied):
        services.retire_committee(committee, actor=people[who])


def test_the_committees_page_offers_edits_only_to_those_who_may_make_them(
    client_for: Any, committee: BafCommittee
) -> None:
    edit_url = reverse("assurance:baf_committee_edit", args=[committee.pk])
    assert edit_url in client_for("board").get(reverse("assurance:baf_committees")).content.decode()
    director = client_for("director").get(reverse("assurance:baf_committees"))
    assert director.status_code == 200 and "Quality committee" in director.content.decode()
    assert edit_url not in director.content.decode()


def test_a_principal_risk_is_taken_off_the_baf_from_its_page(
    client_for: Any, principal: Any
) -> None:
    client = client_for("quality")
    page = client.get(reverse("assurance:baf_risk", args=[principal.pk])).content.decode()
    remove_url = reverse("assurance:baf_risk_remove", args=[principal.pk])
    assert remove_url in page
    confirm = client.get(remove_url).content.decode()
    assert "It stays on the risk register" in confirm
    stale = client.post(remove_url, {"version": principal.version - 1})
    assert stale.status_code == 400
    assert client.post(remove_url, {"version": principal.version}).status_code == 302
    principal.refresh_from_db()
    assert principal.archived_at is not None
