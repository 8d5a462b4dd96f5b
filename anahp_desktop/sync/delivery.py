"""Delivering one stored batch to SINHA, exactly once.

For each attempt: the attempt is logged as "running" and the batch marked as
possibly sent *before* the request; the answer and the log row are written in
one transaction after it. A batch whose last request may have reached SINHA
(timeout, lost connection, broken reply, or a crash mid-send) is looked up
with ``GET /lotes/{id_lote}`` before it is posted again, and a batch the
store shows as delivered is never posted. 413 splits the batch in two; 400 and
422 reject the records SINHA named and send the rest as a new batch.

Before each request and after each batch the sender checks that the run still
holds the sync lock (``check_lock`` raises SyncLockLostError): a run whose
lock was lost sends nothing more, so it never overlaps the next holder.
"""

from __future__ import annotations

import itertools
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tenacity import RetryCallState

from anahp_desktop.domain.retry import attempt_status_after, batch_status_after, stops_the_run
from anahp_desktop.domain.statuses import AttemptStatus, BatchStatus, RejectionOrigin, Trigger
from anahp_desktop.domain.values import RecordKey
from anahp_desktop.errors import (
    SinhaError,
    SinhaInvalidBatchError,
    SinhaReceiptError,
    SinhaTooLargeError,
    SinhaTransportError,
    SinhaUnconfirmedError,
    SinhaWaitLimitError,
    StateStoreError,
    SyncCancelledError,
)
from anahp_desktop.sinha.client import SinhaClient
from anahp_desktop.sinha.contract import LoteReceipt
from anahp_desktop.sinha.retry_policy import RetryPolicy, WaitBudget
from anahp_desktop.state.records import AttemptOutcome, OpenBatch, PreparedBatch, RejectedRecord
from anahp_desktop.state.store import StateStore
from anahp_desktop.sync.batching import build_batch
from anahp_desktop.sync.events import AttemptFailed, BatchFinished, BatchStarted, Listener
from anahp_desktop.translation import _, ngettext

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeliveryResult:
    """Totals for one batch and any batches that replaced it."""

    delivered: int = 0
    rejected: int = 0
    failed_batches: int = 0
    batches: int = 0

    def __add__(self, other: DeliveryResult) -> DeliveryResult:
        return DeliveryResult(
            self.delivered + other.delivered,
            self.rejected + other.rejected,
            self.failed_batches + other.failed_batches,
            self.batches + other.batches,
        )


@dataclass(frozen=True)
class _Replaced:
    children: list[PreparedBatch]
    rejected: int
    message: str  # what the batch's details and the log say (not an earlier retry's error)


class BatchSender:
    """Sends stored batches; raises only when the run itself must stop."""

    def __init__(
        self,
        store: StateStore,
        client: SinhaClient,
        policy: RetryPolicy,
        *,
        run_id: str,
        trigger: Trigger,
        operator: str,
        listener: Listener,
        cancel: threading.Event,
        check_lock: Callable[[], None] = lambda: None,
        budget: WaitBudget | None = None,
    ) -> None:
        self._store = store
        self._client = client
        self._policy = policy
        self._run_id = run_id
        self._trigger = trigger
        self._operator = operator
        self._emit = listener
        self._cancel = cancel
        self._check_lock = check_lock
        self._budget = budget or WaitBudget(float("inf"))
        self._numbers = itertools.count(1)  # next() is atomic: senders may share this object
        self._totals_lock = threading.Lock()
        self._totals = DeliveryResult()

    @property
    def totals(self) -> DeliveryResult:
        """What every batch sent so far did (those that stopped the run included)."""
        with self._totals_lock:
            return self._totals

    def send(self, batch: str | PreparedBatch, estimated_total: int) -> None:
        """Deliver one batch (and its replacements after a 413 or 422); count what it did.

        ``batch`` is a stored batch's id, or a batch this run has just stored
        (see :func:`just_stored`). Raises SinhaError when the run must stop:
        credentials or TLS refused, or SINHA still unavailable after every
        retry. The batch then stays open and the next run sends it again; it
        is counted as failed all the same (counting from return values lost
        it, and the run row said 0). Raises SyncLockLostError when the run no
        longer holds the sync lock.
        """
        if self._cancel.is_set():
            raise SyncCancelledError(_("Sync cancelled by the operator."))
        self._send(batch, estimated_total)
        self._check_lock()  # after each batch

    def _send(self, handed: str | PreparedBatch, estimated_total: int) -> None:
        batch: OpenBatch | None
        if isinstance(handed, PreparedBatch):
            id_lote, batch = handed.id_lote, just_stored(handed)
        else:
            id_lote, batch = handed, self._store.load_batch(handed)
        if batch is None or not batch.status.is_open:
            return  # delivered or retired meanwhile: never post it again
        number = next(self._numbers)
        self._emit(BatchStarted(number, max(estimated_total, number), id_lote, batch.record_count))
        try:
            outcome = self._deliver_with_retries(batch)
        except SinhaError as exc:
            self._count(DeliveryResult(failed_batches=1, batches=1))
            self._emit(
                BatchFinished(
                    number,
                    id_lote,
                    self._status_of(id_lote),
                    batch.record_count,
                    message=exc.message,
                )
            )
            if stops_the_run(exc):
                raise
            return
        except SyncCancelledError:
            self._count(DeliveryResult(batches=1))  # tried, and waits: not a failure
            raise
        except Exception:
            self._count(DeliveryResult(failed_batches=1, batches=1))  # e.g. the store failed
            raise
        if isinstance(outcome, _Replaced):
            self._count(DeliveryResult(rejected=outcome.rejected, batches=1))
            self._emit(
                BatchFinished(
                    number,
                    id_lote,
                    self._status_of(id_lote),
                    batch.record_count,
                    rejected=outcome.rejected,
                    message=outcome.message,
                )
            )
            for child in outcome.children:
                self.send(child, estimated_total + len(outcome.children))
            return
        self._count(DeliveryResult(delivered=batch.record_count, batches=1))
        self._emit(BatchFinished(number, id_lote, BatchStatus.DELIVERED, batch.record_count))

    def _count(self, result: DeliveryResult) -> None:
        with self._totals_lock:
            self._totals += result

    def _deliver_with_retries(self, batch: OpenBatch) -> _Replaced | None:
        retrying = self._policy.retrying(
            sleep=self._sleep, before_sleep=self._before_sleep(batch.id_lote)
        )
        loaded: OpenBatch | None = batch  # the first attempt uses the row send() just read
        for attempt in retrying:
            with attempt:
                current, loaded = loaded, None
                return self._attempt(batch.id_lote, current)
        raise AssertionError("unreachable: tenacity re-raises the last error")  # pragma: no cover

    def _attempt(self, id_lote: str, loaded: OpenBatch | None = None) -> _Replaced | None:
        """One attempt; ``loaded`` is the batch as just read (a retry reads it again)."""
        batch = loaded or self._store.load_batch(id_lote)
        if batch is None or not batch.status.is_open:
            return None
        if batch.payload is None:
            raise StateStoreError(_("The stored batch {id} has no payload.").format(id=id_lote))
        uncertain = batch.status.looked_up_first
        self._check_lock()  # before each request (the lookup and the POST)
        log_id, _attempt_no = self._store.begin_attempt(
            batch, self._run_id, self._trigger, self._operator, mark_sending=True
        )
        try:
            if uncertain:
                receipt = self._look_up(id_lote, batch.record_count)
                if receipt is not None:
                    self._store.record_delivery(
                        id_lote,
                        log_id,
                        AttemptOutcome(
                            AttemptStatus.SUCCESS, 200, response_body=receipt.model_dump_json()
                        ),
                        receipt.protocolo,
                    )
                    return None
            status, receipt = self._client.post_lote(
                batch.payload.encode("utf-8"), id_lote, batch.record_count
            )
        except SinhaTooLargeError as exc:
            return self._split(batch, log_id, exc)
        except SinhaInvalidBatchError as exc:
            replaced = self._reject_records(batch, log_id, exc)
            if replaced is None:
                raise
            return replaced
        except SinhaUnconfirmedError as exc:
            log.warning("batch %s waits for an operator: %s", id_lote, exc.message)
            self._store.record_failure(id_lote, log_id, _failure(exc), BatchStatus.UNCONFIRMED)
            raise
        except SinhaError as exc:
            still_uncertain = uncertain or (isinstance(exc, SinhaTransportError) and exc.uncertain)
            log.warning("batch %s attempt failed (%s): %s", id_lote, exc.category, exc.message)
            self._store.record_failure(
                id_lote, log_id, _failure(exc), batch_status_after(exc, still_uncertain)
            )
            raise
        self._store.record_delivery(
            id_lote,
            log_id,
            AttemptOutcome(AttemptStatus.SUCCESS, status, response_body=receipt.model_dump_json()),
            receipt.protocolo,
        )
        return None

    def _look_up(self, id_lote: str, records: int) -> LoteReceipt | None:
        """SINHA's receipt for the batch, None if it never got it; raises if it disagrees.

        Reached when an earlier answer was uncertain -- including a receipt that did
        not confirm the batch. A lookup that does not confirm it either means SINHA's
        own answers contradict what was sent: only a person can tell what SINHA holds.
        """
        try:
            return self._client.get_lote(id_lote, records)
        except SinhaReceiptError as exc:
            raise SinhaUnconfirmedError(
                exc.message
                + " "
                + _(
                    "SINHA's lookup does not confirm the batch either: it is kept with its "
                    "content and not sent again until an operator checks it with ANAHP and "
                    "retries it."
                ),
                http_status=exc.http_status,
                body=exc.body,
            ) from exc

    def _split(self, batch: OpenBatch, log_id: int, exc: SinhaTooLargeError) -> _Replaced:
        keys, records, cnes = self._contents(batch)
        if len(keys) < 2:
            self._store.record_failure(batch.id_lote, log_id, _failure(exc), BatchStatus.FAILED)
            raise exc
        half = len(keys) // 2
        generated = self._store.clock.stamp()
        children = [
            build_batch(cnes, keys[:half], records[:half], generated, batch.id_lote),
            build_batch(cnes, keys[half:], records[half:], generated, batch.id_lote),
        ]
        outcome = AttemptOutcome(
            AttemptStatus.REJECTED,
            exc.http_status,
            exc.category,
            _("Too large: split into {n} smaller batches.").format(n=len(children)),
            exc.body,
        )
        self._store.replace_batch(
            batch.id_lote, BatchStatus.SPLIT, log_id, outcome, children, [], self._run_id
        )
        return _Replaced(children, 0, outcome.error_message or "")

    def _reject_records(
        self, batch: OpenBatch, log_id: int, exc: SinhaInvalidBatchError
    ) -> _Replaced | None:
        keys, records, cnes = self._contents(batch)
        by_index: dict[int, list[tuple[str, str]]] = {}
        for index, field_name, message in exc.record_errors:
            if 0 <= index < len(keys):
                by_index.setdefault(index, []).append((message[:300], field_name[:60]))
        if not by_index:
            self._store.record_failure(batch.id_lote, log_id, _failure(exc), BatchStatus.FAILED)
            return None
        rejected = [
            RejectedRecord(keys[i], cnes, tuple(reasons), RejectionOrigin.SINHA, batch.id_lote)
            for i, reasons in sorted(by_index.items())
        ]
        kept = [i for i in range(len(keys)) if i not in by_index]
        children = []
        if kept:
            children.append(
                build_batch(
                    cnes,
                    [keys[i] for i in kept],
                    [records[i] for i in kept],
                    self._store.clock.stamp(),
                    batch.id_lote,
                )
            )
        outcome = AttemptOutcome(
            AttemptStatus.REJECTED,
            exc.http_status,
            exc.category,
            ngettext(
                "SINHA rejected {n} record; the others are sent in a new batch.",
                "SINHA rejected {n} records; the others are sent in a new batch.",
                len(rejected),
            ).format(n=len(rejected)),
            exc.body,
            records_rejected=len(rejected),
        )
        self._store.replace_batch(
            batch.id_lote, BatchStatus.SUPERSEDED, log_id, outcome, children, rejected, self._run_id
        )
        return _Replaced(children, len(rejected), outcome.error_message or "")

    def _contents(self, batch: OpenBatch) -> tuple[list[RecordKey], list[dict[str, Any]], str]:
        assert batch.payload is not None
        body = json.loads(batch.payload)
        keys = self._store.batch_keys(batch.id_lote)
        records: list[dict[str, Any]] = body["registros"]
        if len(keys) != len(records):
            raise StateStoreError(
                _("The stored batch {id} does not match its record list.").format(id=batch.id_lote)
            )
        return keys, records, batch.cnes

    def _status_of(self, id_lote: str) -> BatchStatus:
        batch = self._store.load_batch(id_lote)
        return batch.status if batch else BatchStatus.FAILED

    def _before_sleep(self, id_lote: str) -> Callable[[RetryCallState], None]:
        def report(state: RetryCallState) -> None:
            exc = state.outcome.exception() if state.outcome else None
            wait = state.upcoming_sleep
            message = exc.message if isinstance(exc, SinhaError) else str(exc)
            self._emit(AttemptFailed(id_lote, state.attempt_number, message, wait))

        return report

    def _sleep(self, seconds: float) -> None:
        """Wait before a retry; a Cancel during the wait ends the run (the batch stays open).

        The run's waits are bounded in all: asked for more than is left, it stops
        now rather than hold the sync lock (the next run resumes).
        """
        if self._cancel.is_set():
            raise SyncCancelledError(_("Sync cancelled by the operator."))
        if not self._budget.take(seconds):
            raise SinhaWaitLimitError(
                _(
                    "SINHA asked to wait {wait:.0f} s before trying again, more than this run may "
                    "still wait ({left:.0f} s of sync.max_wait_s = {total:.0f} s): the batches "
                    "stay pending for the next run."
                ).format(wait=seconds, left=self._budget.left_s, total=self._budget.total_s)
            )
        self._policy.sleep(seconds)
        if self._cancel.is_set():
            raise SyncCancelledError(_("Sync cancelled by the operator."))


def just_stored(prepared: PreparedBatch) -> OpenBatch:
    """The row of a batch this run has just stored, as ``load_batch`` would read it.

    A batch is handed to the sender only after the transaction that inserted
    it (pending, no attempt yet, this payload) committed: the producer's
    ``save_intents`` or this sender's own ``replace_batch``. Until its first
    attempt nothing else can have changed the row: only a sender changes a
    batch's status, each batch is handed to exactly one sender thread, other
    runs wait for the sync lock (checked again before the request), and the
    log purge touches only split and superseded batches. Reading it back cost
    half a millisecond of CPU a batch (its whole payload); a retry still reads
    the row, since the attempt before it changed it.
    """
    return OpenBatch(
        prepared.id_lote,
        prepared.cnes,
        BatchStatus.PENDING,
        prepared.payload,
        prepared.record_count,
        0,
        prepared.min_updated_at,
    )


def _failure(exc: SinhaError) -> AttemptOutcome:
    return AttemptOutcome(
        attempt_status_after(exc), exc.http_status, exc.category, exc.message, exc.body or None
    )
