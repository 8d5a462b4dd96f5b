"""Window and dialog sizes that fit the screen, and the main window's remembered place.

Hospital PCs are often 1366×768, laptops often run at 125-150 % scaling (a
1366×768 screen at 150 % is 910×512 logical pixels): a window is never made
larger than the screen's available area (without the taskbar or tray), and
what the operator last chose -- size, position, maximized -- comes back at the
next start and after a trip to the tray. It is kept in ``window.ini`` beside
the settings file (a demo keeps its own, in the demo folder).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QSettings, QSize, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

# what the window asks for when the screen has room (a 1280×800 design)
PREFERRED_MAIN = QSize(1280, 800)
# the smallest main window that still shows every control (1024×600 netbooks, 150 % laptops)
MINIMUM_MAIN = QSize(760, 480)
# room left around a window for its frame and title bar (window managers add them outside)
FRAME_ALLOWANCE = QSize(16, 48)
GEOMETRY_KEY = "main_window/geometry"


def available_area(widget: QWidget | None = None) -> QRect:
    """The usable part of the screen the widget is on (the primary screen otherwise)."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)


def fitted(preferred: QSize, area: QRect) -> QSize:
    """``preferred``, made smaller where the area (less the window frame) is smaller."""
    room = area.size() - FRAME_ALLOWANCE
    return QSize(min(preferred.width(), room.width()), min(preferred.height(), room.height()))


def fit_to_screen(widget: QWidget, preferred: QSize) -> None:
    """Size a window or dialog to ``preferred`` or its screen, whichever is smaller, centred."""
    area = available_area(widget.parentWidget() or widget)
    size = fitted(preferred, area)
    widget.setMinimumSize(
        min(widget.minimumWidth(), size.width()), min(widget.minimumHeight(), size.height())
    )
    widget.resize(size)
    left = area.left() + max(0, (area.width() - size.width() - FRAME_ALLOWANCE.width()) // 2)
    top = area.top() + max(0, (area.height() - size.height() - FRAME_ALLOWANCE.height()) // 2)
    widget.move(left, top)


def scrolling(page: QWidget) -> QScrollArea:
    """``page`` in a frameless scroll area: on a small screen it scrolls instead of being cut."""
    area = QScrollArea()
    area.setObjectName("pageScroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    return area


class WholeWrappedText(QObject):
    """Keeps a dialog tall enough for its word-wrapped labels, at whatever width it has.

    Qt gives a window its layout's minimum size, which ignores height-for-width:
    a label whose text grows after the dialog is shown (About, once the log
    folder could not be opened) or a dialog made narrower cut their last lines.
    """

    def __init__(self, dialog: QWidget) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        self._pending = False
        dialog.installEventFilter(self)

    WATCHED = (QEvent.Type.LayoutRequest, QEvent.Type.Resize, QEvent.Type.Show)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self.WATCHED and not self._pending:
            self._pending = True
            QTimer.singleShot(0, self.fit)  # after the layout has taken the change in
        return False

    def fit(self) -> None:
        self._pending = False
        dialog, layout = self._dialog, self._dialog.layout()
        # before it is shown a dialog has no width of its own yet: its text would seem tall
        if not dialog.isVisible() or layout is None or not layout.hasHeightForWidth():
            return
        layout.activate()
        room = available_area(dialog).height() - FRAME_ALLOWANCE.height()
        # a width below the minimum is a passing one (the window being mapped): not the text's
        width = max(dialog.width(), dialog.minimumWidth())
        needed = min(layout.totalHeightForWidth(width), room)
        if dialog.minimumHeight() != needed:
            dialog.setMinimumHeight(needed)
        if dialog.height() < needed:
            dialog.resize(dialog.width(), needed)


class GeometryMemory:
    """The main window's size, place and maximized state, kept between starts."""

    def __init__(self, path: Path) -> None:
        self._settings = QSettings(str(path), QSettings.Format.IniFormat)

    def restore(self, window: QWidget) -> bool:
        """Put the window where it was; False when nothing usable was kept (first start)."""
        value = self._settings.value(GEOMETRY_KEY)
        if not isinstance(value, QByteArray | bytes) or not window.restoreGeometry(value):
            return False
        # kept on a screen that is gone: start afresh
        return available_area(window).intersects(window.frameGeometry())

    def save(self, window: QWidget) -> None:
        self._settings.setValue(GEOMETRY_KEY, window.saveGeometry())
        self._settings.sync()
