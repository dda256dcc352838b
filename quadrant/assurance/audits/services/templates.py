"""Templates and their versions.

A template nobody has run yet is edited in place. Once it has runs, the first edit copies it
into a new version (sections, questions and their standards), supersedes the old one, and
applies the edit to the copy: the old version, and every run of it, stays exactly as it was.
Each edit returns what it changed, so a page can follow the edit into the new version.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from quadrant.assurance.audits.access import require_template_manager
from quadrant.assurance.audits.models import AuditQuestion, AuditSection, AuditTemplate
from quadrant.core.context import acting_as
from quadrant.core.services import archive_object, create_object, update_object

TEMPLATE_FIELDS = ("title", "kind", "description", "pass_threshold")
QUESTION_FIELDS = (
    "text", "guidance", "kind", "order", "weight", "max_score", "choices", "passing_choices",
    "pass_min", "pass_max", "evidence",
)  # fmt: skip


def create_template(fields: Mapping[str, Any], *, actor: Any) -> AuditTemplate:
    """A new template (version 1) with the code given, unused by any other template."""
    require_template_manager(actor)
    code = fields.get("code", "")
    if AuditTemplate.objects.filter(code=code).exists():
        raise ValidationError({"code": f"Code must be unique: {code} is already a template"})
    return create_object(AuditTemplate, fields, actor=actor)


def update_template(
    template: AuditTemplate, changes: Mapping[str, Any], *, actor: Any
) -> AuditTemplate:
    """Change the title, description or pass threshold (of a new version once it has runs)."""
    require_template_manager(actor)
    with acting_as(actor), transaction.atomic():
        target, _ = _editable(template, actor)
        return update_object(target, _only(changes, TEMPLATE_FIELDS), actor=actor)


def add_section(template: AuditTemplate, title: str, *, actor: Any) -> AuditSection:
    require_template_manager(actor)
    with acting_as(actor), transaction.atomic():
        target, _ = _editable(template, actor)
        order = target.sections.filter(archived_at__isnull=True).count() + 1
        return create_object(
            AuditSection, {"template": target, "title": title, "order": order}, actor=actor
        )


def add_question(
    section: AuditSection,
    fields: Mapping[str, Any],
    *,
    standards: Iterable[Any] = (),
    actor: Any,
) -> AuditQuestion:
    """A new question at the end of SECTION, evidencing STANDARDS."""
    require_template_manager(actor)
    with acting_as(actor), transaction.atomic():
        _, copies = _editable(section.template, actor)
        target_section = copies.sections.get(section.pk, section)
        values = {"order": target_section.questions.count() + 1, **_only(fields, QUESTION_FIELDS)}
        question = create_object(AuditQuestion, {**values, "section": target_section}, actor=actor)
        question.standards.set(list(standards))
    return question


def update_question(
    question: AuditQuestion,
    changes: Mapping[str, Any],
    *,
    standards: Iterable[Any] | None = None,
    actor: Any,
) -> AuditQuestion:
    require_template_manager(actor)
    with acting_as(actor), transaction.atomic():
        _, copies = _editable(question.section.template, actor)
        target = copies.questions.get(question.pk, question)
        target = update_object(target, _only(changes, QUESTION_FIELDS), actor=actor)
        if standards is not None:
            target.standards.set(list(standards))
    return target


def remove_question(question: AuditQuestion, *, actor: Any) -> AuditTemplate:
    """Take a question out of the template (archived; past runs keep their answers to it)."""
    require_template_manager(actor)
    with acting_as(actor), transaction.atomic():
        template, copies = _editable(question.section.template, actor)
        archive_object(copies.questions.get(question.pk, question), actor=actor)
    return template


class _Copies:
    """Where each section and question of an old version went in the new one."""

    def __init__(self) -> None:
        self.sections: dict[int, AuditSection] = {}
        self.questions: dict[int, AuditQuestion] = {}


def _editable(template: AuditTemplate, actor: Any) -> tuple[AuditTemplate, _Copies]:
    template = AuditTemplate.objects.select_for_update().get(pk=template.pk)
    if not template.is_current:
        raise ValidationError(
            f"Version {template.version_number} of “{template}” has been replaced: "
            "edit the current version"
        )
    if not template.runs.exists():
        return template, _Copies()
    return _new_version(template, actor)


def _new_version(old: AuditTemplate, actor: Any) -> tuple[AuditTemplate, _Copies]:
    update_object(old, {"superseded_at": timezone.now()}, actor=actor)
    new = create_object(
        AuditTemplate,
        {"code": old.code, "version_number": old.version_number + 1,
         **{name: getattr(old, name) for name in TEMPLATE_FIELDS}},
        actor=actor,
    )  # fmt: skip
    copies = _Copies()
    for section in old.sections.filter(archived_at__isnull=True):
        copies.sections[section.pk] = AuditSection(
            template=new, title=section.title, order=section.order
        )
    AuditSection.objects.bulk_create(copies.sections.values())
    questions = list(
        AuditQuestion.objects.filter(section__template=old, archived_at__isnull=True)
        .prefetch_related("standards")
    )  # fmt: skip
    for question in questions:
        values = {name: getattr(question, name) for name in QUESTION_FIELDS}
        section = copies.sections[question.section_id]
        copies.questions[question.pk] = AuditQuestion(section=section, **values)
    AuditQuestion.objects.bulk_create(copies.questions.values())
    through = AuditQuestion.standards.through
    through.objects.bulk_create(
        through(auditquestion_id=copies.questions[q.pk].pk, standard_id=s.pk)
        for q in questions
        for s in q.standards.all()
    )
    return new, copies


def _only(fields: Mapping[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    return {name: value for name, value in fields.items() if name in allowed}
