""" "Retry all waiting batches": what waits is read off the GUI thread, then the operator is asked."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QWidget

from anahp_desktop.state import queries
from anahp_desktop.sync.service import SyncService
from anahp_desktop.ui import message_box
from anahp_desktop.ui.presenters import run_state
from anahp_desktop.ui.tasks import TaskRunner


def _title() -> str:
    return QCoreApplication.translate("MainWindow", "Retry all waiting batches")


class RetryAllFlow(QObject):
    """Signals: confirmed(list[str]): the waiting batches the operator agreed to send now.

    Its texts keep the translation context "MainWindow" they had in the window.
    """

    confirmed = Signal(list)

    def __init__(
        self, runner: TaskRunner, service: Callable[[], SyncService], window: QWidget
    ) -> None:
        super().__init__(window)
        self._runner = runner
        self._service = service
        self._window = window

    def start(self) -> None:
        service = self._service()  # .store may open (and migrate) the database: not here
        self._runner.submit(
            lambda: (
                queries.retryable_batch_ids(service.store),
                queries.batch_backlog(service.store),
            ),
            lambda found: self._ask(*found),
            lambda exc: message_box.warning(self._window, _title(), str(exc)),
        )

    def _ask(self, ids: list[str], backlog: queries.BatchBacklog) -> None:
        if not ids:
            message_box.information(
                self._window,
                _title(),
                QCoreApplication.translate("MainWindow", "No batch is waiting to be sent."),
            )
            return
        text = QCoreApplication.translate(
            "MainWindow", "Send the %n waiting batch(es) to SINHA now?", "", len(ids)
        )
        reasons = run_state.waiting_lines(backlog)
        if reasons:
            text += "\n\n" + "\n".join(reasons)
        if message_box.question(self._window, _title(), text):
            self.confirmed.emit(ids)
