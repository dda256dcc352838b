"""Documents and their drafts: a new document is its first draft; a draft's text, file, title,
review date and the units that must read it change until it goes for review; a signed version
never changes — a change is a new draft, copied from the current version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from quadrant.assurance.documents.access import may_create_at, require_editor
from quadrant.assurance.documents.choices import UNSIGNED, DocumentType, VersionStatus
from quadrant.assurance.documents.files import FOLDER, CheckedFile, check_document_file
from quadrant.assurance.documents.models import Document, DocumentVersion
from quadrant.core.actors import PERSON, PERSON_OR_SYSTEM, actor_kind
from quadrant.core.context import acting_as
from quadrant.core.permissions import Capability, check_actor, may_at
from quadrant.core.services import create_object, update_object
from quadrant.core.uploads import stored
from quadrant.organisation.models import OrgUnit

REVIEW_YEARS = 1
DOCUMENT_FIELDS = ("doc_type", "owner", "author", "public")
DRAFT_FIELDS = ("title", "review_date", "change_summary", "body")
NOT_CREATOR = (
    "You may not add a document here: documents are added by the quality team (quality leads "
    "at the unit or above)."
)


def default_review_date(today: dt.date | None = None) -> dt.date:
    """A year from TODAY (documents are reviewed yearly unless their owner says otherwise)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + REVIEW_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + REVIEW_YEARS, day=28)


def check_review_date(value: dt.date | None) -> None:
    if value is None:
        raise ValidationError({"review_date": "Enter the next review date"})
    if value < timezone.localdate():
        raise ValidationError({"review_date": "Next review date must be today or in the future"})


def check_people(fields: Mapping[str, Any], unit: Any) -> None:
    """The owner and author are active people who work where the document applies."""
    for name, word in (("owner", "owner"), ("author", "author")):
        if name not in fields:
            continue
        person = fields[name]
        if person is None or not getattr(person, "is_active", False):
            raise ValidationError({name: f"Choose the document's {word}"})
        if not may_at(person, Capability.VIEW, unit):
            raise ValidationError({name: f"Choose an {word} who works in {unit} or above it"})


def _as_person(actor: Any) -> Any:
    return actor if actor_kind(actor) == PERSON else None


def create_document(
    fields: Mapping[str, Any], *, actor: Any, upload: Any = None
) -> DocumentVersion:
    """A new document with its first version, a draft (the quality team of the unit). Gives
    the draft."""
    check_actor(actor, Capability.VIEW, allow=PERSON_OR_SYSTEM)
    unit = fields.get("org_unit")
    if unit is None:
        raise ValidationError({"org_unit": "Choose the unit the document applies to"})
    if actor_kind(actor) == PERSON and not may_create_at(actor, unit):
        raise PermissionDenied(NOT_CREATOR)
    identifier = str(fields.get("identifier", "")).strip().upper()
    if not identifier:
        raise ValidationError({"identifier": "Enter the document's identifier, like POL-012"})
    if Document.objects.filter(identifier__iexact=identifier).exists():
        raise ValidationError(
            {"identifier": f"Identifier must be unique: {identifier} is already a document"}
        )
    if fields.get("doc_type") not in DocumentType.values:
        raise ValidationError({"doc_type": "Choose the type of document"})
    check_people(fields, unit)
    review_date = fields.get("review_date") or default_review_date()
    check_review_date(review_date)
    title = str(fields.get("title", "")).strip()
    if not title:
        raise ValidationError({"title": "Enter the document's title"})
    checked = check_document_file(upload) if upload is not None else None
    values = {name: fields[name] for name in DOCUMENT_FIELDS if name in fields}
    with acting_as(actor), transaction.atomic():
        document = create_object(
            Document,
            {**values, "identifier": identifier, "title": title, "org_unit": unit},
            actor=actor,
        )
        version = DocumentVersion(
            document=document,
            number=1,
            title=title,
            review_date=review_date,
            body=str(fields.get("body", "")),
            change_summary=str(fields.get("change_summary", "")),
        )
        version = _save_with_file(version, checked, actor)
        _set_units(version, fields.get("acknowledgement_units"))
        refresh_search(document)
    return version


def _save_with_file(
    version: DocumentVersion, checked: CheckedFile | None, actor: Any
) -> DocumentVersion:
    """Save VERSION (new) with CHECKED as its file, stored under documents/ and removed again
    should the write fail."""
    if checked is None:
        return create_object(DocumentVersion, _fields_of(version), actor=actor)
    with stored(checked, FOLDER) as name:  # type: ignore[arg-type]
        _attach(version, checked, name)
        return create_object(DocumentVersion, _fields_of(version), actor=actor)


def _fields_of(version: DocumentVersion) -> dict[str, Any]:
    names = (
        "document",
        "number",
        "title",
        "review_date",
        "body",
        "change_summary",
        "file",
        "file_name",
        "file_type",
        "file_size",
        "text",
        "from_change",
        "status",
    )
    return {name: getattr(version, name) for name in names}


def _attach(version: DocumentVersion, checked: CheckedFile, name: str) -> None:
    version.file.name = name
    version.file_name = checked.name
    version.file_type = checked.kind.content_type
    version.file_size = len(checked.data)
    version.text = checked.text
    version.body = ""


def _set_units(version: DocumentVersion, units: Iterable[Any] | None) -> None:
    if units is not None:
        version.acknowledgement_units.set(list(units))


def update_document(
    document: Document,
    changes: Mapping[str, Any],
    *,
    actor: Any,
    expected_version: int | None = None,
) -> Document:
    """Change a document's type, owner, author or whether patient partners read it (its
    owner, its author, the quality team). Its identifier never changes; its title changes
    with a new version."""
    require_editor(actor, document)
    unknown = sorted(set(changes) - set(DOCUMENT_FIELDS))
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(unknown)}")
    check_people(
        {name: value for name, value in changes.items() if getattr(document, name) != value},
        document.org_unit,
    )
    return update_object(document, changes, actor=actor, expected_version=expected_version)


def refuse_if_signed(version: DocumentVersion) -> None:
    if version.status == VersionStatus.DRAFT:
        return
    if version.status == VersionStatus.IN_REVIEW:
        raise ValidationError(
            f"Version {version.number} is in review: return it to draft to change it"
        )
    raise ValidationError(
        f"Version {version.number} is {version.get_status_display().lower()} and signed: "
        "it cannot be changed. Make a new draft to change the document"
    )


def update_draft(
    version: DocumentVersion,
    changes: Mapping[str, Any],
    *,
    actor: Any,
    upload: Any = None,
    expected_version: int | None = None,
) -> DocumentVersion:
    """Change a draft: its title, review date, what changed, its text or its file (a file
    replaces the text), and the units whose staff must read it."""
    require_editor(actor, version.document)
    refuse_if_signed(version)
    unknown = sorted(set(changes) - {*DRAFT_FIELDS, "acknowledgement_units"})
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(unknown)}")
    values = {name: changes[name] for name in DRAFT_FIELDS if name in changes}
    if "review_date" in values:
        check_review_date(values["review_date"])
    if "title" in values:
        values["title"] = str(values["title"]).strip()
        if not values["title"]:
            raise ValidationError({"title": "Enter the document's title"})
    checked = check_document_file(upload) if upload is not None else None
    if checked is None and values.get("body", "").strip():
        values.update(file="", file_name="", file_type="", file_size=None, text="")
    with acting_as(actor), transaction.atomic():
        if checked is None:
            version = update_object(version, values, actor=actor, expected_version=expected_version)
        else:
            with stored(checked, FOLDER) as name:  # type: ignore[arg-type]
                _attach(version, checked, name)
                values.pop("body", None)
                values.update(
                    file=name,
                    file_name=version.file_name,
                    body="",
                    file_type=version.file_type,
                    file_size=version.file_size,
                    text=checked.text,
                )
                version = update_object(
                    version, values, actor=actor, expected_version=expected_version
                )
        _set_units(version, changes.get("acknowledgement_units"))
        refresh_search(version.document)
    return version


def current_version(document: Document) -> DocumentVersion | None:
    """The one version served as current: the approved one (None when none is)."""
    found: DocumentVersion | None = document.versions.filter(
        status=VersionStatus.APPROVED, archived_at__isnull=True
    ).first()
    return found


def version_in_progress(document: Document) -> DocumentVersion | None:
    found: DocumentVersion | None = document.versions.filter(
        status__in=UNSIGNED, archived_at__isnull=True
    ).first()
    return found


def new_draft(
    document: Document, *, actor: Any, change_summary: str = "", from_change: Any = None
) -> DocumentVersion:
    """The next version of DOCUMENT as a draft, copied from its current version (or its
    latest), with a review date a year away. Refused while another version is unsigned."""
    require_editor(actor, document)
    with acting_as(actor), transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        waiting = version_in_progress(locked)
        if waiting is not None:
            raise ValidationError(
                f"Version {waiting.number} is already {waiting.get_status_display().lower()}: "
                "change that one"
            )
        base = current_version(locked) or locked.versions.order_by("-number").first()
        number = (locked.versions.aggregate(top=Max("number"))["top"] or 0) + 1
        fields: dict[str, Any] = {
            "document": locked,
            "number": number,
            "review_date": default_review_date(),
            "title": base.title if base else locked.title,
            "body": base.body if base else "",
            "change_summary": change_summary.strip(),
            "from_change": from_change,
            "status": VersionStatus.DRAFT,
        }
        if base is not None and base.file:
            fields.update(
                file=base.file.name,
                file_name=base.file_name,
                file_type=base.file_type,
                file_size=base.file_size,
                text=base.text,
            )
        draft = create_object(DocumentVersion, fields, actor=actor)
        if base is not None:
            draft.acknowledgement_units.set(OrgUnit.objects.filter(documents_to_acknowledge=base))
    return draft


def refresh_search(document: Document) -> None:
    """What the search finds the document by: its identifier, title and current text (the
    latest version's while nothing is approved; never a draft's once one is)."""
    version = current_version(document) or document.versions.order_by("-number").first()
    text = version.text if version is not None else ""
    words = f"{document.identifier}\n{document.title}\n{text}"
    Document.objects.filter(pk=document.pk).update(search_text=words)
    document.search_text = words
