"""A stand-in for SQL Server behind pyodbc, for the reader's SQL (no SQL Server runs here).

It plugs into a real SQLAlchemy ``mssql+pyodbc`` engine (``module=``), so the
statements it receives are exactly what the mssql dialect compiles and the
parameters exactly what pyodbc would get. It answers:

* the dialect's start-up questions, pings, ``SET TRANSACTION ISOLATION LEVEL``;
* the reader's view queries, evaluated row by row with SQL Server's rules:
  timestamps are compared exactly at 100 ns (compatibility level >= 130, so a
  ``datetime`` compares as its exact ``datetime2(7)`` value), and a Python
  datetime parameter is a ``datetime2`` with its microseconds;
* values returned the way the drivers return them: ``datetime2(7)`` cut to
  microseconds (pyodbc), ``datetime`` rounded to milliseconds (Microsoft's
  driver), rowversions as 8 bytes;
* ``SYSUTCDATETIME()``, ``MIN_ACTIVE_ROWVERSION()`` (rows of open
  transactions are invisible and hold the bound down) and
  ``sys.databases.snapshot_isolation_state``.

Every statement and commit is logged per connection, so tests can check the
order of bound, isolation level and pages. With :meth:`FakeSqlServer.with_state`
it also holds the app's state tables (tests/helpers/fake_mssql_state.py), so the
state store can run on the mssql dialect too. A query it does not know fails
the test loudly.
"""

from __future__ import annotations

import re
import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pyodbc

from anahp_desktop.source.contract import COLUMN_NAMES
from tests.helpers.fake_mssql_applock import AppLocks
from tests.helpers.fake_mssql_state import Session, StateTables

EPOCH = datetime(2000, 1, 1)
TICKS_PER_US = 10  # 100 ns


def ticks(moment: datetime, extra_100ns: int = 0) -> int:
    delta = moment - EPOCH
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    return micros * TICKS_PER_US + extra_100ns


def datetime_ticks(moment: datetime, three_hundredths: int) -> int:
    """A SQL ``datetime``: whole seconds plus n/300 s, as its exact datetime2(7) value."""
    base = ticks(moment.replace(microsecond=0))
    return base + round(three_hundredths * 10_000_000 / 300)


def from_ticks(value: int) -> datetime:
    return EPOCH + timedelta(microseconds=value // TICKS_PER_US)


def exact_text(value: int) -> str:
    moment = from_ticks(value)
    return moment.strftime("%Y-%m-%d %H:%M:%S.") + f"{value % 10_000_000:07d}"


def parse_exact_ticks(text: str) -> int:
    head, _dot, fraction = text.partition(".")
    base = datetime.strptime(head, "%Y-%m-%d %H:%M:%S")
    return ticks(base) + int((fraction + "0000000")[:7])


@dataclass
class FakeRow:
    id: int | str | None
    updated_at: int | None  # exact ticks
    kind: str = "datetime2"  # or "datetime": what the driver returns differs
    row_version: int = 0
    committed: bool = True
    values: dict[str, Any] = field(default_factory=dict)
    #: False once deleted or no longer discharged: gone from the view, seen by Change Tracking
    in_view: bool = True

    def driver_updated_at(self) -> datetime | None:
        if self.updated_at is None:
            return None
        if self.kind == "datetime":  # Microsoft's driver: rounded to milliseconds
            millis = round(self.updated_at / 10_000)
            return EPOCH + timedelta(milliseconds=millis)
        return from_ticks(self.updated_at)  # pyodbc: cut to microseconds


@dataclass
class Statement:
    connection: int
    sql: str
    params: tuple[Any, ...]
    #: what setinputsizes told pyodbc about each parameter (SQL type, size, scale)
    sizes: tuple[Any, ...] = ()


class FakeSqlServer:
    """The server: rows of the view, clock, rowversions, and a log of what was asked."""

    def __init__(self, view: str = "sinha_export") -> None:
        self.view = view
        self.columns = {*COLUMN_NAMES, "row_version"}
        self.rows: list[FakeRow] = []
        self.now_utc = datetime(2026, 10, 1, 12, 0, 0)
        self.snapshot_allowed = True
        self.next_version = 1
        self.log: list[Statement | tuple[int, str]] = []
        self.connections = 0
        self.applocks = AppLocks()  # sp_getapplock and friends (the sync lock)
        self.state: StateTables | None = None
        #: Change Tracking: on, and the oldest version whose changes are still kept
        self.change_tracking = True
        self.min_valid_version = 0
        #: sys.columns for the view: (type, collation) of id and updated_at
        self.column_types: dict[str, tuple[str, str | None]] = {
            "id": ("bigint", None),
            "updated_at": ("datetime2", None),
        }
        #: DATEDIFF(minute, SYSUTCDATETIME(), SYSDATETIME()): the server's zone (São Paulo)
        self.utc_offset_minutes = -180
        #: databases other than this one that the view reads (sys.sql_expression_dependencies)
        self.other_databases: list[str] = []
        #: what the next page queries meet, in order: None (answered) or an error to raise
        self.page_faults: list[Exception | None] = []

    def with_state(self, path: Any, *, nocount_default: bool = False) -> FakeSqlServer:
        """Hold the state tables too (a SQLite file at ``path``); see fake_mssql_state."""
        self.state = StateTables(path, nocount_default=nocount_default, clock=lambda: self.now_utc)
        return self

    # -- data ---------------------------------------------------------------------------

    def add(
        self,
        record_id: int | str | None,
        updated_at: int | None,
        *,
        kind: str = "datetime2",
        committed: bool = True,
        **values: Any,
    ) -> FakeRow:
        row = FakeRow(record_id, updated_at, kind, self.next_version, committed, values)
        self.next_version += 1
        self.rows.append(row)
        return row

    def update(self, row: FakeRow, updated_at: int) -> None:
        row.updated_at = updated_at
        row.row_version = self.next_version
        self.next_version += 1

    def commit(self, row: FakeRow) -> None:
        """An open transaction commits: Change Tracking numbers it now, after the others."""
        row.committed = True
        row.row_version = self.next_version
        self.next_version += 1

    def remove(self, row: FakeRow) -> None:
        """The record leaves the view (deleted, or its discharge undone): a change for CT."""
        row.in_view = False
        row.row_version = self.next_version
        self.next_version += 1

    def current_change_version(self) -> int:
        """CHANGE_TRACKING_CURRENT_VERSION(): the last committed change (row versions here)."""
        return max((r.row_version for r in self.rows if r.committed), default=0)

    def min_active_rowversion(self) -> int:
        active = [r.row_version for r in self.rows if not r.committed]
        return min(active) if active else self.next_version

    # -- the DB-API module -------------------------------------------------------------

    def module(self) -> types.ModuleType:
        server = self

        class FakePyodbc(types.ModuleType):
            def __getattr__(self, name: str) -> Any:
                return getattr(pyodbc, name)

            def connect(self, *args: Any, **kwargs: Any) -> FakeConnection:
                server.connections += 1
                return FakeConnection(server, server.connections, kwargs)

        return FakePyodbc("fake_pyodbc")

    def statements(self, pattern: str = "") -> list[Statement]:
        return [s for s in self.log if isinstance(s, Statement) and re.search(pattern, s.sql)]


class FakeConnection:
    def __init__(self, server: FakeSqlServer, number: int, kwargs: dict[str, Any]) -> None:
        self.server = server
        self.number = number
        self.connect_kwargs = kwargs
        self.timeout = 0
        self.autocommit = False
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        """This connection's session on the state tables (opened on first use)."""
        assert self.server.state is not None, "the stand-in holds no state tables"
        if self._session is None:
            self._session = self.server.state.session()
        return self._session

    def add_output_converter(self, *args: Any) -> None:
        pass

    def cursor(self) -> FakeCursor:
        return FakeCursor(self)

    def commit(self) -> None:
        self.server.log.append((self.number, "COMMIT"))
        if self._session is not None and self.server.state is not None:
            self.server.state.commit(self._session)

    def rollback(self) -> None:
        self.server.log.append((self.number, "ROLLBACK"))
        if self._session is not None and self.server.state is not None:
            self.server.state.rollback(self._session)

    def close(self) -> None:
        self.server.applocks.end_session(self.number)
        if self._session is not None:
            self.rollback()
            self._session.db.close()
            self._session = None


class FakeCursor:
    def __init__(self, connection: FakeConnection) -> None:
        self.connection = connection
        self.description: list[tuple[Any, ...]] | None = None
        self.rowcount = -1
        self._rows: list[tuple[Any, ...]] = []
        self._sizes: tuple[Any, ...] = ()

    def setinputsizes(self, sizes: Any) -> None:
        """What pyodbc is told about each parameter's SQL type (kept for the next execute)."""
        self._sizes = tuple(sizes)
        if self.connection.server.state is not None:
            self.connection.session.input_sizes = list(sizes)

    def execute(self, sql: str, *params: Any) -> FakeCursor:
        flat = (
            tuple(params[0]) if len(params) == 1 and isinstance(params[0], tuple | list) else params
        )
        server = self.connection.server
        sizes, self._sizes = self._sizes, ()
        server.log.append(Statement(self.connection.number, sql, flat, sizes))
        applock = server.applocks.answer(self.connection.number, sql, flat)
        if applock is not None:
            columns, rows = applock
            self.rowcount = -1
        elif server.state is not None and not _for_the_view(server, sql):
            columns, rows, self.rowcount = server.state.execute(self.connection.session, sql, flat)
        else:
            columns, rows = answer(server, sql, flat, sizes)
            self.rowcount = -1
        self.description = (
            [(name, None, None, None, None, None, True) for name in columns] if columns else None
        )
        self._rows = rows
        return self

    def executemany(self, sql: str, rows: Any) -> None:
        total = 0
        for row in rows:
            self.execute(sql, tuple(row))
            total = -1 if self.rowcount < 0 or total < 0 else total + self.rowcount
        self.rowcount = total

    def fetchone(self) -> tuple[Any, ...] | None:
        return self._rows.pop(0) if self._rows else None

    def fetchmany(self, size: int = 1) -> list[tuple[Any, ...]]:
        taken, self._rows = self._rows[:size], self._rows[size:]
        return taken

    def fetchall(self) -> list[tuple[Any, ...]]:
        taken, self._rows = self._rows, []
        return taken

    def close(self) -> None:
        pass


# -- answering ---------------------------------------------------------------------------

_CANNED: tuple[tuple[str, list[str], list[tuple[Any, ...]]], ...] = (
    (r"SERVERPROPERTY\('ProductVersion'\)", ["v"], [("15.0.2000.5",)]),
    (r"^SELECT schema_name\(\)", ["s"], [("dbo",)]),
    (r"sys\.system_views", ["name"], [("dm_exec_sessions",)]),
    (r"transaction_isolation_level", ["level"], [("READ COMMITTED",)]),
    (r"^SELECT 1$", ["one"], [(1,)]),
    (r"test max support", ["m"], [("test max support",)]),
    (r"fn_listextendedproperty", ["p"], []),
    (r"^SET TRANSACTION ISOLATION LEVEL", [], []),
)
_COLUMN = r"(?:\w+\.)?{view}\.(\w+)"


def answer(
    server: FakeSqlServer, sql: str, params: tuple[Any, ...], sizes: tuple[Any, ...] = ()
) -> tuple[list[str], list[Any]]:
    text = " ".join(sql.split())
    for pattern, columns, rows in _CANNED:
        if re.search(pattern, text):
            return columns, list(rows)
    if re.fullmatch(r"SET NOCOUNT (ON|OFF)", text):
        return [], []
    if "FROM sys.sql_expression_dependencies" in text:
        return ["referenced_database_name"], [(name,) for name in server.other_databases]
    if "FROM sys.columns" in text:
        wanted = {p for p in params if isinstance(p, str) and p in server.column_types}
        return ["name", "type_name", "collation_name"], [
            (name, *server.column_types[name]) for name in sorted(wanted)
        ]
    if "DATEDIFF(minute, SYSUTCDATETIME(), SYSDATETIME())" in text:
        return ["now_utc", "offset_minutes"], [(server.now_utc, server.utc_offset_minutes)]
    if "CHANGE_TRACKING_CURRENT_VERSION()" in text:
        current = server.current_change_version() if server.change_tracking else None
        minimum = server.min_valid_version if server.change_tracking else None
        return ["now_utc", "current_version", "min_valid_version"], [
            (server.now_utc, current, minimum)
        ]
    if re.search(r"_changes\(\?\) AS changes", text):
        return _changes_query(server, text, list(params))
    if text.startswith("SELECT SYSUTCDATETIME()"):
        upper = server.min_active_rowversion().to_bytes(8, "big")
        return ["now_utc", "upper_version"], [(server.now_utc, upper)]
    if "snapshot_isolation_state" in text:
        return ["state"], [(1 if server.snapshot_allowed else 0,)]
    if f"FROM {server.view}" in text or f".{server.view}" in text:
        return _view_query(server, text, list(params), list(sizes))
    raise AssertionError(f"the fake SQL Server does not know: {text}")


def _for_the_view(server: FakeSqlServer, sql: str) -> bool:
    """Statements this module answers itself: start-up questions, bound, the view."""
    text = " ".join(sql.split())
    return (
        any(re.search(pattern, text) for pattern, _columns, _rows in _CANNED)
        or text.startswith("SELECT SYSUTCDATETIME()")
        or "snapshot_isolation_state" in text
        or "CHANGE_TRACKING_CURRENT_VERSION()" in text
        or "FROM sys.columns" in text
        or "FROM sys.sql_expression_dependencies" in text
        or "DATEDIFF(minute, SYSUTCDATETIME(), SYSDATETIME())" in text
        or re.search(r"_changes\(\?\) AS changes", text) is not None
        or f"FROM {server.view}" in text
        or f".{server.view}" in text
    )


def _view_query(
    server: FakeSqlServer, text: str, params: list[Any], sizes: list[Any] | None = None
) -> tuple[list[str], list[Any]]:
    match = re.match(
        r"SELECT (?:TOP (\d+) )?(.*?) FROM (\S+)(?: WITH \(READPAST\))?(?: WHERE (.*?))?"
        r"(?: ORDER BY (.*))?$",
        text,
    )
    assert match, text
    top, select_list, _table, where, order = match.groups()
    if order and server.page_faults:
        fault = server.page_faults.pop(0)
        if fault is not None:
            raise fault
    column = _COLUMN.format(view=re.escape(server.view.split(".")[-1]))
    for name in re.findall(column, text):
        if name not in server.columns:
            raise pyodbc.ProgrammingError("42S22", f"[42S22] Invalid column name '{name}'. (207)")
    predicate = _compile_where(where or "1 = 1", column, params, sizes, _word_sort_ids(server))
    rows = [r for r in server.rows if r.committed and r.in_view and predicate(r)]
    if order:
        keys = [re.fullmatch(column, key.strip()).group(1) for key in order.split(",")]  # type: ignore[union-attr]
        rows.sort(key=lambda r: tuple(_value(r, k) for k in keys))
    if top:
        rows = rows[: int(top)]
    items = _split_top_level(select_list)
    if items == ["*"]:
        items = [f"{server.view}.{name}" for name in (*COLUMN_NAMES, "row_version")]
    names = [item.rsplit(" AS ", 1)[-1].split(".")[-1] for item in items]
    if len(items) == 1 and items[0].startswith(("count(*)", "min(")):
        if items[0].startswith("count"):
            return names, [(len(rows),)]
        name = re.search(column, items[0]).group(1)  # type: ignore[union-attr]
        found = [_value(r, name) for r in rows]
        low = min(found) if found else None
        return names, [(low.to_bytes(8, "big") if isinstance(low, int) else low,)]
    return names, [tuple(_output(r, item, column) for item in items) for r in rows]


def _changes_query(
    server: FakeSqlServer, text: str, params: list[Any]
) -> tuple[list[str], list[Any]]:
    """CHANGETABLE(CHANGES ...) joined to the view, as the DBA's function returns it."""
    if not server.change_tracking:
        raise pyodbc.ProgrammingError(
            "42000", "[42000] Change tracking is not enabled on table 'dbo.internacoes'. (4998)"
        )
    since = params.pop(0)
    changed = [r for r in server.rows if r.committed and r.row_version > since]
    match = re.match(
        r"SELECT (?:TOP (\d+) )?(.*?) FROM \S+\(\?\) AS changes(?: WHERE (.*?))?(?: ORDER BY (.*))?$",
        text,
    )
    assert match, text
    top, select_list, where, order = match.groups()
    if select_list.startswith("count(*)"):
        return ["count"], [(len(changed),)]
    column = r"(?:\w+\.)?changes\.(\w+)"
    predicate = _compile_where(where or "1 = 1", column, params)
    rows = [r for r in changed if predicate(r)]
    if order:
        keys = [re.fullmatch(column, key.strip()).group(1) for key in order.split(",")]  # type: ignore[union-attr]
        rows.sort(key=lambda r: tuple(_value(r, k) for k in keys))
    if top:
        rows = rows[: int(top)]
    items = _split_top_level(select_list)
    names = [item.rsplit(" AS ", 1)[-1].split(".")[-1] for item in items]
    return names, [tuple(_change_output(r, item, column) for item in items) for r in rows]


def _change_output(row: FakeRow, item: str, column: str) -> Any:
    name_match = re.fullmatch(column, item)
    name = name_match.group(1) if name_match else ""
    if name == "change_id":
        return row.id
    if name == "change_version":
        return row.row_version
    if not row.in_view:
        return None  # LEFT JOIN to the view: the record left it
    return _output(row, item, column)


def _output(row: FakeRow, item: str, column: str) -> Any:
    if item.startswith("convert(VARCHAR(27), CAST("):
        return exact_text(row.updated_at) if row.updated_at is not None else None
    name = re.fullmatch(column, item).group(1)  # type: ignore[union-attr]
    if name == "updated_at":
        return row.driver_updated_at()
    if name == "id":
        return row.id
    if name == "row_version":
        return row.row_version.to_bytes(8, "big")
    return row.values.get(name)


def _value(row: FakeRow, name: str) -> Any:
    if name == "change_version":
        return row.row_version
    if name == "change_id":
        return row.id
    if name == "updated_at":
        return row.updated_at
    if name == "id":
        return row.id
    if name == "row_version":
        return row.row_version
    return row.values.get(name)


def _word_sort_ids(server: FakeSqlServer) -> bool:
    kind, collation = server.column_types.get("id", ("", None))
    return kind in ("varchar", "char") and (collation or "").startswith("SQL_")


#: pyodbc's SQL_WVARCHAR: an NVARCHAR parameter
SQL_WVARCHAR = -9


class WordSort:
    """An NVARCHAR parameter compared with a varchar column under a SQL_* collation.

    SQL Server converts the column to nvarchar and compares with the Unicode rules
    (word sort: hyphens and apostrophes are ignored), while ORDER BY on the column uses
    the SQL collation's string sort, where they count.
    """

    def __init__(self, text: str) -> None:
        self.key = _word_key(text)

    def __lt__(self, other: object) -> bool:
        return isinstance(other, str) and self.key < _word_key(other)

    def __gt__(self, other: object) -> bool:
        return isinstance(other, str) and self.key > _word_key(other)

    def __le__(self, other: object) -> bool:
        return isinstance(other, str) and self.key <= _word_key(other)

    def __ge__(self, other: object) -> bool:
        return isinstance(other, str) and self.key >= _word_key(other)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and self.key == _word_key(other)

    __hash__ = None  # type: ignore[assignment]


def _word_key(text: str) -> str:
    return text.replace("-", "").replace("'", "").lower()


def _is_nvarchar(size: Any) -> bool:
    kind = size[0] if isinstance(size, tuple) else size
    return bool(kind == SQL_WVARCHAR)


def _compile_where(
    where: str,
    column: str,
    params: list[Any],
    sizes: list[Any] | None = None,
    word_sort: bool = False,
) -> Any:
    """The WHERE clause as a Python predicate, parameters consumed in order."""
    values: list[Any] = []
    sizes = list(sizes or [])

    def take(converted: bool) -> str:
        raw = params.pop(0)
        size = sizes.pop(0) if sizes else None
        if word_sort and not converted and isinstance(raw, str) and _is_nvarchar(size):
            values.append(WordSort(raw))
        elif converted:
            values.append(parse_exact_ticks(raw))  # CONVERT(DATETIME2(7), text, 121)
        elif isinstance(raw, datetime):
            values.append(ticks(raw))  # a datetime parameter: datetime2 at microseconds
        elif isinstance(raw, bytes | bytearray | memoryview):  # pyodbc.Binary is bytearray
            values.append(int.from_bytes(bytes(raw), "big"))
        else:
            values.append(raw)
        return f"v[{len(values) - 1}]"

    out: list[str] = []
    named_column = column.replace("(\\w+)", "(?P<name>\\w+)")
    tokens = re.finditer(
        r"(?P<convert>convert\(DATETIME2\(7\), \?, 121\))"
        r"|(?P<cast>CAST\(.+? AS NVARCHAR\(64\)\) IN \((?P<ins>[^)]*)\))"
        rf"|(?P<column>{named_column})"
        r"|\?|IS NOT NULL|IS NULL|>=|<=|<>|=|>|<|\(|\)|AND|OR|\d+",
        where,
    )
    for token in tokens:
        text = token.group(0)
        if token.group("convert"):
            out.append(take(converted=True))
        elif token.group("cast"):
            count = token.group("ins").count("?")
            ids = [str(params.pop(0)) for _ in range(count)]
            del sizes[:count]
            values.append(ids)
            out.append(f"(str(r.id) in v[{len(values) - 1}])")
        elif token.group("column"):
            out.append(f"_value(r, {token.group('name')!r})")
        elif text == "?":
            out.append(take(converted=False))
        else:
            out.append(
                {
                    "IS NOT NULL": " is not None",
                    "IS NULL": " is None",
                    "=": "==",
                    "<>": "!=",
                    "AND": " and ",
                    "OR": " or ",
                }.get(text, f" {text} ")
            )
    source = "".join(out)
    code = compile(f"lambda r: ({source})", "<where>", "eval")
    predicate = eval(code, {"_value": _value, "v": values})
    return lambda row: _safe(predicate, row)


def _safe(predicate: Any, row: FakeRow) -> bool:
    try:
        return bool(predicate(row))
    except TypeError:  # a comparison with NULL: unknown, so not selected
        return False


def _split_top_level(text: str) -> list[str]:
    items: list[str] = []
    depth = 0
    current = ""
    for ch in text:
        if ch == "," and depth == 0:
            items.append(current.strip())
            current = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        current += ch
    items.append(current.strip())
    return items


def page_statements(server: FakeSqlServer) -> Iterator[Statement]:
    yield from server.statements(r"ORDER BY")
