"""The app's style sheet cuts no text short."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QApplication, QDateEdit
from pytestqt.qtbot import QtBot

from anahp_desktop.ui.style import STYLE_SHEET
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
