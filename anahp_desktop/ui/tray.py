"""The system tray: state icon, next-run tooltip, menu, and notifications.

It shows and forwards; the main window decides. When the desktop has no tray
the controller says so and the app stays a normal window.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from anahp_desktop.sync.service import StatusReport
from anahp_desktop.ui import icons
from anahp_desktop.ui.presenters import run_state
from anahp_desktop.ui.presenters.outcome import RunOutcome

NOTIFY_MS = 10_000


class TrayController(QObject):
    """Signals: sync_requested(), cancel_requested(), pause_toggled(bool), open_requested(),
    quit_requested(), failure_clicked(str id_lote or "").
    """

    sync_requested = Signal()
    cancel_requested = Signal()
    pause_toggled = Signal(bool)
    open_requested = Signal()
    quit_requested = Signal()
    failure_clicked = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.available = QSystemTrayIcon.isSystemTrayAvailable()
        self._paused = False
        self.icon = QSystemTrayIcon(icons.tray_icon(icons.IDLE), self)
        self.menu = QMenu()
        self.next_action = QAction(self.menu)
        self.next_action.setEnabled(False)
        self.sync_action = QAction(self.tr("Sync now"), self.menu)
        self.pause_action = QAction(self.tr("Pause schedule"), self.menu)
        self.open_action = QAction(self.tr("Open"), self.menu)
        self.quit_action = QAction(self.tr("Quit"), self.menu)
        self.menu.addAction(self.next_action)
        self.menu.addSeparator()
        for action in (self.sync_action, self.pause_action, self.open_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon.setContextMenu(self.menu)
        self._running = False
        self.sync_action.triggered.connect(self._on_sync_action)
        self.pause_action.triggered.connect(lambda: self.pause_toggled.emit(not self._paused))
        self.open_action.triggered.connect(self.open_requested)
        self.quit_action.triggered.connect(self.quit_requested)
        self.icon.activated.connect(self._on_activated)
        self.icon.messageClicked.connect(self._on_message_clicked)
        self._state = icons.IDLE
        self._clicked_lote: str | None = None
        self.icon.setToolTip("ANAHP Sync")

    def show(self) -> bool:
        """Show the icon; False when the desktop has no tray (then nothing is shown)."""
        self.available = QSystemTrayIcon.isSystemTrayAvailable()
        if self.available:
            self.icon.show()
        return self.available

    def hide(self) -> None:
        self.icon.hide()

    @property
    def state(self) -> str:
        return self._state

    def set_state(self, state: icons.TrayState) -> None:
        self._state = state
        self.icon.setIcon(icons.tray_icon(state))

    def set_running(self, running: bool) -> None:
        """During a run the icon and the menu's first line say so; its action is then Cancel."""
        self._running = running
        if running:
            self.set_state(icons.SYNCING)
        self.sync_action.setText(self.tr("Cancel the sync") if running else self.tr("Sync now"))

    def _on_sync_action(self) -> None:
        if self._running:
            self.cancel_requested.emit()
        else:
            self.sync_requested.emit()

    def set_schedule(self, next_text: str, paused: bool, status: str) -> None:
        self._paused = paused
        self.next_action.setText(next_text)
        self.pause_action.setText(
            self.tr("Resume schedule") if paused else self.tr("Pause schedule")
        )
        self.icon.setToolTip(f"ANAHP Sync\n{status}\n{next_text}")

    def notify(
        self, title: str, message: str, *, error: bool = False, id_lote: str | None = None
    ) -> None:
        """A balloon; clicking a failure balloon opens that batch (``id_lote``) or the log."""
        self._clicked_lote = id_lote if error else None
        if not self.icon.isVisible():
            return
        kind = (
            QSystemTrayIcon.MessageIcon.Critical
            if error
            else QSystemTrayIcon.MessageIcon.Information
        )
        self.icon.showMessage(title, message, kind, NOTIFY_MS)

    def show_status(self, report: StatusReport) -> None:
        """The state store's word, unless a run is going (its icon says so)."""
        if not self._running:
            self.set_state(run_state.tray_state(report))

    def show_outcome(self, outcome: RunOutcome) -> None:
        """A run ended: its colour, and the balloon the outcome presenter chose (if any)."""
        self.set_state(outcome.tray_state)
        note = outcome.notification
        if note is not None:
            self.notify(note.title, note.text, error=note.error, id_lote=note.id_lote)

    def warn(self, title: str, message: str) -> None:
        self._clicked_lote = None
        if self.icon.isVisible():
            self.icon.showMessage(title, message, QSystemTrayIcon.MessageIcon.Warning, NOTIFY_MS)

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.open_requested.emit()

    def _on_message_clicked(self) -> None:
        if self._clicked_lote is not None:
            self.failure_clicked.emit(self._clicked_lote)
        else:
            self.open_requested.emit()
