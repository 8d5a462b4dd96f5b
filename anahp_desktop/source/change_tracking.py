"""The Change Tracking cursor (``source.cursor = "change_tracking"``, SQL Server only).

SQL Server's Change Tracking records, for each tracked table, which primary
keys changed in which committed transaction, numbered in commit order
(``CHANGE_TRACKING_CURRENT_VERSION()``). It runs on every edition, Express
included, needs no SQL Server Agent and adds no column, trigger or index to
the hospital system's tables. The DBA enables it and exposes an inline
function over ``CHANGETABLE(CHANGES ...)`` joined to the view
(``sql/mssql/change_tracking.sql``)::

    dbo.sinha_export_changes(@since BIGINT)
        -> change_id, change_version, then the view's columns (NULL when the record
           left the view: deleted, or its discharge undone)
    dbo.sinha_export_changes_min_valid()
        -> min_valid_version: the oldest version whose changes are still kept

A run reads the current version and the oldest valid one in its first page's
transaction (SNAPSHOT when the database allows it), then either

* the changes since the watermark's version, up to the current version, in
  ``(change_version, change_id)`` keyset order; or
* when there is no version yet, or the changes since it were already cleaned
  up (the retention window was missed), the whole view again in
  ``(updated_at, id)`` order: versions already delivered or rejected are
  skipped as always, so nothing is sent twice.

The watermark then holds the current version read at the start. Versions
never depend on clocks and arrive in commit order: no late commit can land
behind the watermark, and one open transaction does not hold the others back.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Select,
    and_,
    bindparam,
    cast,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.sql.expression import TableValuedAlias

from anahp_desktop.config.settings import CursorMode
from anahp_desktop.domain.values import CursorState
from anahp_desktop.source.contract import COLUMN_NAMES, storage_id
from anahp_desktop.source.scan_state import (
    Position,
    ScanBound,
    ScanEnd,
    ScanStart,
)
from anahp_desktop.source.view_sql import EXACT_LENGTH, ODBC_CANONICAL, ViewSql, datetime2

CHANGE_ID = "change_id"
CHANGE_VERSION = "change_version"
MIN_VALID_SUFFIX = "_min_valid"
#: what ``sinha_watermark.cursor_value`` holds for this cursor: "ct:" and the version
VALUE_PREFIX = "ct:"


def version_value(version: int) -> str:
    return f"{VALUE_PREFIX}{version}"


def parse_version(text: str | None) -> int | None:
    """The Change Tracking version in a watermark (None: another cursor's value, or none)."""
    if not text or not text.startswith(VALUE_PREFIX):
        return None
    digits = text[len(VALUE_PREFIX) :]
    return int(digits) if digits.isdigit() else None


class ChangeTrackingCursor:
    """Full reads use the timestamp order; change reads use ``(change_version, change_id)``."""

    mode = CursorMode.CHANGE_TRACKING
    rowversion_column: str | None = None

    def __init__(self, function: str) -> None:
        self.function = function

    def start(self, state: CursorState | None, lookback: timedelta) -> ScanStart:
        version = parse_version(state.cursor_value) if state is not None else None
        return ScanStart(after_change=version)

    def range(
        self, sql: ViewSql, start: ScanStart, bound: ScanBound | None
    ) -> list[ColumnElement[bool]]:
        """The full read: every row with an updated_at (handled versions are skipped later)."""
        return [sql.updated_at.is_not(None)]

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
        """The version read at the start of the run, once nothing of it is left unsent.

        While a batch is open (failed, or waiting for an operator after a 409), the
        version stays where it was: the next run reads those changes again and skips
        what is stored, as the other cursors hold their watermark below open batches.
        """
        if change_version is None or oldest_open is not None:
            return None
        if old is not None and parse_version(old.cursor_value) == change_version:
            return None
        moment = end.max_updated_at if end.max_updated_at is None else min(end.max_updated_at, cap)
        if old is not None and old.updated_at is not None:
            moment = old.updated_at if moment is None else max(moment, old.updated_at)
        record = storage_id(end.last.id) if end.last is not None else None
        return CursorState(moment, record, version_value(change_version))


class ChangesSql:
    """The Change Tracking function's queries, exact on SQL Server like the view's."""

    def __init__(self, function: str, view_sql: ViewSql) -> None:
        schema, _dot, name = function.rpartition(".")
        self.function = function
        self._schema = schema or None
        self._name = name
        self._view_sql = view_sql

    def changes(self, since: int) -> TableValuedAlias:
        columns = (CHANGE_ID, CHANGE_VERSION, *COLUMN_NAMES)
        call = self._function(self._name)(bindparam("since", since, type_=BigInteger()))
        alias: TableValuedAlias = call.table_valued(*columns).alias("changes")
        return alias

    def page_query(
        self,
        since: int,
        upper: int,
        after: Position | None,
        limit: int,
        floor: datetime | None = None,
    ) -> Select[Any]:
        """One page of changes in ``(change_version, change_id)`` order, up to ``upper``.

        ``floor``: versions the replaced service delivered (migrate-from-service) are not
        read even when Change Tracking reports their row; a row gone from the view is.
        """
        changes = self.changes(since)
        version = changes.c[CHANGE_VERSION]
        change_id = changes.c[CHANGE_ID]
        conditions: list[ColumnElement[bool]] = [
            version <= bindparam("upper_change", upper, type_=BigInteger())
        ]
        if floor is not None:
            above = changes.c.updated_at > self._view_sql.time("floor", floor)
            conditions.append(or_(above, changes.c.id.is_(None)))
        if after is not None and after.version is not None:
            at = bindparam("after_change", int.from_bytes(after.version, "big"), type_=BigInteger())
            row_id = self._view_sql.record_id("after_change_id", after.id)
            conditions.append(
                and_(version >= at, or_(version > at, and_(version == at, change_id > row_id)))
            )
        exact = _exact_text(changes.c.updated_at)
        return (
            select(
                change_id,
                version,
                *(changes.c[name] for name in COLUMN_NAMES),
                exact,
            )
            .where(*conditions)
            .order_by(version, change_id)
            .limit(limit)
        )

    def bound_query(self) -> Select[Any]:
        """SQL Server's clock, the current version and the oldest one still kept."""
        kept = self._function(self._name + MIN_VALID_SUFFIX)().table_valued("min_valid_version")
        return select(
            func.SYSUTCDATETIME().label("now_utc"),
            func.CHANGE_TRACKING_CURRENT_VERSION().label("current_version"),
            kept.c.min_valid_version,
        ).select_from(kept)

    def _function(self, name: str) -> Any:
        return getattr(getattr(func, self._schema), name) if self._schema else getattr(func, name)


def _exact_text(updated_at: ColumnElement[Any]) -> ColumnElement[Any]:
    """``CONVERT(VARCHAR(27), CAST(updated_at AS DATETIME2(7)), 121)``, as the view's pages."""
    as_datetime2 = cast(updated_at, datetime2(7))
    return func.convert(
        literal_column(f"VARCHAR({EXACT_LENGTH})"), as_datetime2, ODBC_CANONICAL
    ).label("updated_at_exact")


def needs_full_read(start: ScanStart, bound: ScanBound) -> bool:
    """No version yet, or the changes since it were already cleaned up (retention missed)."""
    if start.after_change is None:
        return True
    if bound.min_valid_version is None:
        return True  # the table is no longer tracked: CHANGETABLE would fail or lie
    return start.after_change < bound.min_valid_version


def retention_missed(start: ScanStart, bound: ScanBound) -> bool:
    return start.after_change is not None and needs_full_read(start, bound)
