"""The main window's status bar: a long message ends in "…", the whole of it in the tooltip.

QStatusBar paints its message cut at the edge, without a sign that more was
there: a failure's reason ("...: O SINHA apresentou um erro no servidor
(HTTP 503).") lost its end beside the permanent notices on a small screen.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar, QWidget


class StatusBar(QStatusBar):
    """Shows messages in an eliding label; the same calls as QStatusBar's."""

    def __init__(self, parent: QWidget | None = None, *, demo: bool = False) -> None:
        super().__init__(parent)
        self._message = ""
        self.message_label = QLabel()
        self.message_label.setObjectName("statusMessage")
        self.message_label.setProperty("elided", True)  # on purpose; tests/ui/clipping.py
        self.message_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.addWidget(self.message_label, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clearMessage)
        if demo:  # the window's text, kept in its translation context
            badge = QLabel(QCoreApplication.translate("MainWindow", "Demo mode"))
            badge.setObjectName("muted")
            self.addPermanentWidget(badge)

    def showMessage(self, message: str, timeout: int | None = 0) -> None:
        self._message = message
        self._show()
        if timeout:
            self._timer.start(timeout)
        else:
            self._timer.stop()
        self.messageChanged.emit(message)

    def clearMessage(self) -> None:
        self.showMessage("")

    def currentMessage(self) -> str:
        return self._message

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show()

    def _show(self) -> None:
        label = self.message_label
        room = max(0, label.contentsRect().width())
        shown = label.fontMetrics().elidedText(self._message, Qt.TextElideMode.ElideRight, room)
        label.setText(shown)
        label.setToolTip(self._message if shown != self._message else "")
