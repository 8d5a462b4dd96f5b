"""The app's style sheet cuts no text short."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QApplication, QDateEdit, QWidget
from pytestqt.qtbot import QtBot

from anahp_desktop.ui.style import STYLE_SHEET
from anahp_desktop.ui.views.sidebar import Sidebar
from tests.ui.clipping import clipped


@pytest.fixture
def styled(qapp: QApplication) -> Iterator[QApplication]:
    qapp.setStyleSheet(STYLE_SHEET)
    yield qapp
    qapp.setStyleSheet("")


def test_the_date_filters_calendar_shows_its_last_week_whole(
    qtbot: QtBot, styled: QApplication
) -> None:
    edit = QDateEdit(QDate(2026, 11, 25))  # November 2026 spans six weeks on screen
    edit.setCalendarPopup(True)
    qtbot.addWidget(edit)
    edit.show()
    qtbot.waitExposed(edit)
    arrow = QPoint(edit.width() - 8, edit.height() // 2)
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=arrow)  # as the operator opens it
    popup = edit.calendarWidget().window()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    assert clipped(popup) == []
    popup.hide()


def test_the_sidebar_paints_its_dark_background(qtbot: QtBot, styled: QApplication) -> None:
    """A QWidget subclass ignores a style sheet's background unless it asks for it."""
    window = QWidget()  # inside a window, as in the app (a top-level widget fills itself)
    qtbot.addWidget(window)
    sidebar = Sidebar(window)
    window.resize(300, 400)
    sidebar.resize(236, 400)
    window.show()
    qtbot.waitExposed(window)
    corner = window.grab().toImage().pixelColor(2, sidebar.height() - 3)
    assert corner.name() == "#17324d"
