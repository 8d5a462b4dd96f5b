"""The sync run on its own thread, and the one place that starts it.

:class:`SyncWorker` is a QObject with no parent moved to a QThread; a queued
signal starts each run there, and the engine's events come back as Qt
signals, so widgets only ever see signals. :class:`SyncController` lives on
the GUI thread and guarantees one run at a time: asking for a second run
while one is going returns False instead of queuing it.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, SignalInstance, Slot

from anahp_desktop import interpreter
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.errors import AnahpError
from anahp_desktop.sync.events import (
    AttemptFailed,
    BatchFinished,
    BatchStarted,
    Notice,
    RecordsRejected,
    RunFinished,
    RunStarted,
    RunSummary,
    SyncEvent,
)
from anahp_desktop.ui.context import AppContext


@dataclass(frozen=True)
class SyncRequest:
    trigger: Trigger
    only_batches: tuple[str, ...] | None = None  # "Retry this batch" / "Retry all waiting batches"


def report_bug(exc: Exception) -> AnahpError:
    """A bug that ended a run: to ``sys.excepthook`` (the app's CrashReporter: the traceback
    to the log file, the window saying nothing was lost); the run's own outcome gets a
    sentence instead of the error's text, which may quote a statement and its data."""
    sys.excepthook(type(exc), exc, exc.__traceback__)
    return AnahpError(
        # completes "The sync could not run: %1" (a plain comment: see the ui/ rule on #:)
        QCoreApplication.translate(
            "SyncWorker",
            "an unexpected error stopped it. Nothing was lost: records not delivered stay "
            "pending for the next sync.",
        )
    )


class SyncWorker(QObject):
    """Runs :meth:`SyncService.run` on the worker thread.

    One signal per engine event class, each carrying that class (all delivered
    queued to the GUI thread):
        run_started(RunStarted): the engine began the run (after the lock was taken),
        batch_started(BatchStarted), batch_finished(BatchFinished),
        attempt_failed(AttemptFailed), records_rejected(RecordsRejected),
        notice(str): a :class:`Notice`'s message,
        finished(RunSummary): the run ended (success, failed or cancelled),
        failed(Exception): the run could not start or crashed.
    ``RunFinished`` has no signal: its summary is ``finished``'s argument.
    """

    run_started = Signal(RunStarted)
    batch_started = Signal(BatchStarted)
    batch_finished = Signal(BatchFinished)
    attempt_failed = Signal(AttemptFailed)
    records_rejected = Signal(RecordsRejected)
    notice = Signal(str)
    finished = Signal(RunSummary)
    failed = Signal(Exception)

    def __init__(self, context: AppContext) -> None:
        super().__init__()  # no parent: it is moved to the worker thread
        self._context = context
        self.cancel_event = threading.Event()

    @Slot(object)
    def run(self, request: SyncRequest) -> None:
        interpreter.lower_this_thread_priority()
        only = list(request.only_batches) if request.only_batches is not None else None
        try:
            summary = self._context.service.run(
                request.trigger, listener=self._emit, cancel=self.cancel_event, only_batches=only
            )
        except AnahpError as exc:
            self.failed.emit(exc)
        except Exception as exc:  # a bug: keep the app alive, take the unexpected-error path
            self.failed.emit(report_bug(exc))
        else:
            self.finished.emit(summary)

    def signal_for(self, event_class: type[SyncEvent]) -> SignalInstance | None:
        """The signal that carries events of this class (None: ``RunFinished``, or not known).

        Every :class:`SyncEvent` class is listed (a test checks it), so a new
        engine event cannot be dropped here unnoticed.
        """
        signals: dict[type[SyncEvent], SignalInstance | None] = {
            RunStarted: self.run_started,
            BatchStarted: self.batch_started,
            BatchFinished: self.batch_finished,
            AttemptFailed: self.attempt_failed,
            RecordsRejected: self.records_rejected,
            Notice: self.notice,
            RunFinished: None,  # the summary arrives through ``finished``
        }
        return signals.get(event_class)

    def _emit(self, event: SyncEvent) -> None:
        """The engine's listener: called on the worker thread, re-emitted as its class's signal."""
        signal = self.signal_for(type(event))
        if isinstance(event, Notice):
            self.notice.emit(event.message)
        elif signal is not None:
            signal.emit(event)


class SyncController(QObject):
    """Owns the worker thread; the GUI's only way to start, cancel or wait for a run.

    Signals:
        running_changed(bool),
        run_requested(SyncRequest): a run was accepted here, on the GUI thread, before
            the worker began it (``run_started`` follows from the engine),
        the worker's event signals re-exposed (see :class:`SyncWorker`),
        finished(RunSummary), failed(Exception).
    """

    running_changed = Signal(bool)
    run_requested = Signal(SyncRequest)
    run_started = Signal(RunStarted)
    batch_started = Signal(BatchStarted)
    batch_finished = Signal(BatchFinished)
    attempt_failed = Signal(AttemptFailed)
    records_rejected = Signal(RecordsRejected)
    notice = Signal(str)
    finished = Signal(RunSummary)
    failed = Signal(Exception)
    _start_requested = Signal(SyncRequest)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("sync-worker")
        self._worker = SyncWorker(context)
        self._worker.moveToThread(self._thread)
        self._thread.finished.connect(self._worker.deleteLater)
        self._start_requested.connect(self._worker.run)
        worker = self._worker
        worker.run_started.connect(self.run_started)
        worker.batch_started.connect(self.batch_started)
        worker.batch_finished.connect(self.batch_finished)
        worker.attempt_failed.connect(self.attempt_failed)
        worker.records_rejected.connect(self.records_rejected)
        worker.notice.connect(self.notice)
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

    def start(self, trigger: Trigger, only_batches: list[str] | None = None) -> bool:
        """Start a run; False (nothing queued) when one is already going."""
        if self._running is not None:
            return False
        request = SyncRequest(trigger, tuple(only_batches) if only_batches is not None else None)
        self._worker.cancel_event.clear()
        self._running = self._last = request
        self.running_changed.emit(True)
        self.run_requested.emit(request)
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
    def _on_worker_finished(self, summary: RunSummary) -> None:
        self._running = None
        self.running_changed.emit(False)
        self.finished.emit(summary)

    @Slot(object)
    def _on_worker_failed(self, exc: Exception) -> None:
        self._running = None
        self.running_changed.emit(False)
        self.failed.emit(exc)
