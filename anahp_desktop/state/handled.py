"""The one store question a sync run asks at its end: record versions already handled.

Apart from :mod:`anahp_desktop.state.queries` (the desktop app's and ``status``'s
questions, which re-exports these): that module builds a dozen row classes at import,
and a sync started from nothing needs none of them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from anahp_desktop.domain.statuses import HOLDING_RECORDS, BatchStatus
from anahp_desktop.state.schema import batch_records, batches, rejections
from anahp_desktop.state.store import StateStore

#: batches that gave their records away (to two halves, or to the batch without the rejects)
GAVE_RECORDS_AWAY: tuple[BatchStatus, ...] = tuple(
    status for status in BatchStatus if status not in HOLDING_RECORDS
)


def handled_since(store: StateStore, lower: datetime | None) -> int:
    """Record versions at or after ``lower`` already in a live batch or rejected.

    Every run's summary asks this at its end (the lookback window: a few records). Counted
    as "records in a batch holding them", SQLite's planner walked every delivered batch and
    every record key ever stored (status = 'delivered' looks selective to it): ~25 ms at
    100,000 records, growing with the store forever. Every record key belongs to exactly one
    batch (a foreign key) whose status either holds its records or gave them away, so the
    same count is all keys from ``lower`` on (a covering index range) less the keys of the
    few batches that gave theirs away (found through the status index).
    """
    keys = select(func.count()).select_from(batch_records)
    given_away = (
        select(func.count())
        .select_from(batch_records.join(batches, batches.c.id_lote == batch_records.c.id_lote))
        .where(batches.c.status.in_(GAVE_RECORDS_AWAY))
    )
    rejected = select(func.count()).select_from(rejections)
    if lower is not None:
        keys = keys.where(batch_records.c.updated_at >= lower)
        given_away = given_away.where(batch_records.c.updated_at >= lower)
        rejected = rejected.where(rejections.c.updated_at >= lower)
    with store.reading() as conn:
        in_batches = int(conn.execute(keys).scalar_one()) - int(
            conn.execute(given_away).scalar_one()
        )
        return in_batches + int(conn.execute(rejected).scalar_one())
