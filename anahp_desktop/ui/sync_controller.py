"""The sync run on its own thread, and the one place that starts it.

:class:`SyncWorker` is a QObject with no parent moved to a QThread; a queued
signal starts each run there, and the engine's events come back as Qt
signals, so widgets only ever see signals. :class:`SyncController` lives on
the GUI thread and guarantees one run at a time: asking for a second run
while one is going returns False instead of queuing it.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThread, Signal, Slot

from anahp_desktop.errors import AnahpError
from anahp_desktop.sync.events import (
    AttemptFailed,
    BatchFinished,
    BatchStarted,
    Notice,
    RecordsRejected,
    RunFinished,
    RunStarted,
    SyncEvent,
)
from anahp_desktop.ui.context import AppContext

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncRequest:
    trigger: str  # a Trigger value
    only_batches: tuple[str, ...] | None = None  # "Retry this batch" / "Retry all waiting batches"


#: how much lower than the window the sync's threads run (Unix "nice" steps)
WORKER_NICENESS = 10


def _yield_to_the_window() -> None:
    """Lower this worker thread's CPU priority (once); the engine's threads inherit it.

    The sync is CPU-bound for minutes on a backlog and shares the machine's
    cores with the window: at a lower priority the system runs the window's
    thread first whenever both are ready (docs/performance.md). Windows gets
    the same from the QThread priority set in SyncController.
    """
    if not hasattr(os, "setpriority") or not hasattr(threading, "get_native_id"):
        return
    me = threading.get_native_id()
    try:
        if os.getpriority(os.PRIO_PROCESS, me) < WORKER_NICENESS:
            os.setpriority(os.PRIO_PROCESS, me, WORKER_NICENESS)  # on Linux: this thread only
    except OSError:
        return


class SyncWorker(QObject):
    """Runs :meth:`SyncService.run` on the worker thread.

    Signals (all delivered queued to the GUI thread):
        run_started(RunStarted), batch_started(BatchStarted),
        batch_finished(BatchFinished), attempt_failed(AttemptFailed),
        records_rejected(RecordsRejected), notice(str),
        finished(RunSummary): the run ended (success, failed or cancelled),
        failed(AnahpError | Exception): the run could not start or crashed.
    """

    run_started = Signal(object)
    batch_started = Signal(object)
    batch_finished = Signal(object)
    attempt_failed = Signal(object)
    records_rejected = Signal(object)
    notice = Signal(str)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, context: AppContext) -> None:
        super().__init__()  # no parent: it is moved to the worker thread
        self._context = context
        self.cancel_event = threading.Event()

    @Slot(object)
    def run(self, request: SyncRequest) -> None:
        _yield_to_the_window()
        only = list(request.only_batches) if request.only_batches is not None else None
        try:
            summary = self._context.service.run(
                request.trigger, listener=self._emit, cancel=self.cancel_event, only_batches=only
            )
        except AnahpError as exc:
            self.failed.emit(exc)
        except Exception as exc:  # a bug: keep the app alive, log the traceback
            log.exception("sync run crashed")
            self.failed.emit(exc)
        else:
            self.finished.emit(summary)

    def _emit(self, event: SyncEvent) -> None:
        """The engine's listener: called on the worker thread, re-emitted as signals."""
        if isinstance(event, RunStarted):
            self.run_started.emit(event)
        elif isinstance(event, BatchStarted):
            self.batch_started.emit(event)
        elif isinstance(event, BatchFinished):
            self.batch_finished.emit(event)
        elif isinstance(event, AttemptFailed):
            self.attempt_failed.emit(event)
        elif isinstance(event, RecordsRejected):
            self.records_rejected.emit(event)
        elif isinstance(event, Notice):
            self.notice.emit(event.message)
        elif isinstance(event, RunFinished):
            pass  # the summary arrives through ``finished`` with the run's return value


class SyncController(QObject):
    """Owns the worker thread; the GUI's only way to start, cancel or wait for a run.

    Signals:
        running_changed(bool), started(SyncRequest), the worker's progress
        signals re-exposed, finished(RunSummary), failed(Exception).
    """

    running_changed = Signal(bool)
    started = Signal(object)
    run_started = Signal(object)
    batch_started = Signal(object)
    batch_finished = Signal(object)
    attempt_failed = Signal(object)
    records_rejected = Signal(object)
    notice = Signal(str)
    finished = Signal(object)
    failed = Signal(object)
    _start_requested = Signal(object)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("sync-worker")
        self._worker = SyncWorker(context)
        self._worker.moveToThread(self._thread)
        self._thread.finished.connect(self._worker.deleteLater)
        self._start_requested.connect(self._worker.run)
        for name in (
            "run_started",
            "batch_started",
            "batch_finished",
            "attempt_failed",
            "records_rejected",
            "notice",
        ):
            getattr(self._worker, name).connect(getattr(self, name))
        self._worker.finished.connect(self._on_worker_finished)
        self._worker.failed.connect(self._on_worker_failed)
        self._thread.start(QThread.Priority.LowPriority)
        self._running: SyncRequest | None = None
        self._last: SyncRequest | None = None

    @property
    def running(self) -> bool:
        return self._running is not None

    @property
    def current(self) -> SyncRequest | None:
        return self._running

    @property
    def last_request(self) -> SyncRequest | None:
        """The run going now, or the one that ended last (its trigger decides the schedule)."""
        return self._last

    @property
    def cancelling(self) -> bool:
        return self.running and self._worker.cancel_event.is_set()

    def start(self, trigger: str, only_batches: list[str] | None = None) -> bool:
        """Start a run; False (nothing queued) when one is already going."""
        if self._running is not None:
            return False
        request = SyncRequest(trigger, tuple(only_batches) if only_batches is not None else None)
        self._worker.cancel_event.clear()
        self._running = self._last = request
        self.running_changed.emit(True)
        self.started.emit(request)
        self._start_requested.emit(request)
        return True

    def cancel(self) -> None:
        """Ask the run to stop once the batches on their way have their answers."""
        if self._running is not None:
            self._worker.cancel_event.set()

    def shutdown(self) -> None:
        """Cancel any run, then stop the thread and wait for it (call before quitting)."""
        self.cancel()
        self._thread.quit()
        self._thread.wait()

    @Slot(object)
    def _on_worker_finished(self, summary: object) -> None:
        self._running = None
        self.running_changed.emit(False)
        self.finished.emit(summary)

    @Slot(object)
    def _on_worker_failed(self, exc: object) -> None:
        self._running = None
        self.running_changed.emit(False)
        self.failed.emit(exc)
