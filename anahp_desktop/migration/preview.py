"""What the first sync after the migration will send: counts per CNES and the time range.

Computed by the database (one grouped count over the view's ``(updated_at, id)``
index), so the dry run is quick however long the service has been stopped.
Records the checks reject are counted here too: the first sync stores them
as rejected, with their reasons, instead of sending them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.exc import DBAPIError

from anahp_desktop.source.contract import as_datetime
from anahp_desktop.source.view_reader import ViewReader
from anahp_desktop.source.view_sql import ViewSql


@dataclass(frozen=True)
class CnesCount:
    cnes: str
    records: int
    first: datetime
    last: datetime


@dataclass(frozen=True)
class FirstSyncPreview:
    """``start`` is in the view's time: versions changed after it are sent, none before."""

    start: datetime
    per_cnes: tuple[CnesCount, ...]
    delivered_before: int  # versions at or before ``start``: the old service's
    without_updated_at: int

    @property
    def total(self) -> int:
        return sum(count.records for count in self.per_cnes)

    @property
    def first(self) -> datetime | None:
        return min((count.first for count in self.per_cnes), default=None)

    @property
    def last(self) -> datetime | None:
        return max((count.last for count in self.per_cnes), default=None)


def per_cnes_query(sql: ViewSql, start: datetime) -> Select[Any]:
    cnes = sql.table.c.cnes
    return (
        select(cnes, func.count(), func.min(sql.updated_at), func.max(sql.updated_at))
        .where(sql.updated_at > sql.time("start", start))
        .group_by(cnes)
    )


def delivered_query(sql: ViewSql, start: datetime) -> Select[Any]:
    return (
        select(func.count())
        .select_from(sql.table)
        .where(sql.updated_at <= sql.time("start", start))
    )


def first_sync_preview(reader: ViewReader, start: datetime) -> FirstSyncPreview:
    """Read the counts; database errors leave as the reader's SourceError sentences."""
    try:
        with reader.engine.connect() as conn:
            groups = conn.execute(per_cnes_query(reader.sql, start)).all()
            delivered = int(conn.execute(delivered_query(reader.sql, start)).scalar_one())
    except DBAPIError as exc:
        raise reader.translate(exc) from exc
    return FirstSyncPreview(
        start=start,
        per_cnes=_merge(groups),
        delivered_before=delivered,
        without_updated_at=reader.count_null_updated_at(),
    )


def _merge(groups: Sequence[Any]) -> tuple[CnesCount, ...]:
    """One line per CNES as the app sends it (trimmed text; a view may pad or use numbers)."""
    merged: dict[str, CnesCount] = {}
    for raw_cnes, records, first_raw, last_raw in groups:
        first, last = as_datetime(first_raw), as_datetime(last_raw)
        if first is None or last is None:
            continue
        cnes = "" if raw_cnes is None else str(raw_cnes).strip()
        known = merged.get(cnes)
        if known is not None:
            first, last = min(first, known.first), max(last, known.last)
            records += known.records
        merged[cnes] = CnesCount(cnes, int(records), first, last)
    return tuple(merged[key] for key in sorted(merged))
