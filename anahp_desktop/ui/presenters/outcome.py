"""What a run's end means for the window: its sentence, the tray, the SINHA card, a notification.

:class:`RunOutcomePresenter` follows one run from its request to its end and
decides; the window only shows what it decided. No widget here: tested
without a window.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import assert_never

from PySide6.QtCore import QCoreApplication

from anahp_desktop.domain.categories import ErrorCategory
from anahp_desktop.domain.statuses import OPEN_BATCHES, RunStatus
from anahp_desktop.errors import SyncAlreadyRunningError
from anahp_desktop.sync.events import BatchFinished, BatchStarted, RunSummary
from anahp_desktop.sync.service import StatusReport
from anahp_desktop.sync.work_left import Verdict
from anahp_desktop.ui import icons
from anahp_desktop.ui.presenters import lock_text
from anahp_desktop.ui.run_messages import RunMessages
from anahp_desktop.ui.sync_controller import SyncRequest

# error categories that say SINHA itself answered badly (the SINHA card turns red)
SINHA_CATEGORIES = (
    ErrorCategory.TRANSPORT,
    ErrorCategory.SERVER,
    ErrorCategory.AUTH,
    ErrorCategory.TLS,
)


def run_failed(status: RunStatus) -> bool:
    """A finished run the tray and the notification show as an error."""
    match status:
        case RunStatus.SUCCESS | RunStatus.CANCELLED:
            return False
        case RunStatus.FAILED | RunStatus.INTERRUPTED | RunStatus.RUNNING:
            return True
        case _:
            assert_never(status)


@dataclass(frozen=True)
class Notification:
    title: str
    text: str
    error: bool
    id_lote: str = ""  # the failed batch to open when clicked ("" : the dashboard)


class OutcomeNotifier:
    """Remembers whether the last run failed, to say "working again" once it works.

    ``window_visible``: the window shows the outcome itself; a balloon then
    would only cover it (and a dialog's buttons), so none is given.
    """

    def __init__(self) -> None:
        self.last_failed: bool | None = None

    def learn(self, failed: bool) -> None:
        """At start-up, from the state store: the last run's outcome."""
        if self.last_failed is None:
            self.last_failed = failed

    def after_run(
        self, failed: bool, text: str, failed_lote: str | None, *, window_visible: bool
    ) -> Notification | None:
        before, self.last_failed = self.last_failed, failed
        if window_visible:
            return None
        if failed:
            return Notification(
                QCoreApplication.translate("Outcome", "ANAHP Sync: the sync failed"),
                text + "\n" + QCoreApplication.translate("Outcome", "Click to see the details."),
                True,
                failed_lote or "",
            )
        if before:
            return Notification(
                QCoreApplication.translate("Outcome", "ANAHP Sync: working again"), text, False
            )
        return None


def connection_ok_text(which: str) -> str:
    """What a connection card says when its test passed ("database" or "sinha")."""
    if which == "database":
        return QCoreApplication.translate("MainWindow", "The view answers as agreed.")
    return QCoreApplication.translate("MainWindow", "SINHA accepts the credentials.")


def connection_title(category: str | None) -> str | None:
    """The SINHA card's title for an error category (None: the card's own "Not reachable")."""
    match category:
        case ErrorCategory.SERVER:
            return QCoreApplication.translate("MainWindow", "Answering with errors")
        case ErrorCategory.AUTH:
            return QCoreApplication.translate("MainWindow", "Credentials refused")
        case ErrorCategory.TLS:
            return QCoreApplication.translate("MainWindow", "TLS problem")
    return None


@dataclass(frozen=True)
class RunOutcome:
    """What the window shows when a run ended or could not run."""

    summary: RunSummary | None  # None: the run could not start, or crashed
    text: str  # the progress page, the dashboard's activity line, the status bar
    tray_state: icons.TrayState  # ERROR or IDLE
    notification: Notification | None  # a balloon, for a window the operator does not see
    sinha_ok: bool | None  # the SINHA card: True connected, False not reachable, None as it was
    category: str | None  # the error category, for the SINHA card's title


class RunOutcomePresenter:
    """Follows each run: which batch failed, and what its end says (texts keep the
    translation context "MainWindow" they had in the window)."""

    def __init__(self) -> None:
        self.notifier = OutcomeNotifier()
        self._failed_lote: str | None = None  # the run's last failed batch: a click opens it

    def learn(self, report: StatusReport) -> None:
        """At start-up, from the state store: whether the last run failed."""
        self.notifier.learn(report.verdict is Verdict.FAILED)

    def run_requested(self, request: SyncRequest) -> str:
        """A new run: forget the last one's failed batch; the sentence that says it started."""
        self._failed_lote = None
        return RunMessages.started_text(request)

    @staticmethod
    def batch_started_text(event: BatchStarted) -> str:
        return (
            QCoreApplication.translate("MainWindow", "Sending batch %1 of %2…")
            .replace("%1", str(event.number))
            .replace("%2", str(event.estimated_total))
        )

    def batch_finished(self, event: BatchFinished) -> None:
        if event.status in OPEN_BATCHES:
            self._failed_lote = event.id_lote

    def finished(self, summary: RunSummary, *, window_visible: bool) -> RunOutcome:
        failed = run_failed(summary.status)
        text = RunMessages.finished_text(summary)
        return self._outcome(summary, failed, text, summary.error_category, window_visible)

    def failed(self, exc: Exception, *, window_visible: bool) -> RunOutcome:
        if isinstance(exc, SyncAlreadyRunningError):  # not a failure: another copy runs
            failed = bool(self.notifier.last_failed)  # the tray keeps showing the last outcome
            text = lock_text.already_running(exc.holder)
            return self._outcome(None, failed, text, exc.category, window_visible, refused=True)
        text = QCoreApplication.translate("MainWindow", "The sync could not run: %1").replace(
            "%1", str(exc)
        )
        return self._outcome(None, True, text, getattr(exc, "category", None), window_visible)

    def _outcome(
        self,
        summary: RunSummary | None,
        failed: bool,
        text: str,
        category: str | None,
        window_visible: bool,
        refused: bool = False,
    ) -> RunOutcome:
        note = None
        if not refused:  # a refused run changes nothing: no balloon, "working again" stays due
            note = self.notifier.after_run(
                failed, text, self._failed_lote, window_visible=window_visible
            )
        sinha_ok: bool | None = None
        if category in SINHA_CATEGORIES:
            sinha_ok = False
        elif summary is not None and summary.delivered:
            sinha_ok = True
        tray = icons.ERROR if failed else icons.IDLE
        return RunOutcome(summary, text, tray, note, sinha_ok, category)
