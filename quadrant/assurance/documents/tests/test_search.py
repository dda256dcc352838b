"""The full-text index is kept in step by the database itself, whatever writes the rows (the
services, a bulk insert, a raw update): an FTS5 table on SQLite, the GIN-indexed search vector
on PostgreSQL; query words never reach the database as query syntax."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from quadrant.assurance.documents.models import Document
from quadrant.assurance.documents.search import _fts5_query, _tsquery, search_documents, words_of

pytestmark = pytest.mark.django_db


def found(words: str) -> list[str]:
    return list(
        search_documents(Document.objects.all(), words).values_list("identifier", flat=True)
    )


def test_the_index_follows_every_write(make_document: Any) -> None:
    version = make_document(identifier="SOP-TEMP-1", title="Fridge temperatures")
    assert found("fridge") == ["SOP-TEMP-1"] and found("hourly") == ["SOP-TEMP-1"]  # the text
    Document.objects.filter(pk=version.document_id).update(search_text="Resuscitation trolley")
    assert found("hourly") == [] and found("trolley") == ["SOP-TEMP-1"]
    Document.objects.bulk_create(
        [
            Document(
                identifier="FRM-9",
                title="Trolley check form",
                doc_type="form",
                org_unit=version.document.org_unit,
                owner=version.document.owner,
                author=version.document.author,
                search_text="FRM-9 Trolley check form",
            )
        ]
    )
    assert sorted(found("trolley")) == ["FRM-9", "SOP-TEMP-1"]


def test_the_database_s_own_index_is_there() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'assurance_document_fts'")
            assert "fts5" in cursor.fetchone()[0]
        else:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'document_search_gin'"
            )
            assert "gin" in cursor.fetchone()[0].lower()


def test_query_words_are_only_words() -> None:
    assert words_of('"; DROP TABLE x; -- NEAR(a b) OR *') == [
        "DROP",
        "TABLE",
        "x",
        "NEAR",
        "a",
        "b",
        "OR",
    ]
    assert _fts5_query(["hand", "hyg"]) == '"hand" "hyg"*'
    assert _tsquery(["hand", "hyg"]) == "hand & hyg:*"
    assert (
        search_documents(Document.objects.all(), "  ;; ").query.where
        == Document.objects.all().query.where
    )
