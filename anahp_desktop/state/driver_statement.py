"""One statement of every attempt, compiled once and run on the driver on SQLite.

Each batch sent writes four statements in two transactions (the attempt
logged before its request, the delivery after it). Executed as SQLAlchemy
constructs, each spent more CPU in SQLAlchemy -- the cached compilation
looked up, the parameters built in Python, the result set up -- than in
SQLite itself. On SQLite the statement is compiled once, each bound value
goes through its type's own bind processor (so what is stored is exactly
what SQLAlchemy would store), the constants the statement holds keep their
values, and the tuple goes to ``exec_driver_sql``: the driver's errors are
still wrapped and classified as any other statement's. Other databases keep
SQLAlchemy's path (on SQL Server a timestamp parameter travels as text inside
``CONVERT``: state/timestamps.py). Like :mod:`.bulk_insert`, whose reasons
these are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, CursorResult
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.dml import UpdateBase

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Plan:
    sql: str
    #: per position: the parameter's name, or None for a constant of the statement
    names: tuple[str | None, ...]
    constants: tuple[Any, ...]
    processors: tuple[Processor, ...]


class DriverStatement:
    """``execute(conn, params)`` runs an INSERT or UPDATE with named parameters.

    ``columns`` (an INSERT's) are the columns it sets, all given in ``params``.
    """

    def __init__(self, statement: UpdateBase, columns: Sequence[str] | None = None) -> None:
        self._statement = statement
        self._columns = list(columns) if columns is not None else None
        self._plans: dict[str, _Plan | None] = {}

    def execute(self, conn: Connection, params: Mapping[str, Any]) -> CursorResult[Any]:
        dialect = conn.dialect
        if dialect.name not in self._plans:
            self._plans[dialect.name] = self._compile(dialect)
        plan = self._plans[dialect.name]
        if plan is None:
            return conn.execute(self._statement, dict(params))
        values = [
            params[name] if name is not None else constant
            for name, constant in zip(plan.names, plan.constants, strict=True)
        ]
        for index, process in enumerate(plan.processors):
            if process is not None:
                values[index] = process(values[index])
        return conn.exec_driver_sql(plan.sql, tuple(values))

    def _compile(self, dialect: Dialect) -> _Plan | None:
        if dialect.name != "sqlite":
            return None
        compiled = self._statement.compile(dialect=dialect, column_keys=self._columns)
        if not compiled.positional or compiled.positiontup is None:
            return None  # not the plain positional statement this path assumes
        names: list[str | None] = []
        constants: list[Any] = []
        processors: list[Processor] = []
        for key in compiled.positiontup:
            bind = compiled.binds[key]
            if bind.callable is not None or bind.expanding:
                return None
            given = bind.required or (self._columns is not None and key in self._columns)
            names.append(key if given else None)
            constants.append(None if given else bind.effective_value)
            processors.append(bind.type.dialect_impl(dialect).bind_processor(dialect))
        return _Plan(str(compiled), tuple(names), tuple(constants), tuple(processors))


def inserted_id(result: CursorResult[Any]) -> int:
    """The new row's autoincrement key, from SQLAlchemy's INSERT or the driver's."""
    if result.context.compiled is not None and result.context.isinsert:
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])
    row_id = result.lastrowid
    assert row_id is not None
    return int(row_id)
