"""The window fits the screen, comes back where the operator left it, and survives the tray."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, QSize
from pytestqt.qtbot import QtBot

from anahp_desktop.config.settings import Settings
from anahp_desktop.ui.main_window import MainWindow
from anahp_desktop.ui.views.dashboard import NARROW_COLUMNS, WIDE_COLUMNS
from anahp_desktop.ui.window_geometry import (
    FRAME_ALLOWANCE,
    MINIMUM_MAIN,
    PREFERRED_MAIN,
    available_area,
    fitted,
)
from tests.ui.conftest import make_context


def test_preferred_sizes_shrink_to_the_screen() -> None:
    # 1366×768 with a taskbar; the same at 150 % scaling (910×512 logical pixels)
    assert fitted(PREFERRED_MAIN, QRect(0, 0, 1366, 728)) == QSize(1280, 680)
    assert fitted(PREFERRED_MAIN, QRect(0, 0, 910, 512)) == QSize(894, 464)
    assert fitted(QSize(780, 640), QRect(0, 0, 1920, 1040)) == QSize(780, 640)
    # the smallest window still fits a 1024×600 screen with its frame
    assert MINIMUM_MAIN.width() + FRAME_ALLOWANCE.width() <= 1024
    assert MINIMUM_MAIN.height() + FRAME_ALLOWANCE.height() <= 600


def test_first_start_fits_and_geometry_comes_back_at_the_next(
    qtbot: QtBot,
    make_settings: Callable[..., Settings],
    tmp_path: Path,
    make_window: Callable[..., MainWindow],
) -> None:
    context = make_context(make_settings(app={"minimize_to_tray": False}), tmp_path)
    window = make_window(context, start=False)
    area = available_area(window)
    assert window.width() <= area.width() and window.height() <= area.height()
    window.setGeometry(12, 30, MINIMUM_MAIN.width() + 10, MINIMUM_MAIN.height() + 10)
    window.shutdown()
    assert (tmp_path / "config" / "window.ini").exists()

    again = make_window(context, start=False)
    assert again.size() == QSize(MINIMUM_MAIN.width() + 10, MINIMUM_MAIN.height() + 10)
    assert again.geometry().topLeft() == window.geometry().topLeft()


def test_a_trip_to_the_tray_keeps_size_place_and_maximized(
    qtbot: QtBot,
    make_settings: Callable[..., Settings],
    tmp_path: Path,
    make_window: Callable[..., MainWindow],
) -> None:
    context = make_context(make_settings(app={"minimize_to_tray": True}), tmp_path)
    window = make_window(context, start=False)
    window.presence.tray_available = (
        True  # as on a desktop with a tray (the Xvfb test has a real one)
    )
    window.setGeometry(50, 40, 800, 520)
    before = window.geometry()
    window.close()  # to the tray
    assert not window.isVisible()
    window.tray.open_requested.emit()
    assert window.isVisible() and window.geometry() == before

    window.showMaximized()
    qtbot.waitUntil(window.isMaximized)
    window.showMinimized()  # minimizing goes to the tray too
    qtbot.waitUntil(lambda: not window.isVisible())
    window.tray.open_requested.emit()
    qtbot.waitUntil(window.isVisible)
    assert window.isMaximized()


def test_the_dashboard_puts_two_cards_a_row_on_a_narrow_window(
    qtbot: QtBot,
    make_settings: Callable[..., Settings],
    tmp_path: Path,
    make_window: Callable[..., MainWindow],
) -> None:
    window = make_window(make_context(make_settings(), tmp_path), start=False)
    window.resize(MINIMUM_MAIN)
    qtbot.waitUntil(lambda: window.dashboard._columns == NARROW_COLUMNS)
    window.resize(1280, 700)
    qtbot.waitUntil(lambda: window.dashboard._columns == WIDE_COLUMNS)
