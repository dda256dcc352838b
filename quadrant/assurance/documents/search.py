"""Search of controlled documents by identifier, title and text, in the database's own full
text search, kept in step with the document table by triggers (so bulk writes, the demo seed
included, are indexed too):

- SQLite: an FTS5 table over the table's identifier, title and search_text (external
  content, porter stemming), ranked by bm25;
- PostgreSQL: the `search_vector` column (identifier and title weighted above the text), set
  by a trigger, with a GIN index; queried with to_tsquery (each word, the last as a
  prefix) and ranked by ts_rank.

Any other database falls back to substring matching. The services keep `search_text` (the
identifier, the title and the current version's text: never a draft's, so that a match
never reveals what a draft says).
"""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.db.models import F, Q, QuerySet

WORD = re.compile(r"\w+", re.UNICODE)

# The statements spell their tables out: constants, nothing of a request's is ever in them.
SQLITE_INSTALL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS assurance_document_fts USING fts5(identifier, title, "
    "search_text, content='assurance_document', content_rowid='id', "
    "tokenize='porter unicode61')",
    "CREATE TRIGGER IF NOT EXISTS assurance_document_fts_insert AFTER INSERT ON "
    "assurance_document BEGIN "
    "INSERT INTO assurance_document_fts(rowid, identifier, title, search_text) "
    "VALUES (new.id, new.identifier, new.title, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS assurance_document_fts_delete AFTER DELETE ON "
    "assurance_document BEGIN "
    "INSERT INTO assurance_document_fts(assurance_document_fts, rowid, identifier, title, "
    "search_text) VALUES ('delete', old.id, old.identifier, old.title, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS assurance_document_fts_update AFTER UPDATE OF identifier, "
    "title, search_text ON assurance_document BEGIN "
    "INSERT INTO assurance_document_fts(assurance_document_fts, rowid, identifier, title, "
    "search_text) VALUES ('delete', old.id, old.identifier, old.title, old.search_text); "
    "INSERT INTO assurance_document_fts(rowid, identifier, title, search_text) "
    "VALUES (new.id, new.identifier, new.title, new.search_text); END",
    "INSERT INTO assurance_document_fts(assurance_document_fts) VALUES ('rebuild')",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS assurance_document_fts_insert",
    "DROP TRIGGER IF EXISTS assurance_document_fts_delete",
    "DROP TRIGGER IF EXISTS assurance_document_fts_update",
    "DROP TABLE IF EXISTS assurance_document_fts",
]
POSTGRES_INSTALL = [
    """CREATE OR REPLACE FUNCTION assurance_document_search() RETURNS trigger AS $$
    BEGIN
      NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(NEW.identifier, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(NEW.search_text, '')), 'B');
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    "CREATE TRIGGER assurance_document_search BEFORE INSERT OR UPDATE OF identifier, title, "
    "search_text ON assurance_document FOR EACH ROW EXECUTE FUNCTION assurance_document_search()",
    "UPDATE assurance_document SET search_text = search_text",
]
POSTGRES_REMOVE = [
    "DROP TRIGGER IF EXISTS assurance_document_search ON assurance_document",
    "DROP FUNCTION IF EXISTS assurance_document_search()",
]


def install(apps: Any, schema_editor: Any) -> None:
    """The migration's step: the full-text index of this database, and its triggers."""
    statements = {"sqlite": SQLITE_INSTALL, "postgresql": POSTGRES_INSTALL}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def remove(apps: Any, schema_editor: Any) -> None:
    statements = {"sqlite": SQLITE_REMOVE, "postgresql": POSTGRES_REMOVE}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def words_of(query: str) -> list[str]:
    return WORD.findall(query)[:12]


def _fts5_query(words: list[str]) -> str:
    """Each word quoted (so nothing is read as FTS5 syntax), the last one as a prefix."""
    quoted = [f'"{word}"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def search_documents(queryset: QuerySet[Any], query: str) -> QuerySet[Any]:
    """QUERYSET (already scoped to the reader) narrowed to the documents matching QUERY, best
    match first; unchanged when QUERY has no words."""
    words = words_of(query)
    if not words:
        return queryset
    vendor = connection.vendor
    if vendor == "sqlite":
        return _sqlite(queryset, words)
    if vendor == "postgresql":
        return _postgres(queryset, words)
    condition = Q()
    for word in words:
        condition &= Q(search_text__icontains=word) | Q(identifier__icontains=word)
    return queryset.filter(condition)


def _sqlite(queryset: QuerySet[Any], words: list[str]) -> QuerySet[Any]:
    # Joined to the FTS5 table, so that the match and its bm25 rank (identifier and title
    # weighted above the text) come from one pass over the index, whatever the matches.
    return queryset.extra(  # the query is a bound parameter, never formatted in
        tables=["assurance_document_fts"],
        where=[
            "assurance_document_fts.rowid = assurance_document.id",
            "assurance_document_fts MATCH %s",
        ],
        params=[_fts5_query(words)],
        select={"search_rank": "bm25(assurance_document_fts, 10.0, 5.0, 1.0)"},
        order_by=["search_rank", "identifier"],
    )


def _tsquery(words: list[str]) -> str:
    """Every word required, the last one as a prefix; only letters and digits reach the
    query (words_of), so nothing is read as tsquery syntax."""
    return " & ".join([*words[:-1], f"{words[-1]}:*"])


def _postgres(queryset: QuerySet[Any], words: list[str]) -> QuerySet[Any]:
    from django.contrib.postgres.search import SearchQuery, SearchRank

    search = SearchQuery(_tsquery(words), config="english", search_type="raw")
    found: QuerySet[Any] = (
        queryset.filter(search_vector=search)
        .annotate(search_rank=SearchRank(F("search_vector"), search))
        .order_by("-search_rank", "identifier")
    )
    return found
