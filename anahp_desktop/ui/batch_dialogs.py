"""The open batch-details dialogs: one per ``id_lote``, raised again when asked twice."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from anahp_desktop.sync.service import SyncService
from anahp_desktop.ui.dialogs.batch_details import BatchDetailsDialog
from anahp_desktop.ui.presenters.outcome import RunOutcome
from anahp_desktop.ui.tasks import TaskRunner


class BatchDialogs(QObject):
    """Signals: retry_requested(str id_lote): a dialog's "Retry this batch" was clicked."""

    retry_requested = Signal(str)

    def __init__(
        self, runner: TaskRunner, service: Callable[[], SyncService], window: QWidget
    ) -> None:
        super().__init__(window)
        self._runner = runner
        self._service = service
        self._window = window
        self._open: dict[str, BatchDetailsDialog] = {}

    def __contains__(self, id_lote: str) -> bool:
        return id_lote in self._open

    def __getitem__(self, id_lote: str) -> BatchDetailsDialog:
        return self._open[id_lote]

    def open(self, id_lote: str) -> BatchDetailsDialog:
        dialog = self._open.get(id_lote)
        if dialog is None:
            dialog = BatchDetailsDialog(self._runner, self._service, id_lote, self._window)
            dialog.retry_requested.connect(self.retry_requested)
            dialog.batch_requested.connect(self.open)
            dialog.finished.connect(partial(self._forget, id_lote))
            self._open[id_lote] = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _forget(self, id_lote: str, _result: int) -> None:
        self._open.pop(id_lote, None)

    def retry_refused(self, id_lote: str, message: str) -> None:
        dialog = self._open.get(id_lote)
        if dialog is not None:
            dialog.retry_refused(message)

    def show_outcome(self, outcome: RunOutcome) -> None:
        """Each open dialog shows the run's outcome and reloads (a retry may have changed it)."""
        for dialog in self._open.values():
            dialog.retry_done(outcome.text)

    def close_all(self) -> None:
        for dialog in list(self._open.values()):
            dialog.close()
