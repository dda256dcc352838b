"""The documents demo data: about 200 documents across the tree in every status, each
signature a real hash over its content, some overdue for review, some public, and documents
the staff of `manager`'s ward must read; the pages open on it
and its search finds its words."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from quadrant.assurance.documents.demo_seed import TOTAL, seed_documents
from quadrant.assurance.documents.models import Document, DocumentVersion
from quadrant.assurance.documents.services.acknowledgements import to_acknowledge


def test_demo_seed(db: Any, client: Any) -> None:
    from quadrant.demo.generator import seed_demo

    seeded = seed_demo("demo", with_steps=False, log=lambda message: None)
    seed_documents(seeded)
    assert Document.objects.count() == TOTAL
    assert Document.objects.values("org_unit__kind").distinct().count() >= 3
    statuses = set(DocumentVersion.objects.values_list("status", flat=True))
    assert statuses == {"draft", "in_review", "approved", "superseded", "archived"}
    signed = DocumentVersion.objects.exclude(signature_hash="").select_related("document")
    assert all(version.signature_matches() for version in signed[:50])
    approved = DocumentVersion.objects.filter(status="approved")
    assert approved.filter(review_date__lt=seeded.reference_date).count() >= 5
    assert Document.objects.filter(public=True).count() >= 20
    staff, quality = seeded.people["staff"], seeded.people["quality"]
    assert to_acknowledge(staff).count() >= 2
    client.force_login(staff)
    listing = client.get(reverse("assurance:documents"), {"q": "sepsis"})
    assert listing.status_code == 200 and "Sepsis screening" in listing.content.decode()
    assert client.get(reverse("assurance:documents_overdue")).status_code == 200
    assert client.get(reverse("home")).status_code == 200
    client.force_login(quality)
    ready = DocumentVersion.objects.filter(status="in_review", reviews__reviewed_at__isnull=False)
    assert ready.filter(approver=seeded.people["board"]).exists()
    for status in sorted(statuses):
        version = DocumentVersion.objects.filter(status=status).first()
        assert version is not None
        assert client.get(version.get_absolute_url()).status_code == 200, status
