"""The whole goal tree's roll-up, kept in the server process while the data under it is the same.

Rolling the progress of every goal up the cascade reads every goal, every measure link and
every linked measure's stored status: tens of milliseconds for a large trust, on every page
that shows a goal's progress. The answer changes only when one of those rows changes or the
day changes (data goes stale with the calendar), so it is worked out once for each state of
the data and each day, and kept.

The state of the data is one cheap query (`data_version`): for each table the roll-up reads,
its row count, its highest id and its latest change (`updated_at`, or `computed_at` for
control's stored statuses). Any write through the ORM or a service moves one of them: a new,
changed, archived or deleted goal, link, measure or status. Each process keeps only the latest
answer, so memory stays at one tree.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import connection

T = TypeVar("T")

# (app label, model name, its "latest change" column): what the roll-up reads.
SOURCES = (
    ("planning", "goal", "updated_at"),
    ("planning", "goalmeasure", "updated_at"),
    ("control", "measure", "updated_at"),
    ("control", "measurestatus", "computed_at"),
)

_lock = threading.Lock()
_kept: dict[str, Any] = {}


def data_version() -> tuple[Any, ...]:
    """The state of the rows the roll-up rests on, in one query."""
    from django.apps import apps

    parts = []
    for app_label, model_name, changed in SOURCES:
        meta = apps.get_model(app_label, model_name)._meta
        table, pk, column = (
            connection.ops.quote_name(name) for name in (meta.db_table, meta.pk.column, changed)
        )
        for what in ("COUNT(*)", f"MAX({pk})", f"MAX({column})"):
            parts.append(f"(SELECT {what} FROM {table})")  # noqa: S608  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))  # nosec B608
        row = cursor.fetchone()
    return (connection.alias, connection.settings_dict.get("NAME"), *row)


def whole_tree(today: dt.date, work_out: Callable[[], T]) -> T:
    """The roll-up of the whole tree for TODAY: the one kept, while the data is as it was when
    it was worked out, or WORK_OUT's answer (then kept)."""
    key = (data_version(), today)
    with _lock:
        if _kept.get("key") == key:
            return _kept["tree"]  # type: ignore[no-any-return]
    tree = work_out()
    with _lock:
        _kept.update(key=key, tree=tree)
    return tree


def forget() -> None:
    """Drop the kept tree (tests that change rows behind the ORM's back)."""
    with _lock:
        _kept.clear()
