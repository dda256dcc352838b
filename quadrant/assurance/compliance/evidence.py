"""Reading the audit evidence of a framework's standards from the database, once for each
state of the data.

One pass: the signed-off runs, the answers to questions that cite a standard the framework
counts (its own, or for an external framework the internal standard each is mapped to), the
questions' scoring rules, the units in path order. Each answer's degree of compliance is the
audits' rule (`scoring.compliance`), worked out once per distinct answer to a question; the
sums per unit, standard and month are numpy's. The whole trust's evidence is kept in the
process while the data is the same (`data_version`: row counts, highest ids and latest
changes of the tables it reads, in one query): answers of a signed-off run never change,
so a new or changed run, question link, mapping, standard or unit moves the version.
"""

from __future__ import annotations

import datetime as dt
import threading
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
from django.apps import apps
from django.db import connection
from django.db.models import CharField
from django.db.models.functions import Cast

from quadrant.assurance.audits.choices import RunStatus
from quadrant.assurance.audits.models import AuditAnswer, AuditQuestion, AuditRun
from quadrant.assurance.audits.scoring import compliance
from quadrant.assurance.compliance.rule import Evidence, default_threshold
from quadrant.assurance.standards.coverage import live_mappings
from quadrant.assurance.standards.models import Framework, Standard
from quadrant.organisation.models import OrgUnit

# (model label, its "latest change" column or "" for a table without one)
SOURCES = (
    ("assurance.auditrun", "updated_at"),
    ("assurance.auditquestion", "updated_at"),
    ("assurance.standard", "updated_at"),
    ("assurance.standardmapping", "updated_at"),
    ("organisation.orgunit", "updated_at"),
)
_lock = threading.Lock()
_kept: dict[str, Any] = {}


class Given(NamedTuple):
    """What `scoring.compliance` reads of an answer."""

    choice: str
    score: int | None
    number: float | None


def data_version() -> tuple[Any, ...]:
    """The state of the rows the evidence rests on, in one query."""
    quote = connection.ops.quote_name
    parts = []
    tables = [(apps.get_model(label)._meta, column) for label, column in SOURCES]
    through = AuditQuestion.standards.through._meta
    tables.append((through, ""))
    for meta, column in tables:
        table, pk = quote(meta.db_table), quote(meta.pk.column)
        measures = ["COUNT(*)", f"MAX({pk})"] + ([f"MAX({quote(column)})"] if column else [])
        for what in measures:
            parts.append(f"(SELECT {what} FROM {table})")  # noqa: S608  # nosec B608 - names from the models
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))  # nosec B608 - names from the models
        row = cursor.fetchone()
    return (connection.alias, connection.settings_dict.get("NAME"), *row)


def evidence_of(framework: Framework) -> Evidence:
    """FRAMEWORK's evidence over the whole trust: the kept one while the data is unchanged."""
    return _kept_or(("framework", framework.pk), lambda: read_evidence(framework))


def _kept_or(key: Any, work_out: Callable[[], Evidence]) -> Evidence:
    version = data_version()
    with _lock:
        if _kept.get("version") != version:
            _kept.clear()
            _kept["version"] = version
        found = _kept.get(key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    evidence = work_out()
    with _lock:
        if _kept.get("version") == version:
            _kept[key] = evidence
    return evidence


def forget() -> None:
    """Drop what is kept (tests that change rows behind the ORM's back)."""
    with _lock:
        _kept.clear()


def counted_standards(framework: Framework) -> tuple[list[int], dict[int, list[int]]]:
    """The framework's live standards in their order, and for each standard a question may
    cite, the framework standards it counts for (itself; the external ones mapped to it)."""
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
    return standards, counts_for


def read_evidence(framework: Framework) -> Evidence:
    """FRAMEWORK's evidence worked out from the database (seven queries)."""
    standard_ids, counts_for = counted_standards(framework)
    column = {pk: i for i, pk in enumerate(standard_ids)}
    units = sorted(OrgUnit.objects.values_list("path", "pk"))
    paths = [path for path, _ in units]
    unit_index = {pk: i for i, (_, pk) in enumerate(units)}
    ends = [bisect_left(paths, path + "\uffff") for path in paths]
    question_columns, questions = _questions(counts_for, column)
    months, run_table = _runs({q.section.template_id for q in questions.values()}, unit_index)
    rows = _answer_rows(questions, question_columns, run_table, len(months))
    thresholds = np.full(len(standard_ids), default_threshold())
    if rows["standard"].size:
        thresholds[:] = -1.0
        np.maximum.at(thresholds, rows["standard"], rows["threshold"])
        thresholds[thresholds < 0] = default_threshold()
    trend = _summed(rows, ["unit", "key"])
    latest_rows = {name: values[rows["latest"]] for name, values in rows.items()}
    latest = _summed(latest_rows, ["unit", "standard"])
    return Evidence(
        unit_ids=[pk for _, pk in units],
        subtree_end=np.asarray(ends, dtype=np.int64),
        standard_ids=standard_ids,
        months=months,
        thresholds=thresholds,
        t_unit=trend["unit"], t_key=trend["key"], t_achieved=trend["achieved"],
        t_possible=trend["possible"], t_answers=trend["answers"],
        l_unit=latest["unit"], l_standard=latest["standard"], l_achieved=latest["achieved"],
        l_possible=latest["possible"], l_answers=latest["answers"],
    )  # fmt: skip


def _questions(
    counts_for: dict[int, list[int]], column: dict[int, int]
) -> tuple[dict[int, list[int]], dict[int, AuditQuestion]]:
    """The columns each citing question counts for (one answer counts once for a standard)."""
    through = AuditQuestion.standards.through
    cited: dict[int, set[int]] = defaultdict(set)
    for question_id, standard_id in through.objects.filter(
        standard_id__in=list(counts_for)
    ).values_list("auditquestion_id", "standard_id"):
        cited[question_id].update(column[pk] for pk in counts_for[standard_id])
    found = AuditQuestion.objects.filter(pk__in=list(cited)).select_related("section__template")
    questions = {question.pk: question for question in found}
    return {pk: sorted(columns) for pk, columns in cited.items()}, questions


def plain_rows(queryset: Any) -> list[tuple[Any, ...]]:
    """QUERYSET's rows as the database driver gives them (numbers and text: nothing for Django
    to convert), read at once: hundreds of thousands of rows in a fraction of the time."""
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


class RunTable(NamedTuple):
    """The signed-off runs by id (sorted): each one's unit index, month index and whether it
    is the latest signed-off run of its template (by code) on its unit."""

    ids: Any
    unit: Any
    month: Any
    latest: Any


def _runs(template_ids: set[int], unit_index: dict[int, int]) -> tuple[list[dt.date], RunTable]:
    """The months from the first signed-off run of TEMPLATE_IDS to the last, and the runs'
    table. The runs come in series order (unit, template code, date, sign-off, id), so the
    latest of each series is the last of its block."""
    runs = plain_rows(
        AuditRun.objects.filter(
            template_id__in=sorted(template_ids),
            status=RunStatus.SIGNED_OFF,
            archived_at__isnull=True,
        )
        .annotate(day=Cast("run_date", CharField()))  # ISO text: no date object per run
        .order_by("org_unit_id", "template__code", "run_date", "signed_off_at", "pk")
        .values_list("pk", "org_unit_id", "template__code", "day")
    )
    if not runs:
        empty = np.empty(0, dtype=np.int64)
        return [], RunTable(empty, empty, empty, np.empty(0, dtype=bool))
    columns = list(zip(*runs, strict=True))
    ids = np.asarray(columns[0], dtype=np.int64)
    units = np.asarray(columns[1], dtype=np.int64)
    codes = np.unique(np.asarray(columns[2], dtype=object), return_inverse=True)[1]
    numbers = np.fromiter((int(d[:4]) * 12 + int(d[5:7]) - 1 for d in columns[3]), np.int64)
    series = units * (int(codes.max()) + 1) + codes
    latest = np.ones(len(runs), dtype=bool)
    latest[:-1] = series[1:] != series[:-1]
    first = int(numbers.min())
    months = [_month(n) for n in range(first, int(numbers.max()) + 1)]
    index = np.vectorize(unit_index.__getitem__, otypes=[np.int64])(units)
    order = np.argsort(ids)
    table = RunTable(ids[order], index[order], (numbers - first)[order], latest[order])
    return months, table


def _month(number: int) -> dt.date:
    return dt.date(number // 12, number % 12 + 1, 1)


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


def _answer_rows(
    questions: dict[int, AuditQuestion],
    question_columns: dict[int, list[int]],
    runs: RunTable,
    month_count: int,
) -> dict[str, Any]:
    """One row per scored answer and standard it counts for: unit, standard, month key,
    weighted achieved and possible, latest flag, its template's threshold."""
    # Every live answer to the questions (the runs' table leaves out those of runs not
    # signed off): no join, the bulk of the work being the reading of the rows.
    rows = plain_rows(
        AuditAnswer.objects.filter(question_id__in=sorted(questions), archived_at__isnull=True)
        .order_by()
        .values_list("run_id", "question_id", "choice", "score", "number")
    )
    degrees = _degrees(questions, rows)
    run_ids = np.fromiter((row[0] for row in rows), np.int64, len(rows))
    question_ids = np.fromiter((row[1] for row in rows), np.int64, len(rows))
    run_at = np.searchsorted(runs.ids, run_ids)
    found = (run_at < len(runs.ids)) & (runs.ids[np.minimum(run_at, len(runs.ids) - 1)] == run_ids)
    keep = np.flatnonzero(~np.isnan(degrees) & found)
    order = sorted(question_columns)
    ids = np.asarray(order, dtype=np.int64)
    weight = np.asarray([float(questions[pk].weight) for pk in order])
    threshold = np.asarray([float(questions[pk].section.template.pass_threshold) for pk in order])
    count = np.asarray([len(question_columns[pk]) for pk in order], dtype=np.int64)
    flat = np.asarray([c for pk in order for c in question_columns[pk]], dtype=np.int64)
    offset = np.concatenate(([0], np.cumsum(count)[:-1])) if len(order) else count
    q = np.searchsorted(ids, question_ids[keep])
    each = count[q]
    answer = np.repeat(keep, each)
    within = np.arange(int(each.sum())) - np.repeat(np.cumsum(each) - each, each)
    question = np.repeat(q, each)
    run = run_at[answer]
    out = {
        "unit": runs.unit[run],
        "standard": flat[offset[question] + within],
        "month": runs.month[run],
        "possible": weight[question],
        "latest": runs.latest[run],
        "threshold": threshold[question],
    }
    out["achieved"] = out["possible"] * degrees[answer]
    out["key"] = out["standard"] * month_count + out["month"]
    out["answers"] = np.ones(len(answer), dtype=np.int64)
    return out


def _summed(rows: dict[str, Any], by: list[str]) -> dict[str, Any]:
    """ROWS summed per distinct (BY…) combination, sorted by the first of BY (the unit)."""
    if not rows["unit"].size:
        empty = {name: np.empty(0, dtype=np.int64) for name in by}
        return {**empty, "achieved": np.empty(0), "possible": np.empty(0),
                "answers": np.empty(0, dtype=np.int64)}  # fmt: skip
    stride = int(max(rows[by[1]].max() + 1, 1))
    combined = rows[by[0]] * stride + rows[by[1]]
    keys, inverse = np.unique(combined, return_inverse=True)
    summed = {
        name: np.bincount(inverse, rows[name], len(keys))
        for name in ("achieved", "possible", "answers")
    }
    summed["answers"] = summed["answers"].astype(np.int64)
    return {by[0]: keys // stride, by[1]: keys % stride, **summed}
