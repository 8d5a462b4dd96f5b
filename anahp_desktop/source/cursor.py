"""How a run remembers how far it has read the view: the two cursor strategies.

``timestamp`` (the default, every database): read from the watermark minus a
lookback window in ``(updated_at, id)`` order. ``updated_at`` alone misses a
row whose transaction commits *after* a row with a later ``updated_at`` was
read (the application stamped the time at the start of a long transaction):
the lookback re-reads the recent past on every run and skips what was already
handled, which closes the gap for transactions shorter than the window.

``rowversion`` (SQL Server only): SQL Server gives every inserted or updated
row a new, increasing ``rowversion``. A run reads ``rowversion`` values above
the last one read and strictly below ``MIN_ACTIVE_ROWVERSION()`` taken before
the first row: everything below that bound had committed, so no late commit
can ever land behind the watermark, whatever the transaction's length, and
no lookback is needed. ``updated_at`` stays the version sent to SINHA.

``change_tracking`` (SQL Server only): see :mod:`.change_tracking`.

Each strategy builds its part of the page query and decides the next
watermark; the run asks the reader, which asks the strategy.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement

from anahp_desktop.config.settings import CursorMode
from anahp_desktop.domain.values import CursorState
from anahp_desktop.source.change_tracking import ChangeTrackingCursor
from anahp_desktop.source.contract import storage_id
from anahp_desktop.source.scan_state import (
    Position,
    ScanBound,
    ScanEnd,
    ScanStart,
    version_before,
    version_bytes,
    version_text,
)
from anahp_desktop.source.view_sql import ViewSql


class TimestampCursor:
    mode = CursorMode.TIMESTAMP
    rowversion_column: str | None = None

    def start(self, state: CursorState | None, lookback: timedelta) -> ScanStart:
        if state is None or state.updated_at is None:
            return ScanStart()
        return ScanStart(lower=state.updated_at - lookback)

    def range(
        self, sql: ViewSql, start: ScanStart, bound: ScanBound | None
    ) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = [sql.updated_at.is_not(None)]
        if start.lower is not None:
            conditions.append(sql.updated_at >= sql.time("lower", start.lower))
        return conditions

    def order_by(self, sql: ViewSql) -> list[ColumnElement[Any]]:
        return [sql.updated_at, sql.id]

    def after(self, sql: ViewSql, position: Position) -> ColumnElement[bool]:
        return sql.after(position)

    def advance(
        self,
        old: CursorState | None,
        end: ScanEnd,
        *,
        oldest_open: datetime | None,
        cap: datetime,
        version_cap: bytes | None = None,
        change_version: int | None = None,
    ) -> CursorState | None:
        """The next watermark, or None to keep the old one."""
        candidate = _capped_time(end, oldest_open, cap)
        if end.last is None or candidate is None:
            return None
        if old is not None and old.updated_at is not None and candidate <= old.updated_at:
            return None
        return CursorState(candidate, storage_id(end.last.id), None)


class RowversionCursor:
    mode = CursorMode.ROWVERSION

    def __init__(self, column: str) -> None:
        self.rowversion_column = column

    def start(self, state: CursorState | None, lookback: timedelta) -> ScanStart:
        if state is None or not state.cursor_value:
            return ScanStart()  # first run in this mode: read everything once
        return ScanStart(after_version=version_bytes(state.cursor_value))

    def range(
        self, sql: ViewSql, start: ScanStart, bound: ScanBound | None
    ) -> list[ColumnElement[bool]]:
        assert sql.version is not None
        conditions: list[ColumnElement[bool]] = [sql.updated_at.is_not(None)]
        if start.after_version is not None:
            conditions.append(sql.version > sql.version_value("lower", start.after_version))
        if bound is not None and bound.upper_version is not None:
            conditions.append(sql.version < sql.version_value("upper", bound.upper_version))
        return conditions

    def order_by(self, sql: ViewSql) -> list[ColumnElement[Any]]:
        assert sql.version is not None
        return [sql.version, sql.id]

    def after(self, sql: ViewSql, position: Position) -> ColumnElement[bool]:
        return sql.after_version(position)

    def advance(
        self,
        old: CursorState | None,
        end: ScanEnd,
        *,
        oldest_open: datetime | None,
        cap: datetime,
        version_cap: bytes | None = None,
        change_version: int | None = None,
    ) -> CursorState | None:
        """Move to the last rowversion read, but below any row an open batch may still hold.

        ``version_cap`` is the lowest rowversion among rows with ``updated_at`` at or
        after the oldest open batch: the watermark stays below it so those rows are
        read again (and skipped while their batch holds them), as the timestamp
        cursor does.
        """
        if end.last is None or end.last.version is None:
            return None
        version: bytes | None = end.last.version
        if version_cap is not None and version is not None and version >= version_cap:
            version = version_before(version_cap)
        old_version = version_bytes(old.cursor_value) if old and old.cursor_value else None
        if version is None or (old_version is not None and version <= old_version):
            return None
        moment = _capped_time(end, oldest_open, cap)
        if old is not None and old.updated_at is not None:
            moment = old.updated_at if moment is None else max(moment, old.updated_at)
        return CursorState(moment, storage_id(end.last.id), version_text(version))


ViewCursor = TimestampCursor | RowversionCursor | ChangeTrackingCursor


def cursor_for(
    mode: CursorMode, rowversion_column: str, changes_function: str = "dbo.sinha_export_changes"
) -> ViewCursor:
    if mode is CursorMode.ROWVERSION:
        return RowversionCursor(rowversion_column)
    if mode is CursorMode.CHANGE_TRACKING:
        return ChangeTrackingCursor(changes_function)
    return TimestampCursor()


def run_start(cursor: ViewCursor, state: CursorState | None, lookback: timedelta) -> ScanStart:
    """Where the next run reads from: the cursor's own start, above the migration floor."""
    start = cursor.start(state, lookback)
    if state is None or state.floor is None:
        return start
    return replace(start, floor=state.floor)


def _capped_time(end: ScanEnd, oldest_open: datetime | None, cap: datetime) -> datetime | None:
    """The newest ``updated_at`` read, held below open batches and the clock."""
    if end.max_updated_at is None:
        return None
    candidate = end.max_updated_at
    if oldest_open is not None:
        candidate = min(candidate, oldest_open)
    return min(candidate, cap)
