"""Controlled documents figures on the `--scale large` trust: the library's full-text search
(by title, identifier and text) over 10,000 documents, p95 server time under 150 ms.

Builds the large organisation with the documents seed step (200 documents in every status)
and as many more approved documents spread over every unit as `--documents` asks (10,000 in
all by default), into var/bench/documents-large.sqlite3 (reused while complete), then
measures in process with Django's test client: the library page searched for one or two
words (a different query each request, some matching hundreds of documents, some a handful),
signed in as `quality` (who sees the whole trust) and as `staff` (a ward's nurse, who sees
the documents in use of the ward, the units above it and the public ones); median and p95.

Run: `QUADRANT_ENV=test .venv/bin/python bench/bench_assurance_documents.py [--documents N]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time

from benchkit import ROOT, figure, percentile, start_django

DATABASE = start_django("documents-large.sqlite3")

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from quadrant.demo.generator import current_seed, seed_demo  # noqa: E402
from quadrant.organisation.models import OrgUnit, Person  # noqa: E402

QUERIES = [
    "sepsis", "hand hygiene", "falls", "POL", "controlled drugs", "discharge checklist",
    "NEWS2", "insulin", "delirium screening", "capacity", "wristbands", "fridge",
]  # fmt: skip
REQUESTS = 20 if os.environ.get("BENCH_QUICK") else 100
LIMIT_MS = 150.0


def ensure_large_library(total: int) -> int:
    from quadrant.assurance.documents.models import Document

    call_command("migrate", interactive=False, verbosity=0)
    seed = current_seed()
    if seed is not None and seed.scale == "large" and Document.objects.count() >= total:
        print(f"Reusing {DATABASE.relative_to(ROOT)}: {Document.objects.count()} documents")
        return int(Document.objects.count())
    if seed is not None:
        call_command("flush", interactive=False, verbosity=0)
    from quadrant.assurance.documents.demo_seed import seed_documents

    started = time.perf_counter()
    context = seed_demo("large", with_steps=False, log=lambda message: None)
    seed_documents(context)
    add_documents(total - Document.objects.count())
    print(f"Built the large trust and its library in {time.perf_counter() - started:.0f} s")
    return int(Document.objects.count())


def add_documents(count: int) -> None:
    """COUNT more approved documents over every unit, each with its signed version."""
    from django.utils import timezone

    from quadrant.assurance.documents.content import plain_text, sanitised, signature_hash
    from quadrant.assurance.documents.demo_data import PREFIX, TOPICS, body_of
    from quadrant.assurance.documents.models import Document, DocumentVersion

    units = list(OrgUnit.objects.order_by("path"))
    owner = Person.objects.get(username="quality")
    signer = Person.objects.get(username="board")
    today, now = dt.date.today(), timezone.now()
    for start in range(0, count, 2000):
        documents, versions = [], []
        for n in range(start, min(start + 2000, count)):
            kind, title, about = TOPICS[n % len(TOPICS)]
            identifier = f"{PREFIX[kind]}-B{n:05d}"
            body = sanitised(body_of(title, about, 1))
            text = plain_text(body)
            document = Document(
                identifier=identifier,
                title=f"{title} ({n})",
                doc_type=kind,
                org_unit=units[n % len(units)],
                owner=owner,
                author=owner,
                public=n % 11 == 0,
                search_text=f"{identifier}\n{title} ({n})\n{text}",
            )
            documents.append(document)
            versions.append(
                DocumentVersion(
                    document=document,
                    number=1,
                    title=document.title,
                    body=body,
                    text=text,
                    status="approved",
                    review_date=today + dt.timedelta(days=n % 365),
                    approver=signer,
                    signed_by=signer,
                    signed_name="Catherine Hale",
                    signed_at=now,
                    signature_meaning="approved",
                    signature_hash=signature_hash(
                        identifier=identifier, number=1, title=document.title, content=body.encode()
                    ),
                )
            )
        Document.objects.bulk_create(documents, batch_size=1000)
        DocumentVersion.objects.bulk_create(versions, batch_size=1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000, help="documents in all")
    total = ensure_large_library(parser.parse_args().documents)
    for username in ("quality", "staff"):
        client = Client()
        client.force_login(Person.objects.get(username=username))
        response = client.get("/assurance/documents/", {"q": "sepsis"})  # warm
        if response.status_code != 200:
            raise SystemExit(f"The library answered {response.status_code}")
        samples = []
        for n in range(REQUESTS):
            started = time.perf_counter()
            client.get("/assurance/documents/", {"q": QUERIES[n % len(QUERIES)]})
            samples.append((time.perf_counter() - started) * 1000)
        p50, p95 = statistics.median(samples), percentile(samples, 95)
        figure(f"document search over {total} documents as {username}, server time p95",
               f"{p95:.0f} ms (median {p50:.0f})", f"< {LIMIT_MS:.0f} ms",
               p95 < LIMIT_MS)  # fmt: skip


if __name__ == "__main__":
    main()
