"""Settings changed from the window: saved off the GUI thread, the services they replace closed.

A run keeps the service it started with; a service replaced meanwhile is
closed once no run uses it (closing connections is network I/O: on the pool).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal

from anahp_desktop.config.settings import Settings
from anahp_desktop.sync.service import SyncService
from anahp_desktop.ui.context import AppContext
from anahp_desktop.ui.tasks import TaskRunner


class SettingsKeeper(QObject):
    """Signals: message(str, int): a status-bar message and how long it stays (ms; 0: until
    replaced). Its texts keep the translation context "MainWindow" they had in the window."""

    message = Signal(str, int)

    def __init__(self, context: AppContext, runner: TaskRunner, parent: QObject | None) -> None:
        super().__init__(parent)
        self._context = context
        self._runner = runner
        self._retired: list[SyncService] = []

    def persist_paused(self, paused: bool) -> None:
        """The schedule was paused or resumed: remembered for the next start."""
        settings = self._context.settings.model_copy(deep=True)
        settings.app.schedule_paused = paused
        self._context.settings = settings
        context = self._context
        self._runner.submit(
            lambda: context.save(settings),
            lambda _s: None,
            lambda exc: self.message.emit(str(exc), 10000),
        )
        text = (
            QCoreApplication.translate("MainWindow", "Schedule paused.")
            if paused
            else QCoreApplication.translate("MainWindow", "Schedule resumed.")
        )
        self.message.emit(text, 5000)

    def replace(self, settings: Settings, *, running: bool) -> None:
        """Saved settings take effect; the old service is closed now, or after the run."""
        self.message.emit(QCoreApplication.translate("MainWindow", "Settings saved."), 5000)
        old = self._context.replace_settings(settings)
        if old is not None:
            self._retired.append(old)
        if not running:
            self.close_retired()

    def close_retired(self) -> None:
        retired, self._retired = self._retired, []
        for service in retired:
            self._runner.submit(service.close)  # closing connections is network I/O
