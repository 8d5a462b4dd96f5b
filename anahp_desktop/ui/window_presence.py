"""Where the main window is: on screen, minimized, or hidden in the system tray.

Closing or minimizing hides the window to the tray when there is one and the
operator wants it (the first time with a balloon that the app keeps
running); without a tray, closing quits and a line in the status bar says
why. The tray host may appear after the app (at log-in): it is looked for
again now and then.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from anahp_desktop.ui import message_box
from anahp_desktop.ui.context import AppContext
from anahp_desktop.ui.quit_lifecycle import CloseStep, QuitLifecycle
from anahp_desktop.ui.tray import TrayController
from anahp_desktop.ui.window_geometry import PREFERRED_MAIN, GeometryMemory, fit_to_screen


class WindowPresence(QObject):
    """Signals: quit_requested(): closing the window means quitting (no tray to hide to).

    Its texts keep the translation context "MainWindow" they had in the window.
    """

    quit_requested = Signal()

    def __init__(
        self, window: QMainWindow, tray: TrayController, context: AppContext, quitter: QuitLifecycle
    ) -> None:
        super().__init__(window)
        self._window = window
        self._tray = tray
        self._context = context
        self._quitter = quitter
        self._geometry = GeometryMemory(context.config_path.parent / "window.ini")
        self.notice = QLabel()  # "no system tray": the window puts it in its status bar
        self.tray_available = False

    def restore_geometry(self) -> None:
        """Where the window was last time (once its minimum size is set)."""
        if not self._geometry.restore(self._window):
            fit_to_screen(self._window, PREFERRED_MAIN)  # first start: the screen's size at most

    def show_tray(self) -> None:
        """Once the notice is in the status bar: the tray icon, or the notice that there is none."""
        self.tray_available = self._tray.show()
        self._update_notice()

    def save_geometry(self) -> None:
        if self._window.isVisible():
            self._geometry.save(self._window)

    def bring_to_front(self) -> None:
        """Back from the tray or the taskbar as it was: same size and place, maximized or not.

        Where the system refuses the focus (Windows, when another program has the
        keyboard), the taskbar button flashes instead.
        """
        window = self._window
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.show()
        window.raise_()
        window.activateWindow()
        if not window.isActiveWindow():
            QApplication.alert(window)

    def tell(self, title: str, message: str) -> None:
        """Something the operator must hear now: a message box on the window, else a balloon."""
        if self._window.isVisible():
            message_box.information(self._window, title, message)
        else:
            self._tray.notify(QCoreApplication.translate("MainWindow", "ANAHP Sync"), message)

    def recheck_tray(self) -> None:
        """The tray host may start after the app (at log-in): pick it up when it does."""
        if not self.tray_available and self._tray.show():
            self.tray_available = True
            self._update_notice()

    def close_event(self, event: QCloseEvent) -> None:
        step = self._quitter.close_requested(self._use_tray())
        if step is CloseStep.ACCEPT:
            event.accept()
            return
        event.ignore()
        if step is CloseStep.QUIT:
            self.quit_requested.emit()
            return
        self._hide()
        if step is CloseStep.HIDE_TO_TRAY_WITH_HINT:
            self._tray.notify(
                QCoreApplication.translate("MainWindow", "ANAHP Sync keeps running"),
                QCoreApplication.translate(
                    "MainWindow",
                    "The sync goes on in the system tray. Use Quit in its menu to exit.",
                ),
            )

    def change_event(self, event: QEvent) -> None:
        minimized = event.type() == QEvent.Type.WindowStateChange and self._window.isMinimized()
        if minimized and self._use_tray():
            QTimer.singleShot(0, self._hide)

    def _hide(self) -> None:
        self._geometry.save(self._window)
        self._window.hide()

    def _use_tray(self) -> bool:
        return self.tray_available and self._context.settings.app.minimize_to_tray

    def _update_notice(self) -> None:
        text = QCoreApplication.translate(
            "MainWindow", "No system tray on this desktop: the app stays a normal window."
        )
        self.notice.setText("" if self.tray_available else text)
        self.notice.setVisible(not self.tray_available)
