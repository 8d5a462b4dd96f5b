"""The quit protocol: what Quit, closing the window and a run's end do, decided without a window.

Quitting during a run asks the operator: let it finish, cancel it after the
batches on their way, or stay. Either way the app quits only when the run
has ended. Closing the window hides it to the tray where there is one (with
a hint the first time) and quits where there is none. The window carries out
each step; this class decides (tested without a window).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QCoreApplication, QObject, Signal

QUIT_WAIT, QUIT_CANCEL, QUIT_STAY = "wait", "cancel", "stay"


class CloseStep(Enum):
    ACCEPT = "accept"  # the window closes as part of quitting
    HIDE_TO_TRAY = "hide to the tray"
    HIDE_TO_TRAY_WITH_HINT = "hide to the tray, say it keeps running"  # the first time
    QUIT = "quit"  # no tray (or not wanted): closing the window quits the app


class QuitLifecycle(QObject):
    """Remembers a quit that waits for the run, the one tray hint, and that quitting began.

    Signals:
        quit_now(): nothing (more) to wait for: shut down and quit,
        cancel_run(): the operator chose to cancel the run; the quit follows its end,
        message(str, int): for the status bar (0: until replaced).
    Its texts keep the translation context "MainWindow" they had in the window.
    """

    quit_now = Signal()
    cancel_run = Signal()
    message = Signal(str, int)

    def __init__(self, running: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running = running
        self.quitting = False
        self._quit_when_idle = False
        self._tray_hint_shown = False

    def quit_requested(self, ask: Callable[[], str]) -> None:
        """Quit; during a run ``ask`` the operator (QUIT_WAIT, QUIT_CANCEL or QUIT_STAY)."""
        if not self._running():
            self.quit_now.emit()
            return
        choice = ask()
        if choice == QUIT_WAIT:
            self._quit_when_idle = True
            text = QCoreApplication.translate(
                "MainWindow", "The app closes when the sync finishes."
            )
            self.message.emit(text, 0)
        elif choice == QUIT_CANCEL:
            self._quit_when_idle = True
            self.cancel_run.emit()

    def run_ended(self) -> None:
        """A run ended: a quit that waited for it goes on now."""
        if self._quit_when_idle:
            self.quit_now.emit()

    def close_requested(self, use_tray: bool) -> CloseStep:
        if self.quitting:
            return CloseStep.ACCEPT
        if not use_tray:
            return CloseStep.QUIT
        if self._tray_hint_shown:
            return CloseStep.HIDE_TO_TRAY
        self._tray_hint_shown = True
        return CloseStep.HIDE_TO_TRAY_WITH_HINT

    def begin_shutdown(self) -> bool:
        """True the first time: the caller then stops everything (once)."""
        if self.quitting:
            return False
        self.quitting = True
        return True
