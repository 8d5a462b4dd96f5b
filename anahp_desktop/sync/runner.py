"""One sync run, start to end.

1. Take the sync lock (one sync at a time across processes and machines;
   it dies with its holder) and close what a killed run left "running".
2. Send the batches earlier runs stored but did not deliver, oldest first.
3. Read the view from ``watermark - lookback`` in keyset order on a producer
   thread, while this thread sends each stored batch as it comes.
4. Move the watermark, only after a complete read, never past a record that
   is neither delivered nor rejected and never beyond the source clock plus a
   tolerance (an ``updated_at`` in the future is reported, not followed).

The sender checks the lock before each request and after each batch, and the
watermark moves only while it is held: a run that lost it stops there.
"""

from __future__ import annotations

import logging
import math
import queue
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, tzinfo

from anahp_desktop.config.settings import Settings
from anahp_desktop.domain.categories import CategoryArea, ErrorCategory
from anahp_desktop.domain.statuses import RunStatus, Trigger
from anahp_desktop.domain.values import CursorState
from anahp_desktop.errors import (
    AnahpError,
    SinhaAuthError,
    SinhaError,
    SinhaTlsError,
    SyncCancelledError,
)
from anahp_desktop.sinha.client import SinhaClient
from anahp_desktop.sinha.retry_policy import RetryPolicy, WaitBudget
from anahp_desktop.source.scan_state import ScanStart
from anahp_desktop.source.view_reader import ViewReader
from anahp_desktop.state.records import PreparedBatch
from anahp_desktop.state.store import StateStore
from anahp_desktop.state.sync_lock import SyncLock
from anahp_desktop.sync.backlog import unread_records
from anahp_desktop.sync.batching import Batcher
from anahp_desktop.sync.delivery import BatchSender, DeliveryResult
from anahp_desktop.sync.events import (
    Listener,
    Notice,
    RecordsRejected,
    RunFinished,
    RunStarted,
    RunSummary,
    ignore,
)
from anahp_desktop.sync.extraction import Done, ExtractionStats, Failed, Item, Producer
from anahp_desktop.sync.next_run import NextRunPlan
from anahp_desktop.sync.sending_window import SendingWindow, one_at_a_time
from anahp_desktop.transform.pseudonym import Pseudonymizer
from anahp_desktop.transform.validate import Transformer
from anahp_desktop.translation import _, ngettext

QUEUE_DEPTH = 4
#: how often a waiting run looks at its cancel event (Windows runs a signal handler only
#: when the main thread is back in Python, never during a wait without a timeout)
POLL_S = 0.2
#: a stored batch's id, or a batch the producer has just stored (not read back)
Window = SendingWindow[str | PreparedBatch]

log = logging.getLogger(__name__)


@dataclass
class SyncJob:
    """Everything one run needs, already built (see :mod:`.service` for the wiring)."""

    settings: Settings
    reader: ViewReader
    store: StateStore
    client: SinhaClient
    pseudonymizer: Pseudonymizer
    source_tz: tzinfo
    source_now: datetime  # naive, in source_tz
    trigger: Trigger
    operator: str = ""
    listener: Listener = ignore
    cancel: threading.Event = field(default_factory=threading.Event)
    policy: RetryPolicy | None = None
    only_batches: list[str] | None = None  # "Retry this batch": send these, read nothing


@dataclass
class _Tally:
    result: DeliveryResult = field(default_factory=DeliveryResult)
    notices: list[str] = field(default_factory=list)
    null_updated_at: int = 0
    stats: ExtractionStats = field(default_factory=ExtractionStats)
    withdrawn: str | None = None  # delivered records that left the view (Change Tracking)


def run_sync(job: SyncJob) -> RunSummary:
    """Run once; raises SyncAlreadyRunningError, otherwise reports failures in the summary.

    Interpreter tuning (the switch interval the sender's latency depends on) is
    the host's, not this call's: see :mod:`anahp_desktop.interpreter`.
    """
    run_id = str(uuid.uuid4())
    lock = SyncLock(job.store, job.trigger)
    lock.acquire()
    try:
        return _run_holding_lock(job, run_id, lock.check)
    finally:
        lock.release()


def _run_holding_lock(job: SyncJob, run_id: str, check_lock: Callable[[], None]) -> RunSummary:
    store = job.store
    started = store.clock()
    store.recover_interrupted(run_id)
    store.start_run(run_id, job.trigger, job.operator)
    log.info("run %s started (%s)", run_id, job.trigger)
    tally = _Tally(notices=[*job.client.warnings, *_setting_warnings(job.settings)])
    for notice in tally.notices:
        job.listener(Notice(notice))
    status, message, category = RunStatus.SUCCESS, None, None
    try:
        _run_phases(job, run_id, tally, check_lock)
    except SyncCancelledError as exc:
        status, message, category = RunStatus.CANCELLED, exc.message, exc.category
    except AnahpError as exc:
        status, message, category = RunStatus.FAILED, exc.message, exc.category
    unread = _unread(job, category)
    pending = store.open_record_count() + (unread or 0)
    if status == RunStatus.SUCCESS and tally.withdrawn:
        message = tally.withdrawn  # kept with the run: status and the window show it
    if status == RunStatus.SUCCESS and tally.result.failed_batches:
        status = RunStatus.FAILED
        message = ngettext(
            "{n} batch failed and stays pending.",
            "{n} batches failed and stay pending.",
            tally.result.failed_batches,
        ).format(n=tally.result.failed_batches)
    summary = RunSummary(
        run_id=run_id,
        trigger=job.trigger,
        status=status,
        started_at=started,
        finished_at=store.clock(),
        delivered=tally.result.delivered,
        rejected=tally.result.rejected + tally.stats.rejected,
        pending=pending,
        unread=unread,
        batches=tally.result.batches,
        failures=tally.result.failed_batches,
        null_updated_at=tally.null_updated_at,
        future_rows=tally.stats.future_rows,
        duplicates=tally.stats.duplicates,
        unusable_rows=tally.stats.unusable_keys,
        message=message,
        error_category=category,
        notices=tuple(tally.notices),
    )
    store.finish_run(
        run_id,
        status,
        message,
        delivered=summary.delivered,
        rejected=summary.rejected,
        pending=summary.pending,
        batches=summary.batches,
        failures=summary.failures,
        null_updated_at=summary.null_updated_at,
        future_rows=summary.future_rows,
    )
    log.info(
        "run %s %s: delivered %d, rejected %d, pending %d, batches %d, failed %d%s",
        run_id,
        status,
        summary.delivered,
        summary.rejected,
        summary.pending,
        summary.batches,
        summary.failures,
        f" ({category}: {message})" if message else "",
    )
    job.listener(RunFinished(summary))
    return summary


def _unread(job: SyncJob, category: ErrorCategory | None) -> int | None:
    """Records of the view not read into a batch yet (as ``status`` counts them); None when
    the view cannot be counted now -- not asked again when the run failed on it."""
    if category is not None and category.area is CategoryArea.SOURCE:
        return None
    try:
        return unread_records(
            job.store, job.reader, job.settings.source.view, job.settings.sync.lookback_minutes
        )
    except AnahpError as exc:
        log.info("the records left in the view could not be counted: %s", exc.message)
        return None


def _setting_warnings(settings: Settings) -> list[str]:
    """Risky settings the operator chose, said on every run (as plain http:// is)."""
    if settings.sync.send_raw_atendimento:
        return [
            _(
                "Warning: encounter numbers (atendimento) leave this computer as they are, not "
                "pseudonymized (sync.send_raw_atendimento = true)."
            )
        ]
    return []


def _check_credentials(job: SyncJob) -> None:
    """Ask SINHA's /status with the run's credentials before anything else.

    A wrong password otherwise goes unnoticed on every run that has nothing to
    send. Only a refusal (401/403) or a TLS failure stops the run here: SINHA
    being slow or down is left to each batch's retries.
    """
    try:
        job.client.check_status()
    except (SinhaAuthError, SinhaTlsError):
        raise
    except SinhaError as exc:
        log.info("SINHA's status could not be checked at the start of the run: %s", exc.message)


def _run_phases(job: SyncJob, run_id: str, tally: _Tally, check_lock: Callable[[], None]) -> None:
    _check_credentials(job)
    in_flight = 1 if job.only_batches is not None else job.settings.sync.max_in_flight
    if in_flight > 1:
        job = replace(job, listener=one_at_a_time(job.listener))
    sender = BatchSender(
        job.store,
        job.client,
        job.policy or RetryPolicy.from_settings(job.settings.sync, _cancellable_sleep(job.cancel)),
        run_id=run_id,
        trigger=job.trigger,
        operator=job.operator,
        listener=job.listener,
        cancel=job.cancel,
        check_lock=check_lock,
        budget=WaitBudget(job.settings.sync.max_wait_s),
    )
    window: Window = SendingWindow(sender.send, in_flight, job.cancel)
    try:
        state = _send_all(job, window, tally, run_id)
        window.finish()  # the watermark moves only once every batch has its answer
    finally:
        window.close()
        tally.result = sender.totals
    if job.only_batches is None:  # the view was read
        check_lock()  # a run that lost its lock leaves the watermark to the one holding it
        _report_withdrawn(job, tally)
        _advance_watermark(job, tally.stats, state)


def _send_all(job: SyncJob, window: Window, tally: _Tally, run_id: str) -> CursorState | None:
    """Hand every batch of the run to the window; the cursor state the run started from."""
    if job.only_batches is not None:
        job.listener(RunStarted(run_id, job.trigger, 0, len(job.only_batches)))
        _send_stored(job, window, job.only_batches)
        return None
    plan = NextRunPlan.read(
        job.store, job.reader, job.settings.source.view, job.settings.sync.lookback_minutes
    )
    state, start = plan.state, plan.start  # source.cursor, above the floor
    job.reader.check_contract()
    tally.null_updated_at = job.reader.count_null_updated_at()
    if tally.null_updated_at:
        _notice(
            job,
            tally,
            ngettext(
                "{n} record in the view has no updated_at and can never be sent: ask the DBA to fill it.",
                "{n} records in the view have no updated_at and can never be sent: ask the DBA to fill them.",
                tally.null_updated_at,
            ).format(n=tally.null_updated_at),
        )
    stored = [b.id_lote for b in job.store.open_batches()]
    estimate = len(stored) + math.ceil(job.reader.count(start) / job.settings.sync.batch_size)
    job.listener(RunStarted(run_id, job.trigger, estimate * job.settings.sync.batch_size, estimate))
    _send_stored(job, window, stored, estimate)
    _extract_and_send(job, window, tally, run_id, start, estimate)
    return state


def _send_stored(job: SyncJob, window: Window, ids: list[str], estimate: int = 0) -> None:
    for id_lote in ids:
        _check_cancel(job)
        window.submit(id_lote, estimate or len(ids))


def _extract_and_send(
    job: SyncJob,
    window: Window,
    tally: _Tally,
    run_id: str,
    start: ScanStart,
    estimate: int,
) -> None:
    sync = job.settings.sync
    transformer = Transformer(job.pseudonymizer, job.source_tz, job.source_now)
    out: queue.Queue[Item] = queue.Queue(maxsize=QUEUE_DEPTH)
    stop = threading.Event()
    producer = Producer(
        job.reader,
        job.store,
        transformer,
        Batcher(sync.batch_size, _generated_at(job)),
        run_id=run_id,
        start=start,
        source_now=job.source_now,
        future_tolerance=timedelta(minutes=sync.future_tolerance_minutes),
        out=out,
        stop=stop,
    )
    producer.start()
    try:
        while True:
            try:
                item = out.get(timeout=POLL_S)  # a timeout, so an interrupt is seen at once
            except queue.Empty:
                _check_cancel(job)
                continue
            if isinstance(item, Done):
                break
            if isinstance(item, Failed):
                raise item.error
            _check_cancel(job)
            window.submit(item, estimate)  # stored: the sender need not read it back
    finally:
        stop.set()
        _drain(out)
        producer.join()
        tally.stats = producer.stats
        for message in producer.stats.notices:
            _notice(job, tally, message)
        if producer.stats.rejected:
            job.listener(RecordsRejected(producer.stats.rejected))
        if producer.stats.unusable_keys:
            _notice(
                job,
                tally,
                ngettext(
                    "{n} row of the view has no usable id or updated_at and was skipped: "
                    "ask the DBA to check the view.",
                    "{n} rows of the view have no usable id or updated_at and were skipped: "
                    "ask the DBA to check the view.",
                    producer.stats.unusable_keys,
                ).format(n=producer.stats.unusable_keys),
            )
        if producer.stats.duplicates:
            _notice(
                job,
                tally,
                ngettext(
                    "The view returned {n} row twice with the same id and updated_at; "
                    "it was sent once.",
                    "The view returned {n} rows twice with the same id and updated_at; "
                    "each version was sent once.",
                    producer.stats.duplicates,
                ).format(n=producer.stats.duplicates),
            )
        if producer.stats.future_rows:
            _notice(
                job,
                tally,
                ngettext(
                    "{n} record has an updated_at in the future (database clock?); the cursor "
                    "does not follow it. Id: {ids}",
                    "{n} records have an updated_at in the future (database clock?); the cursor "
                    "does not follow them. Ids: {ids}",
                    producer.stats.future_rows,
                ).format(n=producer.stats.future_rows, ids=", ".join(producer.stats.future_ids)),
            )


def _advance_watermark(job: SyncJob, stats: ExtractionStats, old: CursorState | None) -> None:
    """After a complete read only; the cursor keeps it below open batches and the clock."""
    if not stats.complete or stats.scan_end is None:
        return
    now = stats.source_now or job.source_now  # SQL Server's own clock when there is one
    cap = now + timedelta(minutes=job.settings.sync.future_tolerance_minutes)
    new = job.reader.next_watermark(
        old, stats.scan_end, oldest_open=job.store.min_open_updated_at(), cap=cap
    )
    if new is not None:
        job.store.set_cursor_state(job.settings.source.view, new)


#: ids named in the message; the log file gets them all
WITHDRAWN_IDS_SHOWN = 20


def _report_withdrawn(job: SyncJob, tally: _Tally) -> None:
    """Records SINHA holds that are no longer in the view: say so (the contract has no delete).

    Deleted in the hospital system, or their discharge undone: SINHA keeps what it was
    sent, and this app has no way to withdraw it. The operator is told which, in the
    run's notices and its stored message, and the log file lists every id.
    """
    gone = tally.stats.gone_ids
    if not gone:
        return
    delivered = sorted(job.store.delivered_record_ids(gone))
    if not delivered:
        return
    log.warning("records delivered to SINHA and no longer in the view: %s", ", ".join(delivered))
    shown = ", ".join(delivered[:WITHDRAWN_IDS_SHOWN]) + (
        "…" if len(delivered) > WITHDRAWN_IDS_SHOWN else ""
    )
    message = ngettext(
        "{n} record already sent to SINHA is no longer in the view (deleted, or its discharge "
        "undone): {ids}. SINHA cannot be told yet: inform ANAHP.",
        "{n} records already sent to SINHA are no longer in the view (deleted, or their "
        "discharge undone): {ids}. SINHA cannot be told yet: inform ANAHP.",
        len(delivered),
    ).format(n=len(delivered), ids=shown)
    tally.withdrawn = message
    _notice(job, tally, message)


def _cancellable_sleep(cancel: threading.Event) -> Callable[[float], None]:
    def sleep(seconds: float) -> None:
        cancel.wait(seconds)

    return sleep


def _check_cancel(job: SyncJob) -> None:
    if job.cancel.is_set():
        raise SyncCancelledError(_("Sync cancelled by the operator."))


def _notice(job: SyncJob, tally: _Tally, message: str) -> None:
    tally.notices.append(message)
    job.listener(Notice(message))


def _drain(out: queue.Queue[Item]) -> None:
    while True:
        try:
            out.get_nowait()
        except queue.Empty:
            return


def _generated_at(job: SyncJob) -> Callable[[], str]:
    return job.store.clock.stamp
