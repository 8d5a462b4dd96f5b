"""The expressions the reader builds its queries from, exact on SQL Server.

SQL Server keeps ``datetime2(7)`` to 100 ns and ``datetime`` in steps of
1/300 s; Python keeps microseconds, pyodbc truncates what it reads, and
Microsoft's drivers round ``datetime`` to milliseconds. Since compatibility
level 130 SQL Server compares ``datetime`` with ``datetime2`` exactly. A
timestamp that went through Python is therefore not the value in the view:
sent back as a parameter it skips rows (rounded up) or re-reads them forever
(cut down, when a page is full of one timestamp).

So on SQL Server every page also selects the exact value as text,
``CONVERT(VARCHAR(27), CAST(updated_at AS DATETIME2(7)), 121)``, and a keyset
continues after ``CONVERT(DATETIME2(7), :text, 121)``: the server's own value,
compared in its own type. Python-side timestamps (the watermark, the
lookback bound) are the exact value cut to microseconds, never rounded up, and
are sent the same way, as text with an explicit style, so neither the driver's
parameter type nor the login's date format can change them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    BINARY,
    BigInteger,
    ColumnElement,
    DateTime,
    String,
    Unicode,
    and_,
    bindparam,
    cast,
    column,
    func,
    literal_column,
    or_,
    table,
    type_coerce,
)
from sqlalchemy.sql.expression import TableClause
from sqlalchemy.types import TypeEngine

from anahp_desktop.source.contract import COLUMN_NAMES
from anahp_desktop.source.scan_state import Position

#: ``yyyy-mm-dd hh:mi:ss.fffffff``: style 121 of a DATETIME2(7)
EXACT_LENGTH = 27
ODBC_CANONICAL: ColumnElement[Any] = literal_column("121")
EXACT_LABEL = "updated_at_exact"


def view_table(view: str, *extra: str) -> TableClause:
    schema, _dot, name = view.rpartition(".")
    # untyped: rows come back as the driver gives them (a broken view may hold text)
    return table(name, *(column(n) for n in (*COLUMN_NAMES, *extra)), schema=schema or None)


def format_exact(value: datetime) -> str:
    """A Python timestamp in SQL Server's style 121 (its seventh digit is 0)."""
    return value.strftime("%Y-%m-%d %H:%M:%S.%f") + "0"


def parse_exact(text: str) -> datetime:
    """SQL Server's style-121 text cut to microseconds (never rounded up)."""
    text = text.strip()
    head, _dot, fraction = text.partition(".")
    base = datetime.strptime(head, "%Y-%m-%d %H:%M:%S")
    micro = int((fraction + "000000")[:6]) if fraction else 0
    return base.replace(microsecond=micro)


def datetime2(precision: int) -> TypeEngine[Any]:
    """SQL Server's ``DATETIME2(precision)``, for expressions only SQL Server runs.

    Its dialect is imported here, not with this module: a SQLite or PostgreSQL source never
    needs it, and importing it costs every start of ``anahp-sync`` about 20 ms of CPU. On SQL
    Server the engine has loaded it already.
    """
    from sqlalchemy.dialects import mssql

    type_: TypeEngine[Any] = mssql.DATETIME2(precision=precision)  # type: ignore[no-untyped-call]
    return type_


class ViewSql:
    """Column expressions and bound values for one view on one dialect."""

    def __init__(self, view: str, dialect: str, rowversion_column: str | None = None) -> None:
        extra = (rowversion_column,) if rowversion_column else ()
        self.table = view_table(view, *extra)
        self.exact = dialect == "mssql"
        # typed only where compared, so parameters are bound as timestamps
        self.updated_at: ColumnElement[Any] = type_coerce(self.table.c.updated_at, DateTime())
        self.id: ColumnElement[Any] = self.table.c.id
        self.version: ColumnElement[Any] | None = (
            self.table.c[rowversion_column] if rowversion_column else None
        )
        #: the view's id is varchar/char (learnt from sys.columns by the reader's check)
        self.varchar_id = False

    def contract_columns(self) -> list[ColumnElement[Any]]:
        return [self.table.c[name] for name in COLUMN_NAMES]

    def exact_updated_at(self) -> ColumnElement[Any]:
        """``updated_at`` as SQL Server's exact text (SQL Server only)."""
        as_datetime2 = cast(self.updated_at, datetime2(7))
        return func.convert(
            literal_column(f"VARCHAR({EXACT_LENGTH})"), as_datetime2, ODBC_CANONICAL
        ).label(EXACT_LABEL)

    def time(self, name: str, value: datetime) -> ColumnElement[Any]:
        """A Python timestamp to compare with ``updated_at``."""
        if self.exact:
            return self.exact_time(name, format_exact(value))
        return bindparam(name, value, type_=DateTime())

    def exact_time(self, name: str, text: str) -> ColumnElement[Any]:
        return func.convert(
            literal_column("DATETIME2(7)"),
            bindparam(name, text, type_=Unicode(EXACT_LENGTH)),
            ODBC_CANONICAL,
        )

    def record_id(self, name: str, value: int | str) -> ColumnElement[Any]:
        """The id as a parameter, in the column's own kind of text.

        NVARCHAR for nvarchar ids (VARCHAR would lose characters). For a varchar id,
        VARCHAR: compared with an NVARCHAR parameter, a varchar column under a ``SQL_*``
        collation is converted and compared with Unicode word sort (hyphens and
        apostrophes ignored) while ``ORDER BY`` uses the collation's string sort, so the
        keyset could skip rows at a page boundary.
        """
        if isinstance(value, int):
            return bindparam(name, value, type_=BigInteger())
        return bindparam(name, value, type_=String(64) if self.varchar_id else Unicode(64))

    def version_value(self, name: str, value: bytes) -> ColumnElement[Any]:
        return bindparam(name, value, type_=BINARY(8))

    def after(self, position: Position) -> ColumnElement[bool]:
        """Rows strictly after ``position`` in ``(updated_at, id)`` order.

        The leading ``updated_at >= ...`` is implied by the rest; it is there so
        the database seeks the index to the position instead of walking it from
        the start of the run's range for every page (SQLite: 10 ms -> 3 ms a page
        of 2000 rows, 90,000 rows in).
        """
        row_id = self.record_id("after_id", position.id)
        if not self.exact or position.exact:
            at = (
                self.exact_time("after_exact", position.exact)
                if position.exact
                else self.time("after_updated_at", position.updated_at)
            )
            return and_(
                self.updated_at >= at,
                or_(self.updated_at > at, and_(self.updated_at == at, self.id > row_id)),
            )
        # a Position built by hand on SQL Server: its timestamp was cut to microseconds, so the
        # row's exact value lies in [cut, cut + 1 us); treat that microsecond as one value
        low = self.time("after_from", position.updated_at)
        high = self.time("after_until", position.updated_at + timedelta(microseconds=1))
        return and_(
            self.updated_at >= low,
            or_(
                self.updated_at >= high,
                and_(self.updated_at >= low, self.updated_at < high, self.id > row_id),
            ),
        )

    def after_version(self, position: Position) -> ColumnElement[bool]:
        """Rows strictly after ``position`` in ``(rowversion, id)`` order (index seek: see after)."""
        assert self.version is not None and position.version is not None
        version = self.version_value("after_version", position.version)
        row_id = self.record_id("after_id", position.id)
        return and_(
            self.version >= version,
            or_(self.version > version, and_(self.version == version, self.id > row_id)),
        )
