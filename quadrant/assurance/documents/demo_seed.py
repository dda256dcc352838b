"""Demo data of controlled documents: about 200 documents across the tree (trust policies,
divisional procedures, ward SOPs, guidelines and forms), in every status — drafts, versions in
review (some waiting for a review, some ready for `board` to sign), approved, superseded and
archived versions — each signature a real hash over its content; some overdue for review, some
public, and documents the staff of `manager`'s ward must read (`staff` has some to confirm,
others have). Everything is bulk-created, in a fraction of a second."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from quadrant.assurance.documents.choices import SIGNATURE_MEANING, VersionStatus
from quadrant.assurance.documents.content import plain_text, sanitised, signature_hash
from quadrant.assurance.documents.demo_data import PREFIX, TOPICS, body_of
from quadrant.assurance.documents.models import (
    Acknowledgement,
    Document,
    DocumentReview,
    DocumentVersion,
)
from quadrant.organisation.models import Membership

TOTAL = 200
AT_TOP = 36


def seed_documents(context: Any) -> None:
    rng = context.rng_for("documents")
    today = context.reference_date
    people = context.people
    leads = context.unit_leads()
    units = list(context.units.values())
    places = _places(context, units, rng)
    documents = []
    for n, unit in enumerate(places):
        kind, title, _ = TOPICS[n % len(TOPICS)]
        author = leads.get(unit.pk) or people["quality"]
        documents.append(
            Document(
                identifier=f"{PREFIX[kind]}-{unit.code}-{n + 1:03d}"[:40],
                title=title,
                doc_type=kind,
                org_unit=unit,
                owner=author,
                author=author,
                public=n % 7 == 0,
                search_text="",
            )
        )
    Document.objects.bulk_create(documents, batch_size=500)
    versions, reviews, plans = _versions(documents, people, today, rng)
    DocumentVersion.objects.bulk_create(versions, batch_size=500)
    for review, version in reviews:
        review.document_version = version
    DocumentReview.objects.bulk_create([review for review, _ in reviews], batch_size=500)
    _search_text(documents, versions)
    acknowledged = _acknowledgements(context, plans, today)
    context.log(
        f"Documents: {len(documents)} with {len(versions)} versions, "
        f"{acknowledged} acknowledgements"
    )


def _places(context: Any, units: list[Any], rng: Any) -> list[Any]:
    """Trust-wide policies at the top, then divisions, services and wards (manager's too)."""
    top = [u for u in units if u.parent_id is None]
    middle = sorted(
        (u for u in units if u.kind in ("division", "directorate", "service")), key=lambda u: u.code
    )
    wards = sorted((u for u in units if u.kind in ("ward", "team")), key=lambda u: u.code)
    places = top * AT_TOP + middle[:60] + [context.manager_ward] * 6
    while len(places) < TOTAL and wards:
        places.append(rng.choice(wards))
    return places[:TOTAL]


def _signed(version: DocumentVersion, document: Document, signer: Any, when: dt.datetime) -> None:
    version.status = VersionStatus.APPROVED
    version.signed_by, version.approver = signer, signer
    version.signed_name = signer.get_full_name() or signer.username
    version.signed_at, version.signature_meaning = when, SIGNATURE_MEANING
    version.signature_hash = signature_hash(
        identifier=document.identifier,
        number=version.number,
        title=version.title,
        content=version.body.encode(),
    )


def _versions(
    documents: list[Document], people: dict[str, Any], today: dt.date, rng: Any
) -> tuple[
    list[DocumentVersion],
    list[tuple[DocumentReview, DocumentVersion]],
    list[tuple[Document, DocumentVersion]],
]:
    versions: list[DocumentVersion] = []
    reviews: list[tuple[DocumentReview, DocumentVersion]] = []
    approved: list[tuple[Document, DocumentVersion]] = []
    now = timezone.now()
    for n, document in enumerate(documents):
        about = TOPICS[n % len(TOPICS)][2]
        approver = (
            people["board"] if document.author_id != people["board"].pk else people["quality"]
        )
        shape = n % 12
        count = 3 if shape == 4 else 2 if shape in (2, 3, 5) else 1
        for number in range(1, count + 1):
            signed_on = now - dt.timedelta(days=rng.randint(40, 700) // number)
            body = sanitised(body_of(document.title, about, number))
            version = DocumentVersion(
                document=document,
                number=number,
                title=document.title,
                body=body,
                text=plain_text(body),
                status=VersionStatus.DRAFT,
                review_date=today + dt.timedelta(days=rng.randint(20, 360)),
                change_summary="" if number == 1 else "Reviewed and brought up to date.",
            )
            last = number == count
            if shape == 0 or (shape == 2 and last):
                pass  # a draft
            elif (shape == 1 and last) or (shape == 4 and last):
                version.status, version.approver = VersionStatus.IN_REVIEW, approver
                version.submitted_at = now - dt.timedelta(days=3)
                review = DocumentReview(reviewer=people["quality"], comment="")
                if shape == 4:  # reviewed: ready for the approver to sign
                    review.reviewed_at, review.comment = now - dt.timedelta(days=1), "Agreed"
                reviews.append((review, version))
            else:
                _signed(version, document, approver, signed_on)
                if not last:
                    version.status = VersionStatus.SUPERSEDED
                    version.superseded_at = signed_on + dt.timedelta(days=200)
                elif shape == 5:
                    version.status = VersionStatus.ARCHIVED
                else:
                    if n % 9 == 4:  # overdue for review
                        version.review_date = today - dt.timedelta(days=rng.randint(3, 90))
                    approved.append((document, version))
            versions.append(version)
    return versions, reviews, approved


def _search_text(documents: list[Document], versions: list[DocumentVersion]) -> None:
    text = {}
    for version in versions:  # the approved version's text, else the latest
        key = version.document.pk
        if version.status == VersionStatus.APPROVED or key not in text:
            text[key] = version.text
    for document in documents:
        document.search_text = (
            f"{document.identifier}\n{document.title}\n{text.get(document.pk, '')}"
        )
    Document.objects.bulk_update(documents, ["search_text"], batch_size=500)


def _acknowledgements(
    context: Any, approved: list[tuple[Document, DocumentVersion]], today: dt.date
) -> int:
    """Every fourth approved document of the manager's ward or above asks that ward's staff
    to read it; everyone there but `staff` and `manager` has confirmed the older ones."""
    ward = context.manager_ward
    asked = [
        version for document, version in approved if ward.path.startswith(document.org_unit.path)
    ][::4]
    through = DocumentVersion.acknowledgement_units.through
    through.objects.bulk_create(
        [through(documentversion_id=version.pk, orgunit_id=ward.pk) for version in asked]
    )
    readers = list(
        Membership.objects.filter(org_unit__path__startswith=ward.path, archived_at__isnull=True)
        .exclude(person__username__in=("staff", "manager"))
        .values_list("person_id", flat=True)
        .distinct()
    )
    when = timezone.make_aware(dt.datetime.combine(today, dt.time(9)))
    rows = [
        Acknowledgement(document_version=version, person_id=person, acknowledged_at=when)
        for n, version in enumerate(asked)
        if n % 2 == 0
        for person in readers
    ]
    Acknowledgement.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
