"""Runs as the window asks for them, and what each stage of a run means for the window.

:class:`RunCoordinator` sits between the window and the :class:`SyncController`:
it starts runs (manual, scheduled, retries), tells the scheduler when one
ended, follows each run with a :class:`RunOutcomePresenter` and re-reads the
dashboard while one goes. It holds no widget: the window connects its
signals to the views (tested without a window).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from anahp_desktop import interpreter
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.sync.events import BatchFinished, BatchStarted, RunSummary
from anahp_desktop.sync.service import StatusReport
from anahp_desktop.ui import formatting
from anahp_desktop.ui.presenters.outcome import RunOutcome, RunOutcomePresenter
from anahp_desktop.ui.scheduler import SyncScheduler
from anahp_desktop.ui.sync_controller import SyncController, SyncRequest

# while a run goes, the dashboard's counters and the log are read again at most this often
LIVE_REFRESH_MS = 10_000


def already_running_text() -> str:
    return QCoreApplication.translate(
        "MainWindow", "A sync is already running; wait for it to finish."
    )


class RunCoordinator(QObject):
    """Signals:
    activity(str): a run's stage for the dashboard's activity line,
    message(str, int): for the status bar (0: until replaced; else ms); a run's start and
        end are said in both,
    retry_refused(str, str): "Retry this batch" refused (one already goes): id_lote, sentence,
    refused(str, str): a manual run was refused (one already goes): a title and a sentence
        the operator must hear,
    cancelling(): the run stops after the batches on their way,
    live_refresh(): a run goes: read the counters and the log again,
    ended(RunOutcome): a run ended or could not run.
    Texts keep the translation context "MainWindow" they had in the window.
    """

    activity = Signal(str)
    message = Signal(str, int)
    refused = Signal(str, str)
    retry_refused = Signal(str, str)
    cancelling = Signal()
    live_refresh = Signal()
    ended = Signal(RunOutcome)

    def __init__(
        self,
        controller: SyncController,
        scheduler: SyncScheduler,
        window_visible: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.scheduler = scheduler
        self.outcomes = RunOutcomePresenter()
        self._window_visible = window_visible
        self._learned = False
        self._live_timer = QTimer(self)
        self._live_timer.setSingleShot(True)
        self._live_timer.setInterval(LIVE_REFRESH_MS)
        self._live_timer.timeout.connect(self._on_live_timer)
        controller.run_requested.connect(self._on_run_requested)
        controller.running_changed.connect(interpreter.hold_collections)
        controller.batch_started.connect(self._on_batch_started)
        controller.batch_finished.connect(self._on_batch_finished)
        controller.finished.connect(self._on_finished)
        controller.failed.connect(self._on_failed)
        scheduler.due.connect(self._on_schedule_due)

    def show_status(self, report: StatusReport) -> None:
        """The first status read: when the last run ended (the schedule counts from it) and
        whether it failed (to say "working again" once it works). Later reads change nothing."""
        if self._learned:
            return
        self._learned = True
        last = report.last_run
        if last is not None:
            self.scheduler.learn_last_run(formatting.local(last.finished_at or last.started_at))
        self.outcomes.learn(report)

    def request(self, trigger: Trigger, only_batches: list[str] | None = None) -> bool:
        """Start a run; when one already goes, say so (a manual request: aloud) and False."""
        if self.controller.start(trigger, only_batches):
            return True
        self.message.emit(already_running_text(), 8000)
        if trigger == Trigger.MANUAL:
            title = QCoreApplication.translate("MainWindow", "Sync already running")
            self.refused.emit(title, already_running_text())
        return False

    def retry_batch(self, id_lote: str) -> None:
        """A batch-details dialog's "Retry this batch"."""
        if not self.controller.start(Trigger.RETRY, [id_lote]):
            self.retry_refused.emit(id_lote, already_running_text())

    def cancel(self) -> None:
        if self.controller.running:
            self.controller.cancel()
            self.cancelling.emit()
            text = QCoreApplication.translate(
                "MainWindow", "Cancelling after the batches on their way…"
            )
            self.message.emit(text, 0)

    def _on_schedule_due(self) -> None:
        if not self.controller.running:  # not queued: the next slot counts from the run's end
            self.controller.start(Trigger.SCHEDULED)

    def _on_run_requested(self, request: SyncRequest) -> None:
        self._say(self.outcomes.run_requested(request), 0)

    def _say(self, text: str, timeout_ms: int) -> None:
        self.activity.emit(text)
        self.message.emit(text, timeout_ms)

    def _on_batch_started(self, event: BatchStarted) -> None:
        self.activity.emit(self.outcomes.batch_started_text(event))

    def _on_batch_finished(self, event: BatchFinished) -> None:
        self.outcomes.batch_finished(event)
        if not self._live_timer.isActive():
            self._live_timer.start()

    def _on_live_timer(self) -> None:
        if self.controller.running:
            self.live_refresh.emit()

    def _on_finished(self, summary: RunSummary) -> None:
        self._end(self.outcomes.finished(summary, window_visible=self._window_visible()))

    def _on_failed(self, exc: Exception) -> None:
        self._end(self.outcomes.failed(exc, window_visible=self._window_visible()))

    def _end(self, outcome: RunOutcome) -> None:
        self._say(outcome.text, 15000)  # first: the tray's tooltip quotes it
        request = self.controller.last_request
        self.scheduler.run_finished(outcome.summary, request.trigger if request else None)
        self.ended.emit(outcome)
