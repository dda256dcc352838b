"""The CQC single assessment framework shipped as data: 5 key questions, 34 quality statements,
6 evidence categories; loading twice changes nothing; a new version updates what it changed,
recorded in the history."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from quadrant.assurance.standards.cqc import CQC_CODE, CQC_FILE, cqc_definition, load_cqc
from quadrant.assurance.standards.models import EvidenceCategory, Standard, StandardGroup
from quadrant.core.actors import COMMAND_LINE
from quadrant.core.models import HistoryEvent

pytestmark = pytest.mark.django_db

KEY_QUESTIONS = ["Safe", "Effective", "Caring", "Responsive", "Well-led"]
STATEMENTS_PER_KEY_QUESTION = {
    "safe": 8,
    "effective": 6,
    "caring": 5,
    "responsive": 7,
    "well-led": 8,
}


def test_the_file_holds_34_statements_under_5_key_questions_and_6_categories():
    definition = cqc_definition()
    assert [g.title for g in definition.groups] == KEY_QUESTIONS
    assert len(definition.standards) == 34
    counts = {g.code: 0 for g in definition.groups}
    for row in definition.standards:
        counts[row.group_code] += 1
        assert row.text.startswith("We "), row.code
    assert counts == STATEMENTS_PER_KEY_QUESTION
    assert len({row.code for row in definition.standards}) == 34
    assert len({row.title for row in definition.standards}) == 34
    assert [c.title for c in definition.categories] == [
        "People's experience of health and care services",
        "Feedback from staff and leaders",
        "Feedback from partners",
        "Observation",
        "Processes",
        "Outcomes",
    ]


def test_the_file_cites_its_sources_and_licence():
    header = CQC_FILE.read_text(encoding="utf-8").split("[framework]")[0]
    assert "https://www.cqc.org.uk/" in header and "read on" in header
    assert "Open Government Licence" in header
    assert (CQC_FILE.parent / "LICENCE.md").exists()


def test_loading_creates_the_framework_and_loading_again_changes_nothing():
    first = load_cqc(actor=COMMAND_LINE)
    framework = first.framework
    assert framework.code == CQC_CODE and framework.kind == "external"
    assert Standard.objects.filter(framework=framework).count() == 34
    assert StandardGroup.objects.filter(framework=framework).count() == 5
    assert EvidenceCategory.objects.filter(framework=framework).count() == 6
    learning = Standard.objects.get(framework=framework, code="S1")
    assert learning.title == "Learning culture" and learning.group.title == "Safe"
    assert learning.text.startswith("We have a proactive and positive culture of safety")
    events = HistoryEvent.objects.count()
    versions = list(Standard.objects.order_by("pk").values_list("pk", "version", "updated_at"))

    again = load_cqc(actor=COMMAND_LINE)
    assert not again.changed_anything and again.unchanged == 5 + 6 + 34
    assert HistoryEvent.objects.count() == events
    assert (
        list(Standard.objects.order_by("pk").values_list("pk", "version", "updated_at")) == versions
    )


def test_a_new_version_of_the_file_updates_what_it_changed_in_the_history(tmp_path: Path):
    load_cqc(actor=COMMAND_LINE)
    changed = CQC_FILE.read_text(encoding="utf-8").replace(
        'title = "Safeguarding"', 'title = "Safeguarding (revised)"'
    )
    newer = tmp_path / "cqc_saf.toml"
    newer.write_text(changed, encoding="utf-8")
    before = HistoryEvent.objects.order_by("-pk").first()
    result = load_cqc(actor=COMMAND_LINE, path=newer)
    assert (result.created, result.updated) == (0, 1)
    revised = Standard.objects.get(code="S3")
    assert revised.title == "Safeguarding (revised)" and revised.version == 2
    assert Standard.objects.get(code="S1").version == 1  # unchanged rows are not written
    [event] = HistoryEvent.objects.filter(pk__gt=before.pk if before else 0)
    assert "cqc-saf" in event.summary
    assert "Safeguarding (revised)" in str(event.changes)


def test_the_management_command_loads_it(capsys):
    call_command("load_cqc_framework")
    call_command("load_cqc_framework")
    out = capsys.readouterr().out
    assert "34" not in out.splitlines()[-1] and "already up to date" in out.splitlines()[-1]
    assert Standard.objects.filter(framework__code=CQC_CODE).count() == 34
