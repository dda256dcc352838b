"""Writing new observations to PostgreSQL with COPY in its binary format (psycopg 3).

The rows are encoded here rather than with psycopg's write_row, which adapts every value of
every row and cost more than all the rest of a large import; the server also reads the binary
format faster than text. A CopyStream sends one batch of rows per COPY statement from a thread
(psycopg's queued writer) and returns at once, so that the next batch is checked or encoded
while the server stores this one; finish() waits for the server. Nothing else may run on the
connection while a COPY is open, so progress is reported between two batches.
"""

from __future__ import annotations

import datetime as dt
import struct
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from typing import Any

from django.db import connection
from django.utils import timezone

COPY_CHUNK = 100_000  # rows to one COPY statement (about 10 MB)

_PG_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_PG_EPOCH_DAY = dt.date(2000, 1, 1).toordinal()
_INTEGER_CODES = {"bigint": "q", "integer": "i", "smallint": "h"}
_NULL = struct.pack(">i", -1)
_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)  # signature, flags, no extension
_TRAILER = struct.pack(">h", -1)
# The columns written, in this order (the others take their defaults).
COLUMNS = (
    "measure_id", "period", "value", "numerator", "denominator", "created_at", "updated_at",
    "created_by_id", "updated_by_id", "version",
)  # fmt: skip


def _integer(code: str, number: int) -> bytes:
    return struct.pack(f">i{code}", struct.calcsize(">" + code), int(number))


class BinaryRows:
    """Encodes (measure id, period, (value, numerator, denominator, ...)) rows as COPY's
    binary tuples: each field is its length and its bytes; ids are integers of the column's
    size, the period days since 2000-01-01, values doubles (exactly the floats given), the
    stamps microseconds since 2000-01-01 UTC; NULL is the length -1."""

    def __init__(self, actor_id: Any) -> None:
        from quadrant.control.measures.models import Observation

        fields = {f.column: f for f in Observation._meta.concrete_fields}
        code = {name: _INTEGER_CODES[fields[name].db_type(connection) or ""] for name in
                ("measure_id", "created_by_id", "version")}  # fmt: skip
        self.width = struct.calcsize(">" + code["measure_id"])
        self.head = struct.Struct(f">hi{code['measure_id']}ii").pack  # fields, measure, period
        self.simple = struct.Struct(f">hi{code['measure_id']}iiid").pack  # ... and a value
        self.double = struct.Struct(">id").pack
        micros = (timezone.now() - _PG_EPOCH) // dt.timedelta(microseconds=1)
        stamp = struct.pack(">iq", 8, micros)
        actor = _NULL if actor_id is None else _integer(code["created_by_id"], actor_id)
        self.tail = stamp + stamp + actor + actor + _integer(code["version"], 1)
        self.days: dict[Any, int] = {}

    def __call__(self, rows: Sequence[tuple[Any, ...]]) -> bytes:
        """One COPY's data: the header, ROWS and the trailer."""
        parts = [_HEADER]
        append = parts.append
        fields, width, null, tail, days = len(COLUMNS), self.width, _NULL, self.tail, self.days
        head, simple, double = self.head, self.simple, self.double
        simple_tail = null + null + tail  # a value and no ratio: most rows
        for measure_id, period, values in rows:
            day = days.get(period)
            if day is None:
                day = days[period] = period.toordinal() - _PG_EPOCH_DAY
            value, numerator, denominator = values[0], values[1], values[2]
            if numerator is None and denominator is None and value is not None:
                append(simple(fields, width, measure_id, 4, day, 8, value))
                append(simple_tail)
                continue
            append(head(fields, width, measure_id, 4, day))
            append(null if value is None else double(8, value))
            append(null if numerator is None else double(8, numerator))
            append(null if denominator is None else double(8, denominator))
            append(tail)
        append(_TRAILER)
        return b"".join(parts)


class CopyStream:
    """COPY statements into the observation table, one batch each, on the default connection
    (inside the caller's transaction)."""

    def __init__(self, actor_id: Any) -> None:
        from quadrant.control.measures.models import Observation

        quote = connection.ops.quote_name
        self.sql = (
            f"COPY {quote(Observation._meta.db_table)} ({', '.join(map(quote, COLUMNS))}) "
            "FROM STDIN (FORMAT BINARY)"
        )
        self.encode = BinaryRows(actor_id)
        self.rows = 0
        self._open: ExitStack | None = None

    def start(self, data: bytes, count: int) -> None:
        """Send DATA (COUNT rows, from encode()) in a COPY of its own and return at once."""
        from psycopg.copy import QueuedLibpqWriter

        self.finish()
        with ExitStack() as stack:
            cursor = stack.enter_context(connection.cursor())
            raw = cursor.cursor
            copy = stack.enter_context(raw.copy(self.sql, writer=QueuedLibpqWriter(raw)))
            copy.write(data)
            self._open = stack.pop_all()
        self.rows += count

    def finish(self) -> None:
        """Wait until the server has stored the open COPY's rows (errors are raised here)."""
        if self._open is not None:
            stack, self._open = self._open, None
            stack.close()

    def abort(self, error: BaseException) -> None:
        """End the open COPY because of ERROR (the caller's transaction is rolled back)."""
        if self._open is not None:
            stack, self._open = self._open, None
            stack.__exit__(type(error), error, error.__traceback__)


def copy_rows(new: list[tuple[Any, ...]], actor_id: Any, report: Callable[[int], None]) -> None:
    """Insert NEW (measure id, period, values) rows, COPY_CHUNK to a COPY, each batch encoded
    while the server stores the one before; REPORT(rows stored) between batches."""
    stream = CopyStream(actor_id)
    try:
        for start in range(0, len(new), COPY_CHUNK):
            batch = new[start : start + COPY_CHUNK]
            data = stream.encode(batch)
            stream.finish()
            if stream.rows:
                report(stream.rows)
            stream.start(data, len(batch))
        stream.finish()
    except BaseException as error:
        stream.abort(error)
        raise
    report(stream.rows)
