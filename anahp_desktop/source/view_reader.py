"""Reading the source view in keyset order, one bounded page at a time.

Rows are read ordered by ``(updated_at, id)`` -- or ``(rowversion, id)`` with
the rowversion cursor -- and each page continues strictly after the last key
of the previous one, so rows sharing one ``updated_at`` across a page or batch
boundary are neither skipped nor repeated, memory stays flat whatever the
backlog, and no ``OFFSET`` scan is ever issued. On SQL Server the keyset uses
the server's exact timestamps (see :mod:`.view_sql`); a run reads through one
:class:`~.scan.Scan` (one bound, one snapshot).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Row,
    Select,
    Unicode,
    bindparam,
    cast,
    column,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy.exc import DBAPIError

from anahp_desktop import db_errors
from anahp_desktop.config.settings import CursorMode, SourceSettings
from anahp_desktop.domain.clock import to_source_local
from anahp_desktop.domain.values import CursorState
from anahp_desktop.errors import (
    ConfigurationError,
    SourceContractError,
    SourceError,
    SourceUnavailableError,
)
from anahp_desktop.source import reachability
from anahp_desktop.source.change_tracking import ChangesSql, ChangeTrackingCursor
from anahp_desktop.source.contract import SourceRow, as_datetime, storage_id
from anahp_desktop.source.cursor import TimestampCursor, ViewCursor, cursor_for
from anahp_desktop.source.scan_state import Position, ScanBound, ScanEnd, ScanStart
from anahp_desktop.source.sqlite_text import strict_text, undecodable_text
from anahp_desktop.source.view_sql import ViewSql, parse_exact, view_table
from anahp_desktop.translation import N_, _

if TYPE_CHECKING:
    from anahp_desktop.source.scan import Scan

WHAT = N_("the hospital database")
log = logging.getLogger(__name__)
CONTRACT_WIDTH = 12
_new_row = tuple.__new__
IDS_PER_QUERY = 500
#: no upper bound on a Change Tracking version (bigint): every change committed so far
LATEST_CHANGE = 2**63 - 1

__all__ = ["Page", "Position", "ViewReader", "view_table"]


@dataclass(frozen=True)
class Page:
    rows: list[SourceRow]
    unusable_updated_at: int
    last: Position | None  # where the next page continues; None: this was the last page
    end: Position | None = None  # the last usable row, exact (even on a short page)
    max_updated_at: datetime | None = None  # the page's latest updated_at (any cursor order)
    #: Change Tracking: ids whose record is no longer in the view (deleted, discharge undone)
    gone: tuple[str, ...] = ()


class ViewReader:
    """Keyset-paged reads of the view; every database error becomes a SourceError."""

    def __init__(
        self,
        engine: Engine,
        view: str,
        page_size: int = 2000,
        *,
        cursor: ViewCursor | None = None,
        snapshot: bool = False,
        timezone: tzinfo = UTC,
    ) -> None:
        self._engine = engine
        self._view = view
        self._page_size = page_size
        self.cursor: ViewCursor = cursor or TimestampCursor()
        self.snapshot = snapshot
        self.timezone = timezone
        self.sql = ViewSql(view, engine.dialect.name, self.cursor.rowversion_column)
        if self.cursor.mode is CursorMode.ROWVERSION and not self.sql.exact:
            raise ConfigurationError(
                _(
                    "The rowversion cursor needs Microsoft SQL Server; with this database "
                    "set source.cursor to timestamp."
                )
            )
        self.changes: ChangesSql | None = None
        if isinstance(self.cursor, ChangeTrackingCursor):
            if not self.sql.exact:
                raise ConfigurationError(
                    _(
                        "The change_tracking cursor needs Microsoft SQL Server; with this "
                        "database set source.cursor to timestamp."
                    )
                )
            self.changes = ChangesSql(self.cursor.function, self.sql)

    @classmethod
    def from_settings(cls, engine: Engine, source: SourceSettings, page_size: int) -> ViewReader:
        return cls(
            engine,
            source.view,
            page_size,
            cursor=cursor_for(source.cursor, source.rowversion_column, source.changes_function),
            snapshot=source.snapshot_isolation,
            timezone=ZoneInfo(source.timezone),
        )

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def view(self) -> str:
        return self._view

    @property
    def page_size(self) -> int:
        return self._page_size

    # -- queries (pure: compiled by the tests for every dialect) ---------------------------

    def scan_query(
        self,
        start: ScanStart,
        bound: ScanBound | None,
        after: Position | None,
        limit: int | None = None,
    ) -> Select[Any]:
        """One page of a run, in the configured cursor's order."""
        start = _past(start, after)
        conditions = self.cursor.range(self.sql, start, bound) + self._floor(start)
        if after is not None:
            conditions.append(self.cursor.after(self.sql, after))
        columns = self.sql.contract_columns() + self._exact_columns() + self._version_columns()
        return (
            select(*columns)
            .where(*conditions)
            .order_by(*self.cursor.order_by(self.sql))
            .limit(limit or self._page_size)
        )

    def count_query(self, start: ScanStart) -> Select[Any]:
        """How many rows a run from ``start`` reads (see sync.next_run)."""
        if start.after_change is not None and self.changes:
            changes = self.changes.changes(start.after_change)
            return select(func.count()).select_from(changes)
        conditions = self.cursor.range(self.sql, start, None) + self._floor(start)
        return select(func.count()).select_from(self.sql.table).where(*conditions)

    def null_updated_at_query(self) -> Select[Any]:
        return select(func.count()).select_from(self.sql.table).where(self.sql.updated_at.is_(None))

    def probe_query(self) -> Select[Any]:
        """No rows, every column the view has (to name the ones it lacks)."""
        return (
            select(literal_column("*"))
            .select_from(self.sql.table)
            .where(literal_column("1") == literal_column("0"))
        )

    def cursor_sample_query(self) -> Select[Any]:
        return select(self.sql.table.c.updated_at).where(self.sql.updated_at.is_not(None)).limit(1)

    def by_ids_query(self, ids: Sequence[str]) -> Select[Any]:
        columns = self.sql.contract_columns() + self._exact_columns()
        if self.sql.exact:
            # SQL Server converts NVARCHAR parameters to a bigint column's type (not the column to
            # the parameters'), so the index on id is used whichever type the DBA chose
            wanted = self.sql.id.in_(
                [bindparam(f"id_{i}", v, type_=Unicode(64)) for i, v in enumerate(ids)]
            )
            return select(*columns).where(wanted)
        return select(*columns).where(cast(self.sql.id, Unicode(64)).in_(list(ids)))

    def bound_query(self) -> Select[Any]:
        """SQL Server's clock and, for the rowversion cursor, the rowversion bound.

        With Change Tracking: the clock, the current version and the oldest one kept.
        """
        if self.changes is not None:
            return self.changes.bound_query()
        columns: list[ColumnElement[Any]] = [func.SYSUTCDATETIME().label("now_utc")]
        if self.cursor.mode is CursorMode.ROWVERSION:
            columns.append(func.MIN_ACTIVE_ROWVERSION().label("upper_version"))
        return select(*columns)

    def changes_query(
        self,
        since: int,
        upper: int,
        after: Position | None,
        limit: int | None = None,
        floor: datetime | None = None,
    ) -> Select[Any]:
        """One page of Change Tracking changes (see .change_tracking)."""
        assert self.changes is not None
        return self.changes.page_query(since, upper, after, limit or self._page_size, floor)

    def snapshot_state_query(self) -> Select[Any]:
        """1 when the database allows SNAPSHOT transactions (ALLOW_SNAPSHOT_ISOLATION ON)."""
        return (
            select(literal_column("snapshot_isolation_state"))
            .select_from(table("databases", schema="sys"))
            .where(literal_column("database_id") == func.DB_ID())
        )

    def column_types_query(self) -> Select[Any]:
        """The SQL Server types and collations of the view's id and updated_at (sys.columns)."""
        name: ColumnElement[Any] = literal_column("name")
        return (
            select(
                name,
                func.TYPE_NAME(literal_column("system_type_id")).label("type_name"),
                literal_column("collation_name"),
            )
            .select_from(table("columns", schema="sys"))
            .where(
                literal_column("object_id")
                == func.OBJECT_ID(bindparam("view_name", self._view, type_=Unicode(256))),
                name.in_(
                    [
                        bindparam("id_column", "id", type_=Unicode(128)),
                        bindparam("updated_column", "updated_at", type_=Unicode(128)),
                    ]
                ),
            )
        )

    def newer_rows_query(self, upper_version: bytes) -> Select[Any]:
        """Committed rows at or above the rowversion bound (waiting for it to move).

        READPAST: the rows of the open transaction that holds the bound are locked, and
        a READ COMMITTED count would wait for that very transaction.
        """
        assert self.sql.version is not None
        return (
            select(func.count())
            .select_from(self.sql.table)
            .with_hint(self.sql.table, "WITH (READPAST)", "mssql")
            .where(self.sql.version >= self.sql.version_value("upper", upper_version))
        )

    def other_databases_query(self) -> Select[Any]:
        """Databases other than this one that the view reads (visible with VIEW DEFINITION)."""
        dependencies = table(
            "sql_expression_dependencies",
            column("referencing_id"),
            column("referenced_database_name"),
            schema="sys",
        )
        other = dependencies.c.referenced_database_name
        return (
            select(other)
            .distinct()
            .where(
                dependencies.c.referencing_id
                == func.OBJECT_ID(bindparam("view_name", self._view, type_=Unicode(256))),
                other.is_not(None),
                other != func.DB_NAME(),
            )
        )

    def server_offset_query(self) -> Select[Any]:
        """SQL Server's clock: UTC now and minutes from UTC (SYSDATETIME() is local time)."""
        return select(
            func.SYSUTCDATETIME().label("now_utc"),
            func.DATEDIFF(
                literal_column("minute"), func.SYSUTCDATETIME(), func.SYSDATETIME()
            ).label("offset_minutes"),
        )

    def version_cap_query(self, oldest_open: datetime) -> Select[Any]:
        """The lowest rowversion among rows an open batch may hold (see RowversionCursor)."""
        assert self.sql.version is not None
        return (
            select(func.min(self.sql.version))
            .select_from(self.sql.table)
            .where(self.sql.updated_at >= self.sql.time("oldest_open", oldest_open))
        )

    # -- I/O ------------------------------------------------------------------------------

    def check_contract(self) -> None:
        """Fail early, with the missing columns named, when the view is not as agreed."""
        try:
            with self._engine.connect() as conn:
                result = conn.execute(self.probe_query())
                present = set(result.keys())
        except DBAPIError as exc:
            raise self.translate(exc) from exc
        present = {name.lower() for name in present}
        expected = [c.name for c in self.sql.contract_columns() + self._version_columns()]
        missing = [name for name in expected if name.lower() not in present]
        if missing:
            raise SourceContractError(
                _("The view {view} lacks the columns: {columns}.").format(
                    view=self._view, columns=", ".join(missing)
                )
            )
        if self.sql.exact:
            self._check_column_types()
            self._check_timezone()
            if self.cursor.mode is CursorMode.ROWVERSION:
                self._check_same_database()
        self._check_cursor_type()

    def _check_same_database(self) -> None:
        """MIN_ACTIVE_ROWVERSION() is this database's: a view over another one cannot use it."""
        try:
            with self._engine.connect() as conn:
                others = [
                    str(name) for name in conn.execute(self.other_databases_query()).scalars()
                ]
        except DBAPIError as exc:
            raise self.translate(exc) from exc
        if others:
            raise ConfigurationError(
                _(
                    "The view {view} reads the database {others}: the rowversion cursor is "
                    "bounded by MIN_ACTIVE_ROWVERSION() of this database only and could skip "
                    "rows there. Set source.cursor to change_tracking (a function in that "
                    "database) or timestamp."
                ).format(view=self._view, others=", ".join(sorted(others)))
            )

    def _check_column_types(self) -> None:
        """Refuse a datetimeoffset updated_at; bind a varchar id as varchar (see ViewSql)."""
        try:
            with self._engine.connect() as conn:
                found = {
                    str(name).lower(): (str(kind).lower(), collation)
                    for name, kind, collation in conn.execute(self.column_types_query())
                }
        except DBAPIError as exc:
            raise self.translate(exc) from exc
        kind, _collation = found.get("updated_at", ("", None))
        if kind == "datetimeoffset":
            raise SourceContractError(
                _(
                    "The column updated_at of the view {view} is datetimeoffset: SQL Server "
                    "compares it in UTC while the app reads it in local time, so rows would be "
                    "skipped or read twice. Ask the DBA to convert it in the view, e.g. "
                    "CAST(SWITCHOFFSET(column, '-03:00') AS DATETIME2(7))."
                ).format(view=self._view)
            )
        id_kind, collation = found.get("id", ("", None))
        self.sql.varchar_id = id_kind in ("varchar", "char")
        if self.sql.varchar_id:
            log.info(
                "the view's id is %s (%s): keyset parameters bound as varchar", id_kind, collation
            )

    def _check_timezone(self) -> None:
        """The server's offset from UTC must be the configured zone's (servers in Manaus...)."""
        try:
            with self._engine.connect() as conn:
                now_utc, offset = conn.execute(self.server_offset_query()).one()
        except DBAPIError as exc:
            raise self.translate(exc) from exc
        if not isinstance(now_utc, datetime) or offset is None:
            return
        expected = self.timezone.utcoffset(now_utc.replace(tzinfo=None))
        expected_minutes = round(expected.total_seconds() / 60) if expected is not None else 0
        server_minutes = round(int(offset) / 15) * 15  # DATEDIFF counts minute boundaries
        if server_minutes == expected_minutes:
            return
        raise ConfigurationError(
            _(
                "SQL Server's clock is at UTC{server} but source.timezone is {zone} "
                "(UTC{configured}): every timestamp of the view would be read {hours} hour(s) "
                "off. Set source.timezone to the server's time zone (for example "
                "America/Manaus or America/Cuiaba), or ask the DBA."
            ).format(
                server=_offset_text(server_minutes),
                zone=getattr(self.timezone, "key", str(self.timezone)),
                configured=_offset_text(expected_minutes),
                hours=f"{abs(server_minutes - expected_minutes) / 60:g}",
            )
        )

    def _check_cursor_type(self) -> None:
        """``updated_at`` must be a date-time column: the keyset compares it as one."""
        try:
            with self._engine.connect() as conn:
                sample = conn.execute(self.cursor_sample_query()).scalar()
        except DBAPIError as exc:
            raise self.translate(exc) from exc
        if sample is None:
            return
        text_allowed = self._engine.dialect.name == "sqlite"  # SQLite keeps date-times as text
        if isinstance(sample, datetime) or (text_allowed and as_datetime(sample) is not None):
            return
        raise SourceContractError(
            _(
                "The column updated_at of the view {view} returns {kind}, not a date and time "
                "(datetime2): ask the DBA to fix the view."
            ).format(view=self._view, kind=type(sample).__name__)
        )

    def scan(self, start: ScanStart) -> Scan:
        """One run's read: the bound first, then every page in one snapshot (see .scan)."""
        from anahp_desktop.source.scan import Scan

        return Scan(self, start)

    def next_run_page(self, start: ScanStart, after: Position | None, limit: int) -> Page:
        """A page of the rows a run from ``start`` reads, in its order, without its bound.

        The preview of what the next run sends (sync.pending): the same cursor, range,
        floor and keyset as :class:`.scan.Scan`, on a connection of its own and with no
        snapshot or upper bound, since nothing is sent from it.
        """
        if start.after_change is not None and self.changes is not None:
            query = self.changes_query(start.after_change, LATEST_CHANGE, after, limit, start.floor)
            return self.fetch_changes_page(None, query, limit)
        return self.fetch_page(None, self.scan_query(start, None, after, limit), limit)

    def fetch_page(self, conn: Connection | None, query: Select[Any], limit: int) -> Page:
        """Run a page query (on ``conn``, or a connection of its own) and read its rows."""
        try:
            if conn is not None:
                raw_rows = self._rows(conn, query)
            else:
                with self._engine.connect() as own:
                    raw_rows = self._rows(own, query)
        except DBAPIError as exc:  # the database's answer; anything else is this app's bug
            raise self.translate(exc) from exc
        return self._page(raw_rows, limit)

    def _rows(self, conn: Connection, query: Select[Any]) -> Sequence[Sequence[Any]]:
        """The page's rows; on SQLite the driver's own tuples.

        The view's columns are untyped (see :func:`.view_sql.view_table`): SQLAlchemy
        hands back what the driver gave, so its Row objects only add their making
        (2,000 a page: a fifth of reading one). Other drivers keep SQLAlchemy's rows
        (pyodbc's are not tuples). SQLite's text is decoded by C unless the page holds
        text that is not UTF-8 (:mod:`.sqlite_text`).
        """
        if conn.dialect.name != "sqlite":
            rows_of_sqlalchemy: Sequence[Row[Any]] = conn.execute(query).all()
            return rows_of_sqlalchemy
        try:
            with strict_text(conn.connection.driver_connection):
                return self._driver_rows(conn, query)
        except (DBAPIError, sqlite3.OperationalError) as exc:
            if not undecodable_text(exc):
                raise
        # text that is not UTF-8 in this page: read it again leniently, so those rows are
        # rejected (invalid_unicode) and the others go on (see source/sqlite_text.py)
        return self._driver_rows(conn, query)

    @staticmethod
    def _driver_rows(conn: Connection, query: Select[Any]) -> Sequence[Sequence[Any]]:
        result = conn.execute(query)
        try:
            rows: Sequence[Sequence[Any]] = result.cursor.fetchall()
        finally:
            result.close()
        return rows

    def fetch_changes_page(self, conn: Connection | None, query: Select[Any], limit: int) -> Page:
        """A page of the Change Tracking function: rows still in the view, and ids gone from it."""
        try:
            if conn is not None:
                raw_rows = conn.execute(query).all()
            else:
                with self._engine.connect() as own:
                    raw_rows = own.execute(query).all()
        except DBAPIError as exc:
            raise self.translate(exc) from exc
        rows: list[SourceRow] = []
        gone: list[str] = []
        unusable = 0
        latest: datetime | None = None
        end: Position | None = None
        for raw in raw_rows:
            change_id, change_version, values = raw[0], raw[1], raw[2:]
            if change_id is None or change_version is None:
                unusable += 1
                continue
            updated = parse_exact(values[CONTRACT_WIDTH]) if values[CONTRACT_WIDTH] else None
            end = Position(
                updated or datetime.min, change_id, None, int(change_version).to_bytes(8, "big")
            )
            if values[0] is None:
                gone.append(storage_id(change_id))
                continue
            if updated is None:
                unusable += 1
                continue
            row = SourceRow(values[0], updated, *values[2:CONTRACT_WIDTH])
            rows.append(row)
            latest = updated if latest is None or updated > latest else latest
        last = end if len(raw_rows) >= limit else None
        return Page(rows, unusable, last, end, latest, tuple(gone))

    def count(self, start: ScanStart) -> int:
        return self._scalar(self.count_query(start))

    def count_null_updated_at(self) -> int:
        return self._scalar(self.null_updated_at_query())

    def fetch_by_ids(self, ids: Sequence[str]) -> list[SourceRow]:
        """Current rows for these ids (to show an operator what a failed batch held)."""
        rows: list[SourceRow] = []
        for start in range(0, len(ids), IDS_PER_QUERY):
            try:
                with self._engine.connect() as conn:
                    query = self.by_ids_query(ids[start : start + IDS_PER_QUERY])
                    found = conn.execute(query).all()
            except DBAPIError as exc:
                raise self.translate(exc) from exc
            for raw in found:
                parsed = self._row(raw)
                if parsed is not None:
                    rows.append(parsed[0])
        return rows

    def next_watermark(
        self, old: CursorState | None, end: ScanEnd, *, oldest_open: datetime | None, cap: datetime
    ) -> CursorState | None:
        """Where the next run starts, after a complete scan (None: keep the old watermark)."""
        version_cap = None
        if self.cursor.mode is CursorMode.ROWVERSION and oldest_open is not None:
            value = self._value(self.version_cap_query(oldest_open))
            version_cap = bytes(value) if value is not None else None
        return self.cursor.advance(
            old,
            end,
            oldest_open=oldest_open,
            cap=cap,
            version_cap=version_cap,
            change_version=end.change_version,
        )

    def local_time(self, moment_utc: datetime) -> datetime:
        """A UTC moment as the view's timestamps are written (naive, in the view's zone)."""
        return to_source_local(moment_utc, self.timezone)

    def translate(self, exc: DBAPIError) -> SourceError:
        problem = db_errors.classify(exc)
        if problem is db_errors.DbProblem.WRONG_TYPE:
            return SourceContractError(
                _(
                    "A column of the view {view} does not have the type of the contract "
                    "(see docs/source-view.md)."
                ).format(view=self._view)
            )
        if problem is db_errors.DbProblem.MISSING_OBJECT:
            if self.cursor.rowversion_column:
                return SourceContractError(
                    _(
                        "The view {view} does not exist, or lacks a column of the contract or "
                        "the rowversion column {column} (see docs/sql-server.md)."
                    ).format(view=self._view, column=self.cursor.rowversion_column)
                )
            return SourceContractError(
                _(
                    "The view {view} does not exist or lacks a column of the contract "
                    "(see docs/source-view.md)."
                ).format(view=self._view)
            )
        refined = self._refine(problem)
        text = db_errors.driver_text(exc, problem)
        if text is not None:
            log.warning("cannot connect to the hospital database (%s): %s", refined.value, text)
        return SourceUnavailableError(db_errors.explain(refined, _(WHAT)), refined.value)

    _translate = translate

    def _refine(self, problem: db_errors.DbProblem) -> db_errors.DbProblem:
        """A vague network failure made precise by asking the network (see .reachability)."""
        if problem not in (db_errors.DbProblem.UNREACHABLE, db_errors.DbProblem.TIMEOUT):
            return problem
        if self._engine.dialect.name != "mssql":
            return problem
        address = reachability.address_of(self._engine.url)
        if address is None:
            return problem
        return reachability.diagnose(address) or problem  # the name other modules knew

    # -- helpers --------------------------------------------------------------------------

    def _floor(self, start: ScanStart) -> list[ColumnElement[bool]]:
        """``updated_at > floor``: what the previous service delivered is never read again."""
        if start.floor is None:
            return []
        return [self.sql.updated_at > self.sql.time("floor", start.floor)]

    def _exact_columns(self) -> list[ColumnElement[Any]]:
        return [self.sql.exact_updated_at()] if self.sql.exact else []

    def _version_columns(self) -> list[ColumnElement[Any]]:
        return [self.sql.version] if self.sql.version is not None else []

    def _page(self, raw_rows: Sequence[Sequence[Any]], limit: int) -> Page:
        """The usable rows, and where the page ends (one Position a page, not one a row)."""
        rows: list[SourceRow] = []
        unusable = 0
        last_raw: Sequence[Any] | None = None
        latest: datetime | None = None
        for raw in raw_rows:
            row = self._source_row(raw)
            if row is None:
                unusable += 1
                continue
            rows.append(row)
            last_raw = raw
            if latest is None or row.updated_at > latest:
                latest = row.updated_at
        end = self._position(last_raw, rows[-1]) if last_raw is not None else None
        last: Position | None = None
        if len(raw_rows) >= limit:
            if end is None:
                raise SourceContractError(
                    _(
                        "The columns id and updated_at of the view {view} hold no usable keys."
                    ).format(view=self._view)
                )
            last = end
        return Page(rows, unusable, last, end, latest)

    def _row(self, raw: Row[Any]) -> tuple[SourceRow, Position] | None:
        row = self._source_row(raw)
        return None if row is None else (row, self._position(raw, row))

    def _source_row(self, raw: Sequence[Any]) -> SourceRow | None:
        """The row as the contract has it, or None when its id or updated_at is unusable."""
        if self.sql.exact:
            exact = raw[CONTRACT_WIDTH]
            updated = parse_exact(exact) if exact is not None else None
        else:
            updated = as_datetime(raw[1])
        if updated is None or raw[0] is None:
            return None
        # the tuple made directly: NamedTuple's own __new__ takes 12 keyword-able arguments
        return _new_row(SourceRow, (raw[0], updated, *raw[2:CONTRACT_WIDTH]))

    def _position(self, raw: Sequence[Any], row: SourceRow) -> Position:
        extra = tuple(raw[CONTRACT_WIDTH:])
        exact: str | None = None
        if self.sql.exact:
            exact = extra[0]
            extra = extra[1:]
        version = bytes(extra[0]) if extra and extra[0] is not None else None
        return Position(row.updated_at, row.id, exact, version)

    def _scalar(self, query: Select[Any]) -> int:
        return int(self._value(query) or 0)

    def _value(self, query: Select[Any]) -> Any:
        try:
            with self._engine.connect() as conn:
                return conn.execute(query).scalar()
        except DBAPIError as exc:
            raise self.translate(exc) from exc


def _past(start: ScanStart, after: Position | None) -> ScanStart:
    """The run's lower bounds, left out once a page position implies them.

    Every row after ``after`` in keyset order is at or after the position's row, which
    was at or above the run's lower bound (watermark minus lookback, last rowversion)
    and above the migration floor. With both bounds in the query the database seeks
    its index on the run's bound and walks every row from there to the position for
    each page (SQLite: 3 ms a page at the start of a 1M view, 64 ms at its end): a
    run from a watermark read quadratically. The keyset alone seeks to the position.
    """
    if after is None:
        return start
    return replace(start, lower=None, after_version=None, floor=None)


def _offset_text(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"
