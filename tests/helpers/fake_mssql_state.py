"""The state store's tables behind the SQL Server stand-in, with SQL Server's rules.

``tests/helpers/fake_mssql.py`` answers the view; this module answers every
other statement the ``mssql+pyodbc`` dialect compiles for the state store.
It runs them on a real SQLite file (one connection per stand-in connection,
so transactions are kept apart as on a server), after checking what SQL
Server would do differently:

* a ``GROUP BY`` holding a parameter fails with error 8120, as on SQL Server
  (the copies in SELECT and GROUP BY are different parameters to it);
* with ``SET NOCOUNT ON`` -- a server default some DBAs set with
  ``sp_configure 'user options'`` -- every rowcount is -1 until the session
  sends ``SET NOCOUNT OFF``;
* a ``datetime`` parameter reaches the server cut to milliseconds: pyodbc keeps
  the fraction digits it learnt from ``SQLGetTypeInfo(SQL_TYPE_TIMESTAMP)`` at
  connect time, whatever ``setinputsizes`` says (proven against both real
  drivers in tests/integration/test_odbc_parameters.py); text in
  ``CONVERT(DATETIME2(7), ?, 121)`` arrives whole;
* ``TOP``, ``OUTPUT inserted.x`` and ``INFORMATION_SCHEMA`` questions are
  rewritten for SQLite; anything else goes through unchanged.

The tables are created from the app's metadata and stamped at the head
revision, as ``sql/mssql/state_tables.sql`` leaves them.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pyodbc
from sqlalchemy import create_engine

from anahp_desktop.state import migrate, schema

_TIMESTAMP_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,7})?$")
_GROUP_BY_8120 = (
    "[42000] [Microsoft][ODBC Driver 18 for SQL Server][SQL Server]Column '{column}' is "
    "invalid in the select list because it is not contained in either an aggregate "
    "function or the GROUP BY clause. (8120) (SQLExecDirectW)"
)


@dataclass
class Session:
    """One stand-in connection's state: its SQLite connection and its SET options."""

    db: sqlite3.Connection
    nocount: bool
    in_transaction: bool = False
    input_sizes: list[Any] = field(default_factory=list)


class StateTables:
    """The state tables on SQLite; ``nocount_default`` is the server's user option."""

    def __init__(
        self,
        path: Path,
        *,
        nocount_default: bool = False,
        schema_name: str = "anahp",
        clock: Any = None,
    ) -> None:
        self.path = path
        self.nocount_default = nocount_default
        #: SYSUTCDATETIME(): the server's clock (the stand-in's now_utc)
        self.clock = clock or datetime.utcnow
        self.statements: list[str] = []
        #: schemas that exist (state_tables.sql created the app's with its tables); a statement
        #: naming another one fails (208)
        self.schemas: set[str] = {"dbo", schema_name}
        #: the "move the state out of dbo" statements received (state/migrate.py)
        self.moves: list[str] = []
        engine = create_engine(f"sqlite:///{path}")
        schema.metadata.create_all(engine)
        with engine.begin() as conn:
            conn.exec_driver_sql(
                f"CREATE TABLE {migrate.VERSION_TABLE} (version_num VARCHAR(32) PRIMARY KEY)"
            )
            conn.exec_driver_sql(
                f"INSERT INTO {migrate.VERSION_TABLE} VALUES (?)", (migrate.head_revision(),)
            )
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        engine.dispose()

    def session(self) -> Session:
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA busy_timeout = 10000")
        db.create_function(
            "SYSUTCDATETIME", 0, lambda: self.clock().strftime("%Y-%m-%d %H:%M:%S.%f")
        )
        return Session(db, self.nocount_default)

    def execute(
        self, session: Session, sql: str, params: tuple[Any, ...]
    ) -> tuple[list[str], list[tuple[Any, ...]], int]:
        """(column names, rows, rowcount) as pyodbc would report them."""
        text = " ".join(sql.split())
        self.statements.append(text)
        if match := re.fullmatch(r"SET NOCOUNT (ON|OFF)", text, flags=re.IGNORECASE):
            session.nocount = match.group(1).upper() == "ON"
            return [], [], -1
        if re.search(r"INFORMATION_SCHEMA|\bsys\.objects\b", text, flags=re.IGNORECASE):
            return self._catalogue(session, params)
        if match := re.fullmatch(
            r"IF SCHEMA_ID\(N'(\w+)'\) IS NULL EXEC\(N'CREATE SCHEMA \[\w+\]'\)", text
        ):
            self.schemas.add(match.group(1))
            return [], [], -1
        if text.startswith(f"IF OBJECT_ID(N'dbo.{migrate.VERSION_TABLE}', N'U') IS NOT NULL"):
            self.moves.append(text)  # the tables live in one namespace here: nothing to move
            return [], [], -1
        self._check_schema(text)
        _check_group_by(text)
        converted = _converted_positions(text)
        translated, returning = _to_sqlite(text)
        values = [
            _exact(value) if index in converted else _bind(value, size)
            for index, (value, size) in enumerate(_with_sizes(params, session))
        ]
        session.input_sizes = []
        if not session.in_transaction:
            session.db.execute("BEGIN")
            session.in_transaction = True
        try:
            cursor = session.db.execute(translated, values)
        except sqlite3.IntegrityError as exc:
            raise pyodbc.IntegrityError(
                "23000",
                f"[23000] [Microsoft][ODBC Driver 18 for SQL Server][SQL Server]Violation of "
                f"PRIMARY KEY constraint. Cannot insert duplicate key. (2627) ({exc})",
            ) from None
        rows = [tuple(_result(v) for v in row) for row in cursor.fetchall()]
        names = [d[0] for d in cursor.description or []] or returning
        is_select = text.upper().startswith("SELECT")
        count = -1 if is_select or session.nocount else cursor.rowcount
        if returning and session.nocount:
            count = -1
        return names, rows, count

    def _check_schema(self, text: str) -> None:
        named = r"\b(\w+)\.(?:operations_log|sinha_\w+|anahp_alembic_version)\b"
        for owner in set(re.findall(named, text)):
            if owner not in self.schemas and owner not in ("inserted", "deleted"):
                raise pyodbc.ProgrammingError(
                    "42S02", f"[42S02] Invalid object name '{owner}.…'. (208) (SQLExecDirectW)"
                )

    def commit(self, session: Session) -> None:
        if session.in_transaction:
            session.db.execute("COMMIT")
            session.in_transaction = False

    def rollback(self, session: Session) -> None:
        if session.in_transaction:
            session.db.execute("ROLLBACK")
            session.in_transaction = False

    def _catalogue(
        self, session: Session, params: tuple[Any, ...]
    ) -> tuple[list[str], list[tuple[Any, ...]], int]:
        """The dialect's "does this table exist" question, answered from SQLite's catalogue."""
        texts = [p for p in params if isinstance(p, str)]
        if texts and texts[0] not in self.schemas:
            return ["TABLE_NAME"], [], -1  # sys.schemas.name = ?: a schema that does not exist
        names = [p for p in texts[1:] if len(p) > 2]
        found = session.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN "
            f"({', '.join('?' for _ in names) or 'NULL'})",
            names,
        ).fetchall()
        return ["TABLE_NAME"], [tuple(row) for row in found], -1


def _with_sizes(params: tuple[Any, ...], session: Session) -> list[tuple[Any, Any]]:
    sizes = list(session.input_sizes) + [None] * (len(params) - len(session.input_sizes))
    return list(zip(params, sizes[: len(params)], strict=True))


def _bind(value: Any, size: Any) -> Any:
    """What the server receives for one parameter, as text SQLite compares like SQL Server."""
    if isinstance(value, datetime):
        # pyodbc's fraction digits come from the server's type info, not from ``size``
        value = value.replace(microsecond=value.microsecond // 1000 * 1000)
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, bytearray | memoryview):
        return bytes(value)
    return value


def _converted_positions(text: str) -> set[int]:
    """Which parameters sit in CONVERT(DATETIME2(7), ?, 121): text the server converts."""
    positions: set[int] = set()
    for index, match in enumerate(re.finditer(r"\?", text)):
        if text[: match.start()].endswith("CONVERT(DATETIME2(7), "):
            positions.add(index)
    return positions


def _exact(value: Any) -> Any:
    """Style-121 text as the server converts it, in the stand-in's stored form."""
    if not isinstance(value, str):
        raise pyodbc.DataError(
            "22007", f"[22007] Conversion failed when converting date and/or time (241): {value!r}"
        )
    head, _dot, fraction = value.partition(".")
    moment = datetime.strptime(head, "%Y-%m-%d %H:%M:%S").replace(
        microsecond=int((fraction + "000000")[:6])
    )
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _result(value: Any) -> Any:
    if isinstance(value, str) and _TIMESTAMP_TEXT.match(value):
        return datetime.fromisoformat(value)
    return value


def _check_group_by(text: str) -> None:
    from tests.helpers.mssql_rules import group_by_clauses

    for clause in group_by_clauses(text):
        if "?" in clause:
            column = re.search(r"(\w+\.\w+)", clause)
            raise pyodbc.ProgrammingError(
                "42000", _GROUP_BY_8120.format(column=column.group(1) if column else "?")
            )


def _to_sqlite(text: str) -> tuple[str, list[str]]:
    """T-SQL as the mssql dialect writes it, in SQLite's words; and OUTPUT's columns."""
    returning: list[str] = []
    if match := re.search(r" OUTPUT ((?:inserted\.\w+(?:, )?)+) VALUES ", text):
        returning = re.findall(r"inserted\.(\w+)", match.group(1))
        text = text.replace(f" OUTPUT {match.group(1)} VALUES ", " VALUES ") + (
            " RETURNING " + ", ".join(returning)
        )
    text = text.replace("CONVERT(DATETIME2(7), ?, 121)", "?")
    text = re.sub(
        r"\b(?!inserted\.)(\w+)\.(operations_log|sinha_\w+|anahp_alembic_version)\b", r"\2", text
    )
    if match := re.match(r"SELECT TOP (?:\((\d+)\)|(\d+)) ", text):
        limit = match.group(1) or match.group(2)
        text = "SELECT " + text[match.end() :] + f" LIMIT {limit}"
    return text, returning
