"""One run's read of the view: one bound, then every page from one consistent view.

On SQL Server a scan holds one connection for the whole run:

1. It reads the bound -- ``SYSUTCDATETIME()`` and, for the rowversion
   cursor, ``MIN_ACTIVE_ROWVERSION()`` -- and commits, *before* any row.
   Every row below that rowversion had committed by then, so any snapshot
   taken afterwards contains it. (Reading the bound inside a snapshot that
   already started could name rows the snapshot cannot see, and the run would
   move past them for good.)
2. With ``source.snapshot_isolation`` on, and when the database allows it
   (``ALLOW_SNAPSHOT_ISOLATION ON``), it sets SNAPSHOT isolation; otherwise it
   stays in READ COMMITTED and says so once.
3. It reads each page in a transaction of its own, committed before the page
   is handed on, so no snapshot stays open while batches are sent; a page that
   SQL Server ends with 1205, 3960 or 3961 is read once more.

In SNAPSHOT each page is a consistent view of the data, and the reads neither
wait for the hospital's write locks nor hold locks of their own; the bound read
first keeps every page within the same limits. (Change Tracking reads its
versions inside the first page's snapshot instead: see ``_open_changes``.) Other databases read each
page on a connection of its own, as before.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from anahp_desktop.config.settings import CursorMode
from anahp_desktop.db_errors import TRANSIENT_PROBLEMS, DbProblem
from anahp_desktop.errors import SourceContractError, SourceUnavailableError
from anahp_desktop.source import change_tracking
from anahp_desktop.source.scan_state import Position, ScanBound, ScanEnd, ScanStart
from anahp_desktop.translation import _

if TYPE_CHECKING:
    from anahp_desktop.source.view_reader import Page, ViewReader

SNAPSHOT_ALLOWED = 1  # sys.databases.snapshot_isolation_state
log = logging.getLogger(__name__)


class Scan:
    """Use as a context manager; ``bound``, ``notices`` and ``end`` are for the run."""

    def __init__(self, reader: ViewReader, start: ScanStart) -> None:
        self._reader = reader
        self.start = start
        self.bound = ScanBound()
        self.notices: list[str] = []
        self.end = ScanEnd()
        self.snapshot = False
        self._conn: Connection | None = None

    @property
    def source_now(self) -> datetime | None:
        """The database's clock in the view's time zone (None: not a SQL Server)."""
        if self.bound.now_utc is None:
            return None
        return self._reader.local_time(self.bound.now_utc)

    def __enter__(self) -> Scan:
        if not self._reader.sql.exact:
            return self
        try:
            self._open()
        except DBAPIError as exc:
            self._close(success=False)
            raise self._reader.translate(exc) from exc
        except BaseException:
            self._close(success=False)
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._close(success=exc_type is None)

    def pages(self) -> Iterator[Page]:
        """Every page of the run; ``end.complete`` once the last one came back short."""
        reader = self._reader
        after: Position | None = None
        changes = self.reads_changes
        while True:
            page = self._read_page(after, changes)
            self._end_transaction()  # no snapshot stays open while the batches are sent
            if page.end is not None:
                self.end.saw(page.end, len(page.rows), page.max_updated_at)
            if page.rows or page.unusable_updated_at or page.gone:
                yield page
            if page.last is None:
                self.end.complete = True
                return
            if page.last == after:
                raise SourceContractError(
                    _(
                        "The view {view} returned the same rows again after id {id}: its "
                        "keys (id, updated_at) are not unique or not stable."
                    ).format(view=reader.view, id=after.id if after else "")
                )
            after = page.last

    def _read_page(self, after: Position | None, changes: bool) -> Page:
        """One page; read again once when SQL Server chose it to give way (1205, 3960, 3961)."""
        for attempt in (1, 2):
            try:
                return self._fetch(after, changes)
            except SourceUnavailableError as exc:
                if attempt == 2 or DbProblem(exc.problem) not in TRANSIENT_PROBLEMS:
                    raise
                log.warning("page read again after %s: %s", exc.problem, exc.message)
                self._rollback()
        raise AssertionError("unreachable")

    def _fetch(self, after: Position | None, changes: bool) -> Page:
        reader = self._reader
        if changes:
            assert self.start.after_change is not None
            assert self.bound.change_version is not None
            query = reader.changes_query(
                self.start.after_change,
                self.bound.change_version,
                after,
                floor=self.start.floor,
            )
            return reader.fetch_changes_page(self._conn, query, reader.page_size)
        query = reader.scan_query(self.start, self.bound, after)
        return reader.fetch_page(self._conn, query, reader.page_size)

    def _end_transaction(self) -> None:
        """Commit the page's read: the next page opens a new snapshot (same isolation level).

        A SNAPSHOT transaction left open while the run sends batches (minutes on a
        backfill or a slow SINHA) pins SQL Server's instance-wide version store in
        tempdb, and an index rebuild meanwhile ends it with error 3961. Every page is
        bounded by what was read at the start (the rowversion or Change Tracking bound,
        the keyset position), so reading each page in a snapshot of its own misses
        nothing: a row changed meanwhile comes back later with its new version.
        """
        conn = self._conn
        if conn is None or not conn.in_transaction():
            return
        try:
            conn.commit()
        except DBAPIError as exc:
            raise self._reader.translate(exc) from exc

    def _rollback(self) -> None:
        conn = self._conn
        if conn is not None and conn.in_transaction():
            conn.rollback()

    @property
    def reads_changes(self) -> bool:
        """Change Tracking with a valid version: only the changes since it are read."""
        if self._reader.cursor.mode is not CursorMode.CHANGE_TRACKING:
            return False
        return not change_tracking.needs_full_read(self.start, self.bound)

    def _open(self) -> None:
        if self._reader.cursor.mode is CursorMode.CHANGE_TRACKING:
            self._open_changes()
            return
        reader = self._reader
        conn = reader.engine.connect()
        self._conn = conn
        allowed = self._snapshot_allowed(conn)
        row = conn.execute(reader.bound_query()).one()
        self.bound = _bound(row, reader.cursor.mode)
        self._check_stall(conn)
        conn.commit()  # the bound is taken before the snapshot the rows come from
        if allowed:
            conn = conn.execution_options(isolation_level="SNAPSHOT")
            self.snapshot = True
        conn.begin()

    def _check_stall(self, conn: Connection) -> None:
        """The rowversion bound has not moved since the last run while newer rows wait.

        MIN_ACTIVE_ROWVERSION() is database-wide: one transaction left open anywhere in the
        database (a forgotten SSMS window, a stuck job) holds it, and the cursor with it,
        for as long as it stays open. Say so, and where to look.
        """
        upper, after = self.bound.upper_version, self.start.after_version
        if upper is None or after is None:
            return
        if int.from_bytes(upper, "big") > int.from_bytes(after, "big") + 1:
            return  # the bound moved past the watermark: there is something to read
        waiting = int(conn.execute(self._reader.newer_rows_query(upper)).scalar() or 0)
        if not waiting:
            return
        self.notices.append(
            _(
                "The rowversion cursor cannot move: a transaction open in the database since "
                "before the last run holds MIN_ACTIVE_ROWVERSION() back, and {n} newer row(s) "
                "wait. Ask the DBA to look for it in sys.dm_tran_active_transactions and "
                "sys.dm_exec_sessions (open_transaction_count > 0), or use the change_tracking "
                "cursor."
            ).format(n=waiting)
        )

    def _open_changes(self) -> None:
        """The versions are read INSIDE the snapshot the changes come from (Microsoft's pattern).

        Without SNAPSHOT the pages still stop at the current version read first, so a
        change committed meanwhile is left for the next run, never half read.
        """
        reader = self._reader
        conn = reader.engine.connect()
        self._conn = conn
        allowed = self._snapshot_allowed(conn)
        conn.commit()
        if allowed:
            conn = conn.execution_options(isolation_level="SNAPSHOT")
            self.snapshot = True
        conn.begin()
        row = conn.execute(reader.bound_query()).one()
        now = row[0] if isinstance(row[0], datetime) else None
        if row[1] is None:
            raise SourceContractError(
                _(
                    "Change Tracking is not enabled in this database: ask the DBA for "
                    "sql/mssql/change_tracking.sql, or set source.cursor to timestamp."
                )
            )
        self.bound = ScanBound(
            now_utc=now,
            change_version=int(row[1]),
            min_valid_version=int(row[2]) if row[2] is not None else None,
        )
        self.end.change_version = self.bound.change_version
        if change_tracking.retention_missed(self.start, self.bound):
            self.notices.append(
                _(
                    "SQL Server no longer keeps the changes since the last run (the Change "
                    "Tracking retention period was exceeded): the whole view was read again; "
                    "records already sent were skipped. Ask the DBA for a longer retention if "
                    "the app is often off for that long."
                )
            )

    def _snapshot_allowed(self, conn: Connection) -> bool:
        reader = self._reader
        if not reader.snapshot:
            return False
        allowed = conn.execute(reader.snapshot_state_query()).scalar() == SNAPSHOT_ALLOWED
        if not allowed:
            self.notices.append(
                _(
                    "source.snapshot_isolation is on but the database does not allow "
                    "SNAPSHOT transactions: the view was read in READ COMMITTED. Ask the "
                    "DBA for sql/mssql/snapshot_isolation.sql."
                )
            )
        return allowed

    def _close(self, *, success: bool) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            if success and conn.in_transaction():
                conn.commit()
        except DBAPIError as exc:
            raise self._reader.translate(exc) from exc
        finally:
            conn.close()  # rolls back what is left and resets the isolation level


def _bound(row: Any, mode: CursorMode) -> ScanBound:
    upper = None
    if mode is CursorMode.ROWVERSION:
        if row[1] is None:
            raise SourceContractError(_("SQL Server returned no MIN_ACTIVE_ROWVERSION()."))
        upper = bytes(row[1])
    now = row[0] if isinstance(row[0], datetime) else None
    return ScanBound(now_utc=now, upper_version=upper)
