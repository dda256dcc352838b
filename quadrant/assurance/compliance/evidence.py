"""A framework's audit evidence over the whole trust, summed per unit (in path order),
standard and month, and kept in the process while the data is the same.

`data_version` reads in one query the state of the rows the evidence rests on (row counts,
highest ids and latest changes of the runs, the questions and the standards they cite, the
frameworks, the consolidation map and the units). While it is unchanged, the kept evidence
is the answer. When only runs changed (a sign-off, an archived run), the kept runs are
brought up to date by reading just those (`runs.refreshed`) and the sums are worked out
again in numpy; when the questions, standards or map changed, every run is read again
(`runs.read_store`).
"""

from __future__ import annotations

import datetime as dt
import threading
from bisect import bisect_left
from typing import Any

import numpy as np
from django.apps import apps
from django.db import connection

from quadrant.assurance.audits.models import AuditQuestion
from quadrant.assurance.compliance.rule import Evidence, default_threshold
from quadrant.assurance.compliance.runs import RunStore, read_store, refreshed
from quadrant.assurance.standards.models import Framework
from quadrant.organisation.models import OrgUnit

# What the contributions of runs rest on (model label, its "latest change" column or "");
# then the runs themselves, then the units.
SHAPE_SOURCES = (
    ("assurance.framework", "updated_at"),
    ("assurance.auditquestion", "updated_at"),
    ("assurance.auditquestion_standards", ""),
    ("assurance.standard", "updated_at"),
    ("assurance.standardmapping", "updated_at"),
)
RUN_SOURCES = (("assurance.auditrun", "updated_at"),)
UNIT_SOURCES = (("organisation.orgunit", "updated_at"),)
_lock = threading.Lock()
_stores: dict[int, tuple[tuple[Any, ...], RunStore]] = {}  # framework: (shape version, runs)
_kept: dict[int, tuple[tuple[Any, ...], Evidence]] = {}  # framework: (data version, evidence)


def _meta(label: str) -> Any:
    if label == "assurance.auditquestion_standards":
        return AuditQuestion.standards.through._meta
    return apps.get_model(label)._meta


def data_version() -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """(the state of what contributions rest on, the state of everything), in one query."""
    quote = connection.ops.quote_name
    parts = []
    for label, column in (*SHAPE_SOURCES, *RUN_SOURCES, *UNIT_SOURCES):
        meta = _meta(label)
        table, pk = quote(meta.db_table), quote(meta.pk.column)
        measures = ["COUNT(*)", f"MAX({pk})"] + ([f"MAX({quote(column)})"] if column else [])
        for what in measures:
            parts.append(f"(SELECT {what} FROM {table})")  # noqa: S608  # nosec B608 - names from the models
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))  # nosec B608 - names from the models
        row = cursor.fetchone()
    database = (connection.alias, connection.settings_dict.get("NAME"))
    shape_width = sum(2 + bool(column) for _, column in SHAPE_SOURCES)
    return (*database, *row[:shape_width]), (*database, *row)


def evidence_of(framework: Framework) -> Evidence:
    """FRAMEWORK's evidence over the whole trust: the kept one while the data is unchanged."""
    shape_version, version = data_version()
    with _lock:
        kept = _kept.get(framework.pk)
        stored = _stores.get(framework.pk)
    if kept is not None and kept[0] == version:
        return kept[1]
    store = None
    if stored is not None and stored[0] == shape_version:
        store = refreshed(stored[1])
    if store is None:
        store = read_store(framework)
    evidence = summed(store)
    with _lock:
        _stores[framework.pk] = (shape_version, store)
        _kept[framework.pk] = (version, evidence)
    return evidence


def forget() -> None:
    """Drop what is kept (tests that change rows behind the ORM's back)."""
    with _lock:
        _stores.clear()
        _kept.clear()


def summed(store: RunStore) -> Evidence:
    """The runs' contributions summed per unit (path order), standard and month — every run
    for the trend, the latest of each template on each unit for the figure."""
    units = sorted(OrgUnit.objects.values_list("path", "pk"))
    paths = [path for path, _ in units]
    unit_ids = np.asarray([pk for _, pk in units], dtype=np.int64)
    lookup = np.full(int(unit_ids.max(initial=0)) + 1, -1, dtype=np.int64)
    lookup[unit_ids] = np.arange(len(units))
    standards = store.shape.standard_ids
    latest = _latest(store)
    months: list[dt.date] = []
    rows: dict[str, Any] = {}
    if len(store.ids):
        first = int(store.month.min())
        months = [_month(n) for n in range(first, int(store.month.max()) + 1)]
        at = np.searchsorted(store.ids, store.c_run)
        rows = {
            "unit": lookup[store.unit_ids[at]],
            "standard": store.c_standard,
            "achieved": store.c_achieved,
            "possible": store.c_possible,
            "latest": latest[at],
        }
        rows["key"] = rows["standard"] * len(months) + store.month[at] - first
    thresholds = np.full(len(standards), default_threshold())
    if len(store.c_standard):
        thresholds[:] = -1.0
        np.maximum.at(thresholds, store.c_standard, store.c_threshold)
        thresholds[thresholds < 0] = default_threshold()
    trend = _summed(rows, "key")
    latest_rows = {name: values[rows["latest"]] for name, values in rows.items()}
    newest = _summed(latest_rows, "standard")
    return Evidence(
        unit_ids=unit_ids.tolist(),
        subtree_end=np.asarray([bisect_left(paths, p + "\uffff") for p in paths], np.int64),
        standard_ids=standards,
        months=months,
        thresholds=thresholds,
        t_unit=trend["unit"], t_key=trend["key"], t_achieved=trend["achieved"],
        t_possible=trend["possible"], t_answers=trend["answers"],
        l_unit=newest["unit"], l_standard=newest["standard"], l_achieved=newest["achieved"],
        l_possible=newest["possible"], l_answers=newest["answers"],
    )  # fmt: skip


def _latest(store: RunStore) -> Any:
    """Whether each run (in STORE's order) is the latest signed-off run of its template (by
    code) on its unit: by date, then sign-off time, then id (as `audits.results` orders)."""
    latest = np.zeros(len(store.ids), dtype=bool)
    if not len(store.ids):
        return latest
    series = store.unit_ids * (int(store.series.max()) + 1) + store.series
    # Runs are kept in id order, so a stable sort by series and day leaves ties in id order.
    order = np.argsort(series * 100_000_000 + store.day, kind="stable")
    in_series, on_day = series[order], store.day[order]
    ends = np.ones(len(order), dtype=bool)
    ends[:-1] = in_series[1:] != in_series[:-1]
    last = np.flatnonzero(ends)
    latest[order[last]] = True
    before = np.maximum(last - 1, 0)
    tied = (last > 0) & (in_series[before] == in_series[last]) & (on_day[before] == on_day[last])
    for end in last[tied].tolist():  # a series with two runs on its latest day: rare
        start = end
        while start and in_series[start - 1] == in_series[end] and on_day[start - 1] == on_day[end]:
            start -= 1
        runs = order[start : end + 1].tolist()
        latest[order[end]] = False
        latest[max(runs, key=lambda i: (store.signed[i], store.ids[i]))] = True
    return latest


def _month(number: int) -> dt.date:
    return dt.date(number // 12, number % 12 + 1, 1)


def _summed(rows: dict[str, Any], by: str) -> dict[str, Any]:
    """ROWS summed per distinct (unit, BY), sorted by unit."""
    if not rows or not len(rows["unit"]):
        empty = np.empty(0, dtype=np.int64)
        return {"unit": empty, by: empty, "achieved": np.empty(0), "possible": np.empty(0),
                "answers": empty}  # fmt: skip
    stride = int(rows[by].max()) + 1
    keys, inverse = np.unique(rows["unit"] * stride + rows[by], return_inverse=True)
    return {
        "unit": keys // stride,
        by: keys % stride,
        "achieved": np.bincount(inverse, rows["achieved"], len(keys)),
        "possible": np.bincount(inverse, rows["possible"], len(keys)),
        "answers": np.bincount(inverse, minlength=len(keys)).astype(np.int64),
    }
