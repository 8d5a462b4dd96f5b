"""Read-only questions the CLI and the desktop app ask the state store.

Filtering and paging happen in the database (keyset on ``(started_at, id)``,
newest first, on indexed columns) so a log of a million rows stays fast, and
rows that arrive while someone browses do not shift the page under them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select

from anahp_desktop.domain.categories import ErrorCategory
from anahp_desktop.domain.clock import optional_utc_text
from anahp_desktop.domain.statuses import (
    FAILED_ATTEMPTS,
    OPEN_BATCHES,
    AttemptStatus,
    BatchStatus,
    RunStatus,
    Trigger,
    known,
)
from anahp_desktop.state.handled import GAVE_RECORDS_AWAY as GAVE_RECORDS_AWAY
from anahp_desktop.state.handled import handled_since as handled_since
from anahp_desktop.state.schema import batches, operations_log, rejections, runs
from anahp_desktop.state.store import IDS_PER_QUERY, StateStore


@dataclass(frozen=True)
class LogFilter:
    """What the operator asked to see; every part optional. Times are UTC."""

    statuses: tuple[AttemptStatus, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    text: str = ""
    id_lote: str = ""
    #: only attempts not resolved: failures whose batch still waits (see LogRow.resolved)
    unresolved: bool = False


@dataclass(frozen=True)
class LogRow:
    id: int
    run_id: str
    id_lote: str | None
    cnes: str | None
    status: AttemptStatus
    trigger: Trigger
    started_at: datetime
    finished_at: datetime | None
    records_sent: int
    records_rejected: int
    attempt: int
    http_status: int | None
    error_category: ErrorCategory | None
    error_message: str | None
    app_version: str
    operator: str
    #: the batch's status now (filled for the window: an attempt whose batch was delivered
    #: later is resolved); not a column of the log
    batch_status: BatchStatus | None = None

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> LogRow:
        values = list(row)
        values[4] = AttemptStatus(values[4])
        values[5] = Trigger(values[5])
        values[12] = known(ErrorCategory, values[12])
        return cls(*values)

    @property
    def resolved(self) -> bool:
        """A failed attempt whose batch needs nothing more (delivered later, or replaced)."""
        return (
            self.status in FAILED_ATTEMPTS
            and self.batch_status is not None
            and not self.batch_status.is_open
        )

    def as_dict(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        for name in ("started_at", "finished_at"):
            data[name] = optional_utc_text(data[name])
        return data


@dataclass(frozen=True)
class RunRow:
    run_id: str
    trigger: Trigger
    status: RunStatus
    started_at: datetime
    finished_at: datetime | None
    delivered: int
    rejected: int
    pending: int
    batches: int
    failures: int
    null_updated_at: int
    future_rows: int
    message: str | None

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> RunRow:
        run_id, trigger, status, *rest = row
        return cls(run_id, Trigger(trigger), RunStatus(status), *rest)


LOG_COLUMNS = tuple(
    operations_log.c[name] for name in LogRow.__dataclass_fields__ if name != "batch_status"
)
RUN_COLUMNS = tuple(runs.c[name] for name in RunRow.__dataclass_fields__)


def escape_like(text: str) -> str:
    """``text`` for ``LIKE ... ESCAPE '\\'``; ``[`` too, a character class on SQL Server."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").replace("[", "\\[")


def log_query(
    flt: LogFilter,
    *,
    limit: int,
    before: tuple[datetime, int] | None = None,
    newest_first: bool = True,
) -> Select[Any]:
    """The log rows matching ``flt``, strictly older than ``before`` (keyset paging)."""
    log = operations_log.c
    query = select(*LOG_COLUMNS).where(*log_conditions(flt))
    if before is not None:
        started, row_id = before
        query = query.where(
            or_(log.started_at < started, and_(log.started_at == started, log.id < row_id))
        )
    order = (log.started_at.desc(), log.id.desc()) if newest_first else (log.started_at, log.id)
    return query.order_by(*order).limit(limit)


def log_conditions(flt: LogFilter) -> list[Any]:
    log = operations_log.c
    conditions: list[Any] = []
    if flt.statuses:
        conditions.append(log.status.in_(list(flt.statuses)))
    if flt.triggers:
        conditions.append(log.trigger.in_(list(flt.triggers)))
    if flt.since is not None:
        conditions.append(log.started_at >= flt.since)
    if flt.until is not None:
        conditions.append(log.started_at < flt.until)
    if flt.id_lote:
        conditions.append(log.id_lote == flt.id_lote)
    if flt.unresolved:
        conditions.append(unresolved_condition())
    if flt.text.strip():
        pattern = f"%{escape_like(flt.text.strip())}%"
        conditions.append(
            or_(
                log.id_lote.like(pattern, escape="\\"), log.error_message.like(pattern, escape="\\")
            )
        )
    return conditions


def unresolved_condition() -> Any:
    """A failed attempt whose batch still waits: the rows :attr:`LogRow.resolved` is False for.

    Decided in the database (a correlated NOT EXISTS on the batch's primary
    key), so paging, counting and export see the same rows.
    """
    log = operations_log.c
    closed = (
        select(batches.c.id_lote)
        .where(batches.c.id_lote == log.id_lote)
        .where(batches.c.status.not_in(OPEN_BATCHES))
    )
    return and_(log.status.in_(FAILED_ATTEMPTS), ~closed.exists())


def log_rows(
    store: StateStore,
    flt: LogFilter,
    *,
    limit: int = 100,
    before: tuple[datetime, int] | None = None,
) -> list[LogRow]:
    with store.reading() as conn:
        return [
            LogRow.from_row(row) for row in conn.execute(log_query(flt, limit=limit, before=before))
        ]


def count_log_rows(store: StateStore, flt: LogFilter) -> int:
    query = select(func.count()).select_from(operations_log).where(*log_conditions(flt))
    with store.reading() as conn:
        return int(conn.execute(query).scalar_one())


def last_run(store: StateStore, *, successful: bool = False) -> RunRow | None:
    query = select(*RUN_COLUMNS).where(runs.c.status != RunStatus.RUNNING)
    if successful:
        query = query.where(runs.c.status == RunStatus.SUCCESS)
    query = query.order_by(runs.c.started_at.desc()).limit(1)
    with store.reading() as conn:
        row = conn.execute(query).first()
    return RunRow.from_row(row) if row else None


def newest_unfinished_run(store: StateStore) -> RunRow | None:
    """The newest run still marked "running": alive, or killed before it could say so."""
    query = (
        select(*RUN_COLUMNS)
        .where(runs.c.status == RunStatus.RUNNING)
        .order_by(runs.c.started_at.desc())
        .limit(1)
    )
    with store.reading() as conn:
        row = conn.execute(query).first()
    return RunRow.from_row(row) if row else None


def run_status(store: StateStore, run_id: str) -> RunStatus | None:
    with store.reading() as conn:
        status = conn.execute(select(runs.c.status).where(runs.c.run_id == run_id)).scalar()
    return None if status is None else RunStatus(status)


class WaitReason(StrEnum):
    """Why an open batch waits (the backlog's groups)."""

    FAILED = "failed"  # sent at least once; the last answer was a failure (or none came)
    CONFLICT = "conflict"  # SINHA answered 409: sent again only when the operator asks
    UNSENT = "unsent"  # built and stored, never sent: the run stopped before it
    UNCONFIRMED = "unconfirmed"  # SINHA did not confirm it: sent again only when asked

    @classmethod
    def of(cls, status: BatchStatus, *, attempted: bool) -> WaitReason:
        if status is BatchStatus.CONFLICT:
            return cls.CONFLICT
        if status is BatchStatus.UNCONFIRMED:
            return cls.UNCONFIRMED
        return cls.FAILED if attempted else cls.UNSENT


@dataclass(frozen=True)
class BatchBacklog:
    """The stored batches not delivered yet, by why they wait (counts and records)."""

    failed: int = 0  # sent at least once; the last answer was a failure (or none came)
    failed_records: int = 0
    conflict: int = 0  # SINHA answered 409: sent again only when the operator asks
    conflict_records: int = 0
    unsent: int = 0  # built and stored, never sent: the run stopped before them
    unsent_records: int = 0
    #: SINHA's receipt and its lookup did not confirm them: sent again only when the operator asks
    unconfirmed: int = 0
    unconfirmed_records: int = 0

    @property
    def batches(self) -> int:
        return self.failed + self.conflict + self.unsent + self.unconfirmed

    @property
    def records(self) -> int:
        return (
            self.failed_records + self.conflict_records + self.unsent_records
        ) + self.unconfirmed_records


def batch_backlog(store: StateStore) -> BatchBacklog:
    """Every open batch counted once, under the reason it waits."""
    # a CASE, not "attempts > 0": SQL Server has no boolean values to select or group by;
    # computed in a derived table and grouped outside it, because SQL Server rejects a
    # GROUP BY on an expression holding parameters (error 8120: see daily_totals)
    open_batches = (
        select(
            batches.c.status,
            case((batches.c.attempts > 0, 1), else_=0).label("attempted"),
            batches.c.record_count,
        )
        .where(batches.c.status.in_(OPEN_BATCHES))
        .subquery("open_batches")
    )
    query = select(
        open_batches.c.status,
        open_batches.c.attempted,
        func.count(),
        func.coalesce(func.sum(open_batches.c.record_count), 0),
    ).group_by(open_batches.c.status, open_batches.c.attempted)
    counts = {reason: [0, 0] for reason in WaitReason}
    with store.reading() as conn:
        for status, attempted, n, records in conn.execute(query):
            reason = WaitReason.of(BatchStatus(status), attempted=bool(attempted))
            counts[reason][0] += int(n)
            counts[reason][1] += int(records)
    return BatchBacklog(
        *counts[WaitReason.FAILED],
        *counts[WaitReason.CONFLICT],
        *counts[WaitReason.UNSENT],
        *counts[WaitReason.UNCONFIRMED],
    )


def rejected_count(store: StateStore) -> int:
    with store.reading() as conn:
        return int(conn.execute(select(func.count()).select_from(rejections)).scalar_one())


def batch_rejections(
    store: StateStore, id_lote: str
) -> list[tuple[str, datetime, list[list[str]]]]:
    """(record id, updated_at, [[reason, field], ...]) of the records SINHA rejected in a batch."""
    query = (
        select(rejections.c.record_id, rejections.c.updated_at, rejections.c.reasons)
        .where(rejections.c.id_lote == id_lote)
        .order_by(rejections.c.updated_at, rejections.c.record_id)
    )
    with store.reading() as conn:
        return [(r, u, json.loads(reasons)) for r, u, reasons in conn.execute(query)]


# -- the desktop app's questions ------------------------------------------------------------


def log_page(
    store: StateStore,
    flt: LogFilter,
    *,
    limit: int = 100,
    after: tuple[datetime, int] | None = None,
    newest_first: bool = True,
) -> list[LogRow]:
    """One keyset page in either order, continuing strictly after ``after``.

    Newest first, "after" means older than ``after``; oldest first, newer.
    Rows written meanwhile never shift a page already shown: newer rows come
    before the first page (newest first) or after the last (oldest first).
    """
    if newest_first:
        query = log_query(flt, limit=limit, before=after, newest_first=True)
    else:
        log = operations_log.c
        query = select(*LOG_COLUMNS).where(*log_conditions(flt))
        if after is not None:
            started, row_id = after
            query = query.where(
                or_(log.started_at > started, and_(log.started_at == started, log.id > row_id))
            )
        query = query.order_by(log.started_at, log.id).limit(limit)
    with store.reading() as conn:
        rows = [LogRow.from_row(row) for row in conn.execute(query)]
        statuses = _batch_statuses(conn, {r.id_lote for r in rows if r.id_lote})
    return [replace(r, batch_status=statuses.get(r.id_lote or "")) for r in rows]


def _batch_statuses(conn: Any, ids: set[str]) -> dict[str, BatchStatus]:
    """The current status of each batch in ``ids`` (a few hundred at most: one page)."""
    found: dict[str, BatchStatus] = {}
    names = sorted(ids)
    for start in range(0, len(names), IDS_PER_QUERY):
        query = select(batches.c.id_lote, batches.c.status).where(
            batches.c.id_lote.in_(names[start : start + IDS_PER_QUERY])
        )
        found.update({str(i): BatchStatus(status) for i, status in conn.execute(query)})
    return found


def iter_log_rows(
    store: StateStore, flt: LogFilter, *, newest_first: bool = True, chunk: int = 2000
) -> Iterator[LogRow]:
    """Every row matching ``flt``, read a keyset page at a time (for CSV export)."""
    after: tuple[datetime, int] | None = None
    while True:
        rows = log_page(store, flt, limit=chunk, after=after, newest_first=newest_first)
        yield from rows
        if len(rows) < chunk:
            return
        after = (rows[-1].started_at, rows[-1].id)


@dataclass(frozen=True)
class BatchDetail:
    """A stored batch as the failed-batch window shows it."""

    id_lote: str
    cnes: str
    status: BatchStatus
    record_count: int
    attempts: int
    payload: str | None
    created_at: datetime
    updated_at: datetime
    protocolo: str | None
    delivered_at: datetime | None
    parent_id_lote: str | None
    last_http_status: int | None
    last_error_category: ErrorCategory | None
    last_error_message: str | None
    last_response_body: str | None
    #: (id_lote, status) of the batches that replaced this one after a 413 split or a 422
    children: tuple[tuple[str, BatchStatus], ...] = ()


@dataclass(frozen=True)
class AttemptRow:
    """One attempt of one batch, with the body SINHA answered."""

    id: int
    run_id: str
    status: AttemptStatus
    trigger: Trigger
    started_at: datetime
    finished_at: datetime | None
    attempt: int
    http_status: int | None
    error_category: ErrorCategory | None
    error_message: str | None
    response_body: str | None

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> AttemptRow:
        values = list(row)
        values[2] = AttemptStatus(values[2])
        values[3] = Trigger(values[3])
        values[8] = known(ErrorCategory, values[8])
        return cls(*values)


BATCH_COLUMNS = tuple(
    batches.c[name] for name in BatchDetail.__dataclass_fields__ if name != "children"
)
ATTEMPT_COLUMNS = tuple(operations_log.c[name] for name in AttemptRow.__dataclass_fields__)


def batch_detail(store: StateStore, id_lote: str) -> BatchDetail | None:
    """A stored batch with the batches that replaced it (if it was split or partly rejected)."""
    children_query = (
        select(batches.c.id_lote, batches.c.status)
        .where(batches.c.parent_id_lote == id_lote)
        .order_by(batches.c.min_updated_at, batches.c.id_lote)
    )
    with store.reading() as conn:
        row = conn.execute(select(*BATCH_COLUMNS).where(batches.c.id_lote == id_lote)).first()
        children = tuple(
            (str(c), BatchStatus(status)) for c, status in conn.execute(children_query)
        )
    if row is None:
        return None
    values = dict(zip((column.name for column in BATCH_COLUMNS), row, strict=True))
    values["status"] = BatchStatus(values["status"])
    values["last_error_category"] = known(ErrorCategory, values["last_error_category"])
    return BatchDetail(**values, children=children)


def batch_attempts(store: StateStore, id_lote: str) -> list[AttemptRow]:
    """Every attempt at one batch, oldest first."""
    log = operations_log.c
    query = select(*ATTEMPT_COLUMNS).where(log.id_lote == id_lote).order_by(log.started_at, log.id)
    with store.reading() as conn:
        return [AttemptRow.from_row(row) for row in conn.execute(query)]


def retryable_batch_ids(store: StateStore) -> list[str]:
    """Every open batch ("Retry all waiting batches"), oldest first.

    Not only those that failed: the batches a failed run had built and never
    sent wait just the same, and the operator sees them counted as waiting.
    """
    query = (
        select(batches.c.id_lote)
        .where(batches.c.status.in_(OPEN_BATCHES))
        .order_by(batches.c.min_updated_at, batches.c.id_lote)
    )
    with store.reading() as conn:
        return [str(value) for value in conn.execute(query).scalars()]


# -- runs, one row each, and the batches of a run ---------------------------------------------


def run_rows(store: StateStore, *, limit: int = 100) -> list[RunRow]:
    """The latest runs, newest first (a run still going included)."""
    query = select(*RUN_COLUMNS).order_by(runs.c.started_at.desc()).limit(limit)
    with store.reading() as conn:
        return [RunRow.from_row(row) for row in conn.execute(query)]


@dataclass(frozen=True)
class RunBatch:
    """A batch a run built or sent, with its status now."""

    id_lote: str
    status: BatchStatus
    record_count: int
    attempts_in_run: int  # 0: built by the run and never sent by it
    last_error_message: str | None


def run_batches(store: StateStore, run_id: str) -> list[RunBatch]:
    """The batches ``run_id`` attempted or built, oldest records first."""
    log = operations_log.c
    attempted = (
        select(log.id_lote, func.count())
        .where(log.run_id == run_id, log.id_lote.is_not(None))
        .group_by(log.id_lote)
    )
    with store.reading() as conn:
        tries = {str(i): int(n) for i, n in conn.execute(attempted)}
        built = set(
            conn.execute(
                select(batches.c.id_lote).where(batches.c.created_run_id == run_id)
            ).scalars()
        )
        names = sorted(set(tries) | {str(i) for i in built})
        rows: list[Any] = []
        columns = (
            batches.c.id_lote,
            batches.c.status,
            batches.c.record_count,
            batches.c.last_error_message,
            batches.c.min_updated_at,
        )
        for start in range(0, len(names), IDS_PER_QUERY):
            chunk = names[start : start + IDS_PER_QUERY]
            rows.extend(conn.execute(select(*columns).where(batches.c.id_lote.in_(chunk))))
    rows.sort(key=lambda r: (r.min_updated_at, r.id_lote))
    return [
        RunBatch(
            str(r.id_lote),
            BatchStatus(r.status),
            int(r.record_count),
            tries.get(str(r.id_lote), 0),
            r.last_error_message,
        )
        for r in rows
    ]


@dataclass(frozen=True)
class DayTotals:
    """Records delivered and rejected in one day ``[start, end)`` (UTC bounds of a local day)."""

    start: datetime
    end: datetime
    delivered: int = 0
    rejected: int = 0


def daily_totals(store: StateStore, bounds: Sequence[datetime]) -> list[DayTotals]:
    """Totals per interval between consecutive ``bounds`` (ascending, naive UTC).

    The caller gives the bounds (local midnights converted to UTC), so days
    follow the operator's time zone whatever the database. One indexed range
    query per table. The bucket is a CASE expression computed in a derived
    table and grouped outside it: SQL Server rejects a GROUP BY on an
    expression holding parameters (error 8120, the SELECT and GROUP BY copies
    are bound as different parameters).
    """
    if len(bounds) < 2:
        return []
    delivered = _bucketed(
        store, batches.c.delivered_at, batches.c.record_count, bounds, delivered=True
    )
    rejected = _bucketed(store, rejections.c.rejected_at, None, bounds)
    return [
        DayTotals(bounds[i], bounds[i + 1], delivered.get(i, 0), rejected.get(i, 0))
        for i in range(len(bounds) - 1)
    ]


def bucketed_query(
    moment: Any, summed: Any | None, bounds: Sequence[datetime], *, delivered: bool = False
) -> Select[Any]:
    """(bucket, total) per interval: ``sum(summed)``, or a count when ``summed`` is None."""
    bucket = case(*((moment < bounds[i + 1], i) for i in range(len(bounds) - 1)), else_=-1)
    columns = [bucket.label("bucket")]
    if summed is not None:
        columns.append(summed.label("amount"))
    inner = select(*columns).where(moment >= bounds[0], moment < bounds[-1])
    if delivered:
        inner = inner.where(batches.c.status == BatchStatus.DELIVERED)
    rows = inner.subquery("bucketed")
    total = func.sum(rows.c.amount) if summed is not None else func.count()
    return select(rows.c.bucket, total).group_by(rows.c.bucket)


def _bucketed(
    store: StateStore,
    moment: Any,
    summed: Any | None,
    bounds: Sequence[datetime],
    *,
    delivered: bool = False,
) -> dict[int, int]:
    query = bucketed_query(moment, summed, bounds, delivered=delivered)
    with store.reading() as conn:
        return {int(b): int(total or 0) for b, total in conn.execute(query) if b is not None}
