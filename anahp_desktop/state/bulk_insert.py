"""Many rows into one table at once: straight to the driver on SQLite.

Storing a batch intent writes one ``sinha_batch_records`` row per record.
Through ``Connection.execute(insert(table), rows)`` SQLAlchemy prepares each
row's parameters in Python, which a profile of the producer thread showed as
about 40 % of storing an intent. On SQLite the statement is compiled once,
each value goes through its column type's own bind processor (so the stored
text is exactly what SQLAlchemy would store and read back) and the tuples go
to the driver's ``executemany``. Other databases keep SQLAlchemy's path: on
SQL Server it sends each timestamp as text inside ``CONVERT(DATETIME2(7), ?,
121)`` (state/timestamps.py: a ``datetime`` parameter would reach the server
with only the fraction digits pyodbc chose) and text as ``NVARCHAR``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlalchemy.engine import Dialect

Processor = Callable[[Any], Any] | None


class BulkInsert:
    """``execute(conn, rows)`` inserts tuples given in ``columns`` order."""

    def __init__(self, table: Table, columns: Sequence[str]) -> None:
        self._table = table
        self._columns = tuple(columns)
        self._prepared: dict[str, tuple[str, tuple[Processor, ...]] | None] = {}

    def execute(self, conn: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
        if not rows:
            return
        prepared = self._prepare(conn.dialect)
        if prepared is None:
            conn.execute(
                insert(self._table), [dict(zip(self._columns, row, strict=True)) for row in rows]
            )
            return
        sql, processors = prepared
        for index, process in enumerate(processors):
            if process is not None:
                rows = [(*r[:index], process(r[index]), *r[index + 1 :]) for r in rows]
        conn.exec_driver_sql(sql, list(rows))

    def _prepare(self, dialect: Dialect) -> tuple[str, tuple[Processor, ...]] | None:
        if dialect.name not in self._prepared:
            self._prepared[dialect.name] = self._compile(dialect)
        return self._prepared[dialect.name]

    def _compile(self, dialect: Dialect) -> tuple[str, tuple[Processor, ...]] | None:
        if dialect.name != "sqlite":
            return None
        compiled = insert(self._table).compile(dialect=dialect, column_keys=list(self._columns))
        if not compiled.positional or list(compiled.positiontup or ()) != list(self._columns):
            return None  # not the plain positional statement this fast path assumes
        processors = tuple(
            _faster(self._table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
            for name in self._columns
        )
        return str(compiled), processors


#: what SQLite's DATETIME stores by default, checked against the dialect's own processor
_SAMPLES = (
    datetime(2025, 3, 1, 10, 0, 0),
    datetime(2025, 3, 1, 10, 0, 0, 1),
    datetime(999, 1, 2, 3, 4, 5, 600000),
    datetime(9999, 12, 31, 23, 59, 59, 999999),
)


def _faster(process: Processor) -> Processor:
    """SQLite's DATETIME processor, when it formats as ``isoformat``: the C method.

    The dialect's processor builds a dict and %-formats it (1.4 us a value, a
    tenth of storing a record key); ``isoformat(" ", "microseconds")`` gives
    the same text for naive datetimes in 0.5 us. Anything else -- another
    type, a time zone, a processor that formats differently -- keeps the
    dialect's processor.
    """
    if process is None:
        return None
    try:
        same = all(process(s) == s.isoformat(" ", "microseconds") for s in _SAMPLES)
    except (TypeError, ValueError):
        same = False
    if not same:
        return process

    def fast(value: Any) -> Any:
        if type(value) is datetime and value.tzinfo is None:
            return value.isoformat(" ", "microseconds")
        return process(value)

    return fast
