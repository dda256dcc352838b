"""Shared-language settings: quality leads and administrators change them; nobody else."""

import pytest

from quadrant.core.models import HistoryEvent
from quadrant.language.models import GuidingQuestion, QualityDomain, QualityDomainSet
from quadrant.organisation.models import OrganisationSettings

pytestmark = pytest.mark.django_db


def test_shipped_sets_iom_in_use_and_cqc_available(people):
    iom = QualityDomainSet.objects.get(name="IOM six aims")
    cqc = QualityDomainSet.objects.get(name="CQC key questions")
    assert iom.is_active and not cqc.is_active
    assert [d.name for d in iom.domains.all()] == [
        "Safe", "Effective", "Person-centred", "Timely", "Efficient", "Equitable"
    ]  # fmt: skip
    assert [d.name for d in cqc.domains.all()] == [
        "Safe", "Effective", "Caring", "Responsive", "Well-led"
    ]  # fmt: skip
    assert {d.domain_set for d in QualityDomain.in_use()} == {iom}


@pytest.mark.parametrize("username", ["quality", "admin"])
def test_quality_lead_and_admin_see_settings(client_for, username):
    response = client_for(username).get("/language/")
    assert response.status_code == 200
    assert "IOM six aims" in response.content.decode()


@pytest.mark.parametrize("username", ["manager", "board", "staff", "partner", "outsider"])
def test_others_are_refused_with_the_permission_named(client_for, username):
    response = client_for(username).get("/language/")
    assert response.status_code == 403
    assert "change the shared-language settings" in response.content.decode()


def test_own_domain_set_then_put_in_use(client_for):
    client = client_for("quality")
    response = client.post("/language/domain-sets/new/", {"name": "Our seven domains"})
    own = QualityDomainSet.objects.get(name="Our seven domains")
    assert response.status_code == 302
    refused = client.post(f"/language/domain-sets/{own.pk}/use/", follow=True)
    assert "has no domains yet" in refused.content.decode()
    for name in ["Safe", "Kind", "Fair", "Timely", "Effective", "Efficient", "Well-led"]:
        client.post(f"/language/domain-sets/{own.pk}/", {"name": name})
    duplicate = client.post(f"/language/domain-sets/{own.pk}/", {"name": "kind"})
    assert duplicate.status_code == 400
    assert "already has a domain called" in duplicate.content.decode()
    client.post(f"/language/domain-sets/{own.pk}/use/")
    own.refresh_from_db()
    assert own.is_active
    assert QualityDomainSet.objects.filter(is_active=True).count() == 1
    assert QualityDomain.in_use().count() == 7


def test_qms_name_is_set_and_audited(client_for):
    response = client_for("quality").post("/language/", {"qms_name": "Our Quality Way"})
    assert response.status_code == 302
    assert OrganisationSettings.current().qms_name == "Our Quality Way"
    assert "Our Quality Way" in client_for("staff").get("/language/glossary/").content.decode()
    assert HistoryEvent.objects.filter(changes__has_key="qms_name").exists()


def test_empty_qms_name_is_refused_in_plain_words(client_for):
    response = client_for("quality").post("/language/", {"qms_name": ""})
    assert "Enter the name of your quality management system" in response.content.decode()


def test_guiding_question_added_and_removed(client_for):
    client = client_for("quality")
    client.post("/language/questions/add/", {"component": "planning", "text": "Are we clear?"})
    question = GuidingQuestion.objects.get(text="Are we clear?")
    assert question.component == "planning"
    client.post(f"/language/questions/{question.pk}/remove/")
    question.refresh_from_db()
    assert question.archived_at is not None


def test_manager_cannot_add_a_question(client_for):
    response = client_for("manager").post(
        "/language/questions/add/", {"component": "planning", "text": "Sneaky?"}
    )
    assert response.status_code == 403
    assert not GuidingQuestion.objects.filter(text="Sneaky?").exists()
