"""The tray menu's actions, closing to the tray, and a desktop without a tray."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import update

from anahp_desktop.config.settings import Settings
from anahp_desktop.demo.emulator import Faults, SinhaEmulator
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.state.schema import runs
from anahp_desktop.ui.main_window import MainWindow
from tests.helpers.source_db import SourceDb
from tests.ui.conftest import SIGNAL_TIMEOUT_MS, make_context, wait_idle


def test_menu_actions(
    qtbot: QtBot,
    make_settings: Callable[..., Settings],
    tmp_path: Path,
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_window: Callable[..., MainWindow],
) -> None:
    source_db.add_valid(4)
    window = make_window(make_context(make_settings(), tmp_path))
    menu = [a.text() for a in window.tray.menu.actions() if a.text()]
    assert menu[1:] == ["Sync now", "Pause schedule", "Open", "Quit"]
    assert menu[0].startswith("Next sync at")

    with qtbot.waitSignal(window.controller.finished, timeout=SIGNAL_TIMEOUT_MS):
        window.tray.sync_action.trigger()
    assert len(set(emulator.state.versions)) == 4

    window.tray.pause_action.trigger()
    assert window.scheduler.paused and window.tray.pause_action.text() == "Resume schedule"
    window.tray.pause_action.trigger()
    assert not window.scheduler.schedule.paused  # read again: the action changed it

    window.hide()
    window.tray.open_action.trigger()
    assert window.isVisible()

    quit_called: list[bool] = []
    window._finish_quit = lambda: quit_called.append(True)  # type: ignore[method-assign]
    wait_idle(qtbot, window)
    window.tray.quit_action.trigger()
    assert quit_called == [True]


def test_without_a_tray_the_window_says_so_and_closing_quits(
    qtbot: QtBot,
    make_settings: Callable[..., Settings],
    tmp_path: Path,
    make_window: Callable[..., MainWindow],
) -> None:
    window = make_window(make_context(make_settings(app={"minimize_to_tray": True}), tmp_path))
    assert not window.presence.tray_available  # offscreen: no system tray
    assert "No system tray" in window.presence.notice.text()
    quit_called: list[bool] = []
    window._finish_quit = lambda: quit_called.append(True)  # type: ignore[method-assign]
    window.close()
    assert quit_called == [True]  # never hidden to a tray that does not exist


def test_with_a_tray_closing_hides_to_it(
    qtbot: QtBot,
    make_settings: Callable[..., Settings],
    tmp_path: Path,
    make_window: Callable[..., MainWindow],
) -> None:
    window = make_window(make_context(make_settings(app={"minimize_to_tray": True}), tmp_path))
    window.presence.tray_available = (
        True  # as on a desktop with a tray (the Xvfb test uses a real one)
    )
    window.close()
    assert not window.isVisible()
    window.tray.open_requested.emit()
    assert window.isVisible()


def test_during_a_run_the_menu_says_it_once_and_offers_cancel(
    qtbot: QtBot,
    make_settings: Callable[..., Settings],
    tmp_path: Path,
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_window: Callable[..., MainWindow],
) -> None:
    source_db.add_valid(60)
    emulator.set_faults(Faults(latency_ms=150))
    window = make_window(make_context(make_settings(), tmp_path))
    with qtbot.waitSignal(window.controller.finished, timeout=SIGNAL_TIMEOUT_MS) as done:
        window.tray.sync_action.trigger()
        qtbot.waitUntil(lambda: window.progress_view.model.rowCount() > 0)
        menu = [a.text() for a in window.tray.menu.actions() if a.text()]
        assert menu[:2] == ["Sync running now", "Cancel the sync"]
        window.tray.sync_action.trigger()
    assert done.args[0].status == "cancelled"
    wait_idle(qtbot, window)
    assert window.tray.sync_action.text() == "Sync now"


def test_no_recent_sync_is_a_balloon_only_when_the_window_is_not_showing(
    qtbot: QtBot,
    make_settings: Callable[..., Settings],
    tmp_path: Path,
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_window: Callable[..., MainWindow],
) -> None:
    source_db.add_valid(2)
    window = make_window(make_context(make_settings(), tmp_path))
    with qtbot.waitSignal(window.controller.finished, timeout=SIGNAL_TIMEOUT_MS):
        window.request_sync(Trigger.MANUAL)
    wait_idle(qtbot, window)
    store = window.context.service.store
    long_ago = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=3)
    with store.transaction() as conn:
        conn.execute(update(runs).values(started_at=long_ago, finished_at=long_ago))
    balloons: list[str] = []
    window.tray.warn = lambda title, message: balloons.append(title)  # type: ignore[method-assign]
    with qtbot.waitSignal(window.overview_loaded, timeout=SIGNAL_TIMEOUT_MS):
        window.refresh_overview()
    assert window.statusBar().currentMessage().startswith("No sync has succeeded for more than")
    assert balloons == []  # the window shows it: a balloon would only cover a dialog
    window.hide()
    with qtbot.waitSignal(window.overview_loaded, timeout=SIGNAL_TIMEOUT_MS):
        window.refresh_overview()
    assert balloons == ["ANAHP Sync: no recent sync"]
