"""The signed-off runs that evidence a framework's standards, and what each contributes to
each standard (weighted achieved and possible, from its answers), read from the database —
all at once, or only the runs changed since the last read.

A signed-off run's answers never change (they are closed at sign-off), so what a run
contributes is worked out once: a new sign-off adds a run, an archived run leaves, and the
store is brought up to date by reading only the runs whose row changed since (their
`updated_at`). What the contributions rest on — the questions, the standards they cite, the
consolidation map — is the store's `shape`: when it changes, everything is read again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import CharField, Max, QuerySet
from django.db.models.functions import Cast

from quadrant.assurance.audits.choices import RunStatus
from quadrant.assurance.audits.models import AuditAnswer, AuditQuestion, AuditRun
from quadrant.assurance.audits.scoring import compliance
from quadrant.assurance.standards.coverage import live_mappings
from quadrant.assurance.standards.models import Framework, Standard

MOST_CHANGED = 20_000  # more changed runs than this: read them all again


class Given(NamedTuple):
    """What `scoring.compliance` reads of an answer."""

    choice: str
    score: int | None
    number: float | None


@dataclass(frozen=True)
class Shape:
    """What contributions are worked out under: the framework's standards (in order), the
    questions that count for them and the columns each counts for."""

    standard_ids: list[int]
    questions: dict[int, AuditQuestion]
    question_columns: dict[int, list[int]]
    codes: dict[str, int]  # each cited template code's series number

    @property
    def template_ids(self) -> list[int]:
        return sorted({question.section.template_id for question in self.questions.values()})


@dataclass(frozen=True)
class RunStore:
    """The runs (sorted by id) and their contributions (sorted by run id), numpy arrays."""

    shape: Shape
    seen_at: dt.datetime | None  # the latest change of a run when they were read
    ids: Any
    unit_ids: Any
    series: Any  # the template code's series number
    month: Any  # year × 12 + month − 1
    day: Any  # the date of the audit as a number (yyyymmdd)
    signed: Any  # when it was signed off, as a number (`instant`)
    c_run: Any
    c_standard: Any
    c_achieved: Any
    c_possible: Any
    c_threshold: Any


def shape_of(framework: Framework) -> Shape:
    """FRAMEWORK's live standards and the questions that count for them: a question citing
    one of them, or for an external framework the internal standard one is mapped to."""
    standards = list(
        Standard.objects.filter(framework=framework, archived_at__isnull=True)
        .order_by("group__order", "order", "code")
        .values_list("pk", flat=True)
    )
    counts_for: dict[int, list[int]] = {pk: [pk] for pk in standards}
    if not framework.is_internal:
        mapped = live_mappings().filter(external_id__in=standards)
        for external, internal in mapped.values_list("external_id", "internal_id"):
            counts_for.setdefault(internal, []).append(external)
    column = {pk: i for i, pk in enumerate(standards)}
    cited: dict[int, set[int]] = defaultdict(set)  # one answer counts once for a standard
    through = AuditQuestion.standards.through
    for question_id, standard_id in through.objects.filter(
        standard_id__in=list(counts_for)
    ).values_list("auditquestion_id", "standard_id"):
        cited[question_id].update(column[pk] for pk in counts_for[standard_id])
    found = AuditQuestion.objects.filter(pk__in=list(cited)).select_related("section__template")
    questions = {question.pk: question for question in found}
    codes = sorted({question.section.template.code for question in questions.values()})
    return Shape(
        standards,
        questions,
        {pk: sorted(columns) for pk, columns in cited.items()},
        {code: n for n, code in enumerate(codes)},
    )


def plain_rows(queryset: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """QUERYSET's rows as the database driver gives them (numbers and text: nothing for Django
    to convert), read at once: hundreds of thousands of rows in a fraction of the time."""
    try:
        sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:  # filtered on an empty list: nothing to read
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def read_store(framework: Framework, shape: Shape | None = None) -> RunStore:
    """Every signed-off run of the templates that evidence FRAMEWORK, and its contributions."""
    shape = shape or shape_of(framework)
    seen_at = AuditRun.objects.aggregate(latest=Max("updated_at"))["latest"]
    runs = AuditRun.objects.filter(template_id__in=shape.template_ids)
    answers = AuditAnswer.objects.filter(question_id__in=sorted(shape.questions))
    run_rows = _run_rows(shape, runs)
    return _store(
        shape, seen_at, run_rows, _of_runs(_contributions(shape, answers), run_rows["ids"])
    )


def refreshed(store: RunStore) -> RunStore | None:
    """STORE with the runs changed since it was read brought up to date (read again, their
    contributions with them); None when a full read is due (never read, or so many changed
    that reading everything is as quick). Like every kept answer in Quadrant it relies on
    writes going through the ORM or a service, which move `updated_at`."""
    if store.seen_at is None:
        return None
    seen_at = AuditRun.objects.aggregate(latest=Max("updated_at"))["latest"]
    changed = sorted(
        AuditRun.objects.filter(updated_at__gte=store.seen_at).values_list("pk", flat=True)
    )
    if len(changed) > MOST_CHANGED:
        return None
    runs = _run_rows(
        store.shape,
        AuditRun.objects.filter(pk__in=changed, template_id__in=store.shape.template_ids),
    )
    added = _contributions(
        store.shape,
        AuditAnswer.objects.filter(
            run_id__in=changed, question_id__in=sorted(store.shape.questions)
        ),
    )
    gone = np.asarray(changed, dtype=np.int64)
    added = _of_runs(added, runs["ids"])
    leaving, leaving_c = np.isin(store.ids, gone), np.isin(store.c_run, gone)
    merged = {
        name: _merged(getattr(store, name), leaving, runs[name])
        for name in ("ids", "unit_ids", "series", "month", "day", "signed")
    }
    contributions = {
        name: _merged(getattr(store, f"c_{name}"), leaving_c, added[name])
        for name in ("run", "standard", "achieved", "possible", "threshold")
    }
    return _store(store.shape, seen_at, merged, contributions)


def _merged(kept: Any, leaving: Any, new: Any) -> Any:
    """KEPT without its LEAVING rows, then NEW (a sign-off usually removes nothing: the run
    was in progress, so not kept)."""
    return np.concatenate([kept[~leaving] if leaving.any() else kept, new])


def _of_runs(contributions: dict[str, Any], run_ids: Any) -> dict[str, Any]:
    """The contributions of RUN_IDS only (answers of runs not signed off are dropped)."""
    known = np.isin(contributions["run"], run_ids)
    return {name: values[known] for name, values in contributions.items()}


def _sorted(values: dict[str, Any], by: str) -> dict[str, Any]:
    """VALUES in the order of their BY column (left alone when already in order)."""
    key = values[by]
    if not len(key) or bool(np.all(key[1:] >= key[:-1])):
        return values
    order = np.argsort(key, kind="stable")
    return {name: column[order] for name, column in values.items()}


def _store(
    shape: Shape, seen_at: Any, runs: dict[str, Any], contributions: dict[str, Any]
) -> RunStore:
    r, c = _sorted(runs, "ids"), _sorted(contributions, "run")
    return RunStore(
        shape=shape, seen_at=seen_at,
        ids=r["ids"], unit_ids=r["unit_ids"], series=r["series"], month=r["month"],
        day=r["day"], signed=r["signed"],
        c_run=c["run"], c_standard=c["standard"], c_achieved=c["achieved"],
        c_possible=c["possible"], c_threshold=c["threshold"],
    )  # fmt: skip


def _run_rows(shape: Shape, runs: QuerySet[AuditRun]) -> dict[str, Any]:
    """The signed-off, live ones of RUNS as arrays (their dates read as ISO text)."""
    rows = plain_rows(
        runs.filter(status=RunStatus.SIGNED_OFF, archived_at__isnull=True)
        .annotate(day=Cast("run_date", CharField()), signed=Cast("signed_off_at", CharField()))
        .order_by()
        .values_list("pk", "org_unit_id", "template__code", "day", "signed")
    )
    n = len(rows)
    return {
        "ids": np.fromiter((row[0] for row in rows), np.int64, n),
        "unit_ids": np.fromiter((row[1] for row in rows), np.int64, n),
        "series": np.fromiter((shape.codes[row[2]] for row in rows), np.int64, n),
        "month": np.fromiter((int(row[3][:4]) * 12 + int(row[3][5:7]) - 1 for row in rows),
                             np.int64, n),
        "day": np.fromiter((int(row[3][:4] + row[3][5:7] + row[3][8:10]) for row in rows),
                           np.int64, n),
        "signed": np.fromiter((instant(row[4]) for row in rows), np.int64, n),
    }  # fmt: skip


def instant(text: str | None) -> int:
    """A moment written "2026-10-07 14:00:00.123456" (as the database casts it to text, a
    time zone after it or not) as one number that sorts the same: yyyymmdd × 10¹¹ plus the
    microseconds into the day."""
    if not text:
        return 0
    day = int(text[:4] + text[5:7] + text[8:10])
    seconds = int(text[11:13] or 0) * 3600 + int(text[14:16] or 0) * 60 + int(text[17:19] or 0)
    fraction = ""
    if text[19:20] == ".":
        for character in text[20:26]:
            if not character.isdigit():
                break
            fraction += character
    return day * 10**11 + seconds * 10**6 + int(fraction.ljust(6, "0"))


def _degrees(questions: dict[int, AuditQuestion], rows: list[tuple[Any, ...]]) -> Any:
    """Each answer's degree of compliance by the audits' rule (nan: out of the denominator),
    worked out once for each distinct answer to a question."""
    known: dict[tuple[Any, ...], float] = {}

    def degree(key: tuple[Any, ...]) -> float:
        found = known.get(key)
        if found is None:
            value = compliance(questions[key[0]], Given(*key[1:]))
            found = known[key] = np.nan if value is None else float(value)
        return found

    return np.fromiter((degree(row[1:]) for row in rows), float, len(rows))


def _contributions(shape: Shape, answers: QuerySet[AuditAnswer]) -> dict[str, Any]:
    """One row per scored answer and standard it counts for: run, standard column, weighted
    achieved and possible, the template's threshold. Answers of runs not signed off are read
    too (no join: the bulk of the work is reading the rows) and dropped with their runs."""
    rows = plain_rows(
        answers.filter(archived_at__isnull=True)
        .order_by()
        .values_list("run_id", "question_id", "choice", "score", "number")
    )
    degrees = _degrees(shape.questions, rows)
    run_ids = np.fromiter((row[0] for row in rows), np.int64, len(rows))
    question_ids = np.fromiter((row[1] for row in rows), np.int64, len(rows))
    keep = np.flatnonzero(~np.isnan(degrees))
    order = sorted(shape.question_columns)
    columns = shape.question_columns
    weight = np.asarray([float(shape.questions[pk].weight) for pk in order], dtype=float)
    threshold = np.asarray(
        [float(shape.questions[pk].section.template.pass_threshold) for pk in order],
        dtype=float,
    )
    count = np.asarray([len(columns[pk]) for pk in order], dtype=np.int64)
    flat = np.asarray([c for pk in order for c in columns[pk]], dtype=np.int64)
    offset = np.concatenate(([0], np.cumsum(count)[:-1])).astype(np.int64)
    q = np.searchsorted(np.asarray(order, dtype=np.int64), question_ids[keep])
    each = count[q]
    answer = np.repeat(keep, each)
    question = np.repeat(q, each)
    within = np.arange(int(each.sum())) - np.repeat(np.cumsum(each) - each, each)
    return {
        "run": run_ids[answer],
        "standard": flat[offset[question] + within],
        "achieved": weight[question] * degrees[answer],
        "possible": weight[question],
        "threshold": threshold[question],
    }
