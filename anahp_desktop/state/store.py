"""Writes and reads the sync engine makes on the state store.

Every change that must be atomic is one transaction here: a batch intent with
its record keys and the rejections found beside it; a delivery with its log
row; a split or partial rejection with its replacement batches.

A database error the classifier recognises (the server, the network, the file,
the account: :mod:`anahp_desktop.db_errors`, :mod:`.sqlite_problems`) leaves as
:class:`StateStoreError` with a sentence for the operator. Anything else -- a
statement SQLAlchemy could not build, a syntax error, a constraint this app's
own writes broke -- is a bug of this app and leaves as it is, to the
unexpected-error path: its traceback in the log, one sentence on screen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    CursorResult,
    Engine,
    and_,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from anahp_desktop import __version__, db_errors
from anahp_desktop.domain.categories import ErrorCategory
from anahp_desktop.domain.clock import Clock, utc_now
from anahp_desktop.domain.statuses import (
    HOLDING_RECORDS,
    OPEN_BATCHES,
    RESENT_BY_NEXT_RUN,
    AttemptStatus,
    BatchStatus,
    RunStatus,
    Trigger,
)
from anahp_desktop.domain.values import CursorState, RecordKey
from anahp_desktop.errors import StateStoreError
from anahp_desktop.state import sqlite_problems
from anahp_desktop.state.bulk_insert import BulkInsert
from anahp_desktop.state.driver_statement import DriverStatement, inserted_id
from anahp_desktop.state.records import AttemptOutcome, OpenBatch, PreparedBatch, RejectedRecord
from anahp_desktop.state.schema import (
    PROTOCOLO_SIZE,
    batch_records,
    batches,
    operations_log,
    rejections,
    runs,
    watermark,
)
from anahp_desktop.translation import N_, _

WHAT = N_("the state store")
ERROR_MESSAGE_KEEP = 1000
#: bound parameters per IN list (SQL Server accepts at most 2100 per statement)
IDS_PER_QUERY = 500


def floor_name(view: str) -> str:
    """The ``sinha_watermark`` row holding a view's migration floor (see ``CursorState.floor``)."""
    return f"{view}#previous-service"


class StateStore:
    """The engine's view of the state store; ``clock`` returns naive UTC (injectable)."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime] = utc_now) -> None:
        self.engine = engine
        self.clock = clock if isinstance(clock, Clock) else Clock(clock)
        self._writing = threading.RLock()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction; this process's writers take turns here.

        During a run the producer (intents) and the sender (attempts) write at
        the same time. Left to the database, the second writer of a SQLite file
        polls its lock with sleeps that grow (1, 2, 5, 10 ms...); waiting on a
        lock in this process instead wakes it the moment the first commits.
        Other processes are still kept apart by the database itself.
        """
        try:
            with self._writing, self.engine.begin() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise translate(exc, self.engine) from exc

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise translate(exc, self.engine) from exc

    # -- runs ---------------------------------------------------------------------------

    def start_run(self, run_id: str, trigger: Trigger, operator: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                insert(runs).values(
                    run_id=run_id,
                    trigger=trigger,
                    status=RunStatus.RUNNING,
                    started_at=self.clock(),
                    app_version=__version__,
                    operator=operator,
                    delivered=0,
                    rejected=0,
                    pending=0,
                    batches=0,
                    failures=0,
                    null_updated_at=0,
                    future_rows=0,
                )
            )

    def finish_run(
        self, run_id: str, status: RunStatus, message: str | None, **counts: int
    ) -> None:
        with self.transaction() as conn:
            conn.execute(
                update(runs)
                .where(runs.c.run_id == run_id)
                .values(status=status, finished_at=self.clock(), message=_cut(message), **counts)
            )

    def record_failed_start(
        self, run_id: str, trigger: Trigger, operator: str, message: str
    ) -> None:
        """A run that stopped before it could send anything (settings, keyring, unreachable).

        It is a failed run with its reason like any other, so the dashboard,
        the tray and ``status`` never keep showing the success before it.
        """
        now = self.clock()
        with self.transaction() as conn:
            conn.execute(
                insert(runs).values(
                    run_id=run_id,
                    trigger=trigger,
                    status=RunStatus.FAILED,
                    started_at=now,
                    finished_at=now,
                    message=_cut(message),
                    app_version=__version__,
                    operator=operator,
                    delivered=0,
                    rejected=0,
                    pending=0,
                    batches=0,
                    failures=0,
                    null_updated_at=0,
                    future_rows=0,
                )
            )

    def recover_interrupted(self, current_run_id: str) -> int:
        """Close what a killed process left "running"; call only while holding the sync lock."""
        now = self.clock()
        message = _("The app stopped during this attempt (closed or killed).")
        with self.transaction() as conn:
            closed = conn.execute(
                update(operations_log)
                .where(operations_log.c.status == AttemptStatus.RUNNING)
                .where(operations_log.c.run_id != current_run_id)
                .values(
                    status=AttemptStatus.INTERRUPTED,
                    finished_at=now,
                    error_category=ErrorCategory.INTERRUPTED,
                    error_message=message,
                )
            )
            conn.execute(
                update(runs)
                .where(runs.c.status == RunStatus.RUNNING)
                .where(runs.c.run_id != current_run_id)
                .values(status=RunStatus.INTERRUPTED, finished_at=now, message=message)
            )
        return affected_rows(closed)

    def close_for_exit(self, wait_s: float = 0.5) -> int:
        """Before a process ends with a run still waiting for SINHA (``run --every`` told to
        stop): mark what it left "running" as interrupted, then keep this process's other
        writers out for good, so none writes "running" again. The sync lock is still held, so
        every running row is this run's (or a dead holder's). Returns the attempts closed;
        0 when a writer held on, and the next run closes them as after a crash."""
        if not self._writing.acquire(timeout=wait_s):
            return 0
        return self.recover_interrupted("")

    # -- watermark ----------------------------------------------------------------------

    def get_watermark(self, name: str) -> datetime | None:
        with self.reading() as conn:
            row = conn.execute(
                select(watermark.c.updated_at).where(watermark.c.name == name)
            ).first()
        return row[0] if row else None

    def get_cursor_state(self, name: str) -> CursorState | None:
        """The whole watermark row (``updated_at``, the rowversion cursor's value), and the
        floor ``migrate-from-service`` set, kept in a row of its own (see :func:`floor_name`)."""
        columns = (
            watermark.c.name,
            watermark.c.updated_at,
            watermark.c.record_id,
            watermark.c.cursor_value,
        )
        query = select(*columns).where(watermark.c.name.in_([name, floor_name(name)]))
        with self.reading() as conn:
            rows = {row[0]: row for row in conn.execute(query)}
        mark, floor = rows.get(name), rows.get(floor_name(name))
        if mark is None and floor is None:
            return None
        if mark is None:
            return CursorState(floor=floor[1] if floor else None)
        return CursorState(mark[1], mark[2], mark[3], floor[1] if floor else None)

    def set_cursor_state(self, name: str, state: CursorState) -> None:
        with self.transaction() as conn:
            values = {
                "updated_at": state.updated_at,
                "record_id": state.record_id,
                "cursor_value": state.cursor_value,
                "changed_at": self.clock(),
            }
            done = conn.execute(update(watermark).where(watermark.c.name == name).values(**values))
            if not affected_rows(done):
                conn.execute(insert(watermark).values(name=name, **values))

    def set_watermark(self, name: str, updated_at: datetime, record_id: str | None = None) -> None:
        with self.transaction() as conn:
            values = {"updated_at": updated_at, "record_id": record_id, "changed_at": self.clock()}
            done = conn.execute(update(watermark).where(watermark.c.name == name).values(**values))
            if not affected_rows(done):
                conn.execute(insert(watermark).values(name=name, **values))

    # -- intents ------------------------------------------------------------------------

    def save_intents(
        self, prepared: Sequence[PreparedBatch], rejected: Sequence[RejectedRecord], run_id: str
    ) -> None:
        """Write batches (before any is sent) and rejections, in one transaction."""
        if not prepared and not rejected:
            return
        with self.transaction() as conn:
            self._insert_batches(conn, prepared, run_id)
            self._insert_rejections(conn, rejected, run_id)

    def handled_keys(self, low: datetime, high: datetime) -> set[RecordKey]:
        """Versions with ``low <= updated_at <= high`` already in a live batch or rejected.

        Two index range reads, then the statuses of the few batches they name:
        a join filtered on the batch status let the planner walk every live
        batch's records for each page, which grew with the store.
        """
        in_range = select(
            batch_records.c.record_id, batch_records.c.updated_at, batch_records.c.id_lote
        ).where(batch_records.c.updated_at.between(low, high))
        rejected = select(rejections.c.record_id, rejections.c.updated_at).where(
            rejections.c.updated_at.between(low, high)
        )
        with self.reading() as conn:
            found = conn.execute(in_range).all()
            retired = self._retired_among(conn, {id_lote for _r, _u, id_lote in found})
            keys = {RecordKey(r, u) for r, u, id_lote in found if id_lote not in retired}
            keys.update(RecordKey(r, u) for r, u in conn.execute(rejected))
        return keys

    @staticmethod
    def _retired_among(conn: Connection, ids: set[str]) -> set[str]:
        """Those of ``ids`` whose batch no longer holds its records (split or superseded)."""
        retired: set[str] = set()
        names = sorted(ids)
        for start in range(0, len(names), IDS_PER_QUERY):
            query = select(batches.c.id_lote).where(
                batches.c.id_lote.in_(names[start : start + IDS_PER_QUERY]),
                batches.c.status.not_in(HOLDING_RECORDS),
            )
            retired.update(conn.execute(query).scalars())
        return retired

    def delivered_record_ids(self, record_ids: Sequence[str]) -> set[str]:
        """Those of ``record_ids`` that SINHA holds in some version (a delivered batch)."""
        found: set[str] = set()
        names = sorted(set(record_ids))
        for start in range(0, len(names), IDS_PER_QUERY):
            query = (
                select(batch_records.c.record_id)
                .join(batches, batches.c.id_lote == batch_records.c.id_lote)
                .where(
                    batch_records.c.record_id.in_(names[start : start + IDS_PER_QUERY]),
                    batches.c.status == BatchStatus.DELIVERED,
                )
                .distinct()
            )
            with self.reading() as conn:
                found.update(str(value) for value in conn.execute(query).scalars())
        return found

    def open_batches(self, statuses: Sequence[BatchStatus] = RESENT_BY_NEXT_RUN) -> list[OpenBatch]:
        query = (
            select(*_OPEN_BATCH_COLUMNS)
            .where(batches.c.status.in_(list(statuses)))
            .order_by(batches.c.min_updated_at, batches.c.id_lote)
        )
        with self.reading() as conn:
            return [_open_batch(row) for row in conn.execute(query)]

    def load_batch(self, id_lote: str) -> OpenBatch | None:
        with self.reading() as conn:
            row = conn.execute(_LOAD_BATCH, {"b_id": id_lote}).first()
        return _open_batch(row) if row else None

    def batch_keys(self, id_lote: str) -> list[RecordKey]:
        query = (
            select(batch_records.c.record_id, batch_records.c.updated_at)
            .where(batch_records.c.id_lote == id_lote)
            .order_by(batch_records.c.position)
        )
        with self.reading() as conn:
            return [RecordKey(r, u) for r, u in conn.execute(query)]

    def min_open_updated_at(self) -> datetime | None:
        query = select(func.min(batches.c.min_updated_at)).where(batches.c.status.in_(OPEN_BATCHES))
        with self.reading() as conn:
            value: datetime | None = conn.execute(query).scalar()
        return value

    def open_record_count(self) -> int:
        query = select(func.coalesce(func.sum(batches.c.record_count), 0)).where(
            batches.c.status.in_(OPEN_BATCHES)
        )
        with self.reading() as conn:
            return int(conn.execute(query).scalar_one())

    # -- attempts -----------------------------------------------------------------------

    def begin_attempt(
        self, batch: OpenBatch, run_id: str, trigger: Trigger, operator: str, *, mark_sending: bool
    ) -> tuple[int, int]:
        """Log a "running" attempt (and mark the batch as possibly sent); (log id, attempt no.)."""
        attempt = batch.attempts + 1
        now = self.clock()
        with self.transaction() as conn:
            _MARK_ATTEMPT.execute(
                conn,
                {
                    "b_id": batch.id_lote,
                    "b_attempts": attempt,
                    "b_now": now,
                    "b_status": BatchStatus.SENDING if mark_sending else batch.status,
                },
            )
            result = _INSERT_ATTEMPT.execute(
                conn,
                {
                    "run_id": run_id,
                    "id_lote": batch.id_lote,
                    "cnes": batch.cnes,
                    "status": AttemptStatus.RUNNING,
                    "trigger": trigger,
                    "started_at": now,
                    "records_sent": batch.record_count,
                    "records_rejected": 0,
                    "attempt": attempt,
                    "app_version": __version__,
                    "operator": operator,
                },
            )
            log_id = inserted_id(result)
        return log_id, attempt

    def record_delivery(
        self, id_lote: str, log_id: int, outcome: AttemptOutcome, protocolo: str
    ) -> None:
        """Mark delivered (payload dropped: only record keys are kept) and close the attempt."""
        now = self.clock()
        with self.transaction() as conn:
            _MARK_DELIVERED.execute(
                conn,
                {
                    "b_id": id_lote,
                    "b_protocolo": protocolo[:PROTOCOLO_SIZE],  # never fail a delivery over it
                    "b_now": now,
                    "b_http_status": outcome.http_status,
                },
            )
            self._close_attempt(conn, log_id, outcome, now)

    def record_failure(
        self, id_lote: str, log_id: int, outcome: AttemptOutcome, batch_status: BatchStatus
    ) -> None:
        now = self.clock()
        with self.transaction() as conn:
            self._set_outcome(conn, id_lote, batch_status, outcome, now)
            self._close_attempt(conn, log_id, outcome, now)

    def replace_batch(
        self,
        id_lote: str,
        new_status: BatchStatus,
        log_id: int,
        outcome: AttemptOutcome,
        children: Sequence[PreparedBatch],
        rejected: Sequence[RejectedRecord],
        run_id: str,
    ) -> None:
        """413 or 422: retire a batch, write its replacements and rejections, close the attempt."""
        now = self.clock()
        with self.transaction() as conn:
            self._set_outcome(conn, id_lote, new_status, outcome, now)
            self._insert_batches(conn, children, run_id)
            self._insert_rejections(conn, rejected, run_id)
            self._close_attempt(conn, log_id, outcome, now)

    def set_status(self, id_lote: str, status: BatchStatus) -> None:
        with self.transaction() as conn:
            conn.execute(
                update(batches)
                .where(batches.c.id_lote == id_lote)
                .values(status=status, updated_at=self.clock())
            )

    # -- retention ----------------------------------------------------------------------

    def purge_before(self, cutoff: datetime) -> int:
        """Delete log rows and finished runs older than ``cutoff`` (UTC); batches keep their keys."""
        with self.transaction() as conn:
            deleted = conn.execute(
                delete(operations_log).where(
                    and_(
                        operations_log.c.started_at < cutoff,
                        operations_log.c.status != AttemptStatus.RUNNING,
                    )
                )
            )
            conn.execute(
                delete(runs).where(
                    and_(runs.c.started_at < cutoff, runs.c.status != RunStatus.RUNNING)
                )
            )
            conn.execute(
                update(batches)
                .where(batches.c.status.in_([BatchStatus.SPLIT, BatchStatus.SUPERSEDED]))
                .where(batches.c.updated_at < cutoff)
                .values(payload=None, last_response_body=None)
            )
        return affected_rows(deleted)

    # -- helpers ------------------------------------------------------------------------

    def _insert_batches(
        self, conn: Connection, prepared: Sequence[PreparedBatch], run_id: str
    ) -> None:
        if not prepared:
            return
        now = self.clock()
        conn.execute(
            insert(batches),
            [
                {
                    "id_lote": b.id_lote,
                    "cnes": b.cnes,
                    "status": BatchStatus.PENDING,
                    "record_count": b.record_count,
                    "min_updated_at": b.min_updated_at,
                    "max_updated_at": b.max_updated_at,
                    "payload": b.payload,
                    "created_at": now,
                    "updated_at": now,
                    "created_run_id": run_id,
                    "parent_id_lote": b.parent_id_lote,
                    "attempts": 0,
                }
                for b in prepared
            ],
        )
        _INSERT_BATCH_RECORDS.execute(
            conn,
            [
                (b.id_lote, i, k.record_id, k.updated_at)
                for b in prepared
                for i, k in enumerate(b.keys)
            ],
        )

    def _insert_rejections(
        self, conn: Connection, rejected: Sequence[RejectedRecord], run_id: str
    ) -> None:
        if not rejected:
            return
        now = self.clock()
        unique = {r.key: r for r in rejected}  # a view with duplicate keys must not abort the run
        existing = {
            RecordKey(r, u)
            for r, u in conn.execute(
                select(rejections.c.record_id, rejections.c.updated_at).where(
                    rejections.c.updated_at.between(
                        min(k.updated_at for k in unique), max(k.updated_at for k in unique)
                    )
                )
            )
        }
        rows = [
            {
                "record_id": r.key.record_id,
                "updated_at": r.key.updated_at,
                "cnes": _cut(r.cnes, 16),
                "origin": r.origin,
                "reasons": r.reasons_json(),
                "id_lote": r.id_lote,
                "run_id": run_id,
                "rejected_at": now,
            }
            for key, r in unique.items()
            if key not in existing
        ]
        if rows:
            conn.execute(insert(rejections), rows)

    @staticmethod
    def _set_outcome(
        conn: Connection, id_lote: str, status: BatchStatus, outcome: AttemptOutcome, now: datetime
    ) -> None:
        """A batch's new status with what its last attempt got (shown in its details)."""
        conn.execute(
            update(batches)
            .where(batches.c.id_lote == id_lote)
            .values(
                status=status,
                updated_at=now,
                last_http_status=outcome.http_status,
                last_error_category=outcome.error_category,
                last_error_message=_cut(outcome.error_message),
                last_response_body=outcome.response_body,
            )
        )

    @staticmethod
    def _close_attempt(
        conn: Connection, log_id: int, outcome: AttemptOutcome, now: datetime
    ) -> None:
        _CLOSE_ATTEMPT.execute(
            conn,
            {
                "l_id": log_id,
                "l_status": outcome.status,
                "l_now": now,
                "l_http_status": outcome.http_status,
                "l_category": outcome.error_category,
                "l_message": _cut(outcome.error_message),
                "l_body": outcome.response_body,
                "l_rejected": outcome.records_rejected,
            },
        )


def _open_batch(row: Sequence[Any]) -> OpenBatch:
    id_lote, cnes, status, payload, record_count, attempts, min_updated_at = row
    return OpenBatch(
        id_lote, cnes, BatchStatus(status), payload, record_count, attempts, min_updated_at
    )


_OPEN_BATCH_COLUMNS = (
    batches.c.id_lote,
    batches.c.cnes,
    batches.c.status,
    batches.c.payload,
    batches.c.record_count,
    batches.c.attempts,
    batches.c.min_updated_at,
)


# The statements of every attempt, built once: building a statement and its cache key took
# ~170 us of CPU each time, several times per batch (bound parameters are named apart from
# the columns, as SQLAlchemy requires in UPDATE ... SET); on SQLite those that write run on
# the driver (state/driver_statement.py)
_INSERT_BATCH_RECORDS = BulkInsert(
    batch_records, ("id_lote", "position", "record_id", "updated_at")
)
_LOAD_BATCH = select(*_OPEN_BATCH_COLUMNS).where(batches.c.id_lote == bindparam("b_id"))
_MARK_ATTEMPT = DriverStatement(
    update(batches)
    .where(batches.c.id_lote == bindparam("b_id"))
    .values(
        attempts=bindparam("b_attempts"),
        updated_at=bindparam("b_now"),
        status=bindparam("b_status"),
    )
)
_INSERT_ATTEMPT = DriverStatement(
    insert(operations_log),
    (
        "run_id",
        "id_lote",
        "cnes",
        "status",
        "trigger",
        "started_at",
        "records_sent",
        "records_rejected",
        "attempt",
        "app_version",
        "operator",
    ),
)
_MARK_DELIVERED = DriverStatement(
    update(batches)
    .where(batches.c.id_lote == bindparam("b_id"))
    .values(
        status=BatchStatus.DELIVERED,
        payload=None,
        protocolo=bindparam("b_protocolo"),
        delivered_at=bindparam("b_now"),
        updated_at=bindparam("b_now"),
        last_http_status=bindparam("b_http_status"),
        last_error_category=None,
        last_error_message=None,
        last_response_body=None,
    )
)
_CLOSE_ATTEMPT = DriverStatement(
    update(operations_log)
    .where(operations_log.c.id == bindparam("l_id"))
    .values(
        status=bindparam("l_status"),
        finished_at=bindparam("l_now"),
        http_status=bindparam("l_http_status"),
        error_category=bindparam("l_category"),
        error_message=bindparam("l_message"),
        response_body=bindparam("l_body"),
        records_rejected=bindparam("l_rejected"),
    )
)


def affected_rows(result: CursorResult[Any]) -> int:
    """How many rows a statement changed; raises when the database does not say.

    SQL Server answers -1 to every statement of a session with ``SET NOCOUNT
    ON`` (a server-wide default some DBAs set). The app turns it off on each
    connection; should a -1 still come back, an UPDATE that found its row and
    one that did not look the same, so deciding on it could skip an INSERT or
    take a lease that is held: refuse instead.
    """
    count = result.rowcount
    if count is None or count < 0:
        raise StateStoreError(
            _(
                "The state store did not say how many rows a change touched (SET NOCOUNT ON "
                "on the server?): the app cannot tell whether its write happened. Ask the DBA "
                "to remove NOCOUNT from the server's 'user options'."
            ),
            "nocount",
        )
    return int(count)


def translate(exc: SQLAlchemyError, engine: Engine | None = None) -> StateStoreError:
    """The operator's sentence for ``exc``; re-raises ``exc`` itself when it is our bug.

    Called as ``raise translate(exc) from exc`` in an ``except`` clause.
    """
    known = _recognised(exc, engine)
    if known is None:
        raise exc  # not the environment's: the unexpected-error path logs its traceback
    return known


def _recognised(exc: SQLAlchemyError, engine: Engine | None = None) -> StateStoreError | None:
    """The operator's sentence for a problem the database reported, or None for our own bug.

    Only errors a driver raised (or the pool timing out) can be the environment's,
    and only those the classifier knows: a SQLite file's own problem names the
    file (``engine``), a server's is told by its number or SQLSTATE. Whatever else
    reaches here -- "syntax error", a bind parameter missing, a unique key our
    writes broke -- no operator can fix; calling it "the state store reported an
    error" sent support to the database instead of to the code.
    """
    if not isinstance(exc, DBAPIError | PoolTimeoutError):
        return None
    if engine is not None:
        local = sqlite_problems.translate(exc, engine)
        if local is not None:
            return local
    problem = db_errors.classify(exc)
    if problem is db_errors.DbProblem.OTHER:
        return None
    return StateStoreError(db_errors.explain(problem, _(WHAT)), problem.value)


def _cut(text: str | None, size: int = ERROR_MESSAGE_KEEP) -> str | None:
    return None if text is None else text[:size]
