"""The main window end to end: Sync now against the emulator, progress, dashboard, quitting."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.ui import icons, message_box
from anahp_desktop.ui.context import AppContext
from anahp_desktop.ui.main_window import MainWindow
from anahp_desktop.ui.models.progress_model import COL_STATUS
from anahp_desktop.ui.quit_lifecycle import QUIT_CANCEL
from anahp_desktop.ui.views.sidebar import PAGE_PROGRESS
from tests.helpers.source_db import SourceDb
from tests.ui.conftest import SIGNAL_TIMEOUT_MS, wait_idle


def test_clicking_sync_now_delivers_and_shows_progress(
    qtbot: QtBot,
    ui_context: AppContext,
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_window: Callable[..., MainWindow],
) -> None:
    source_db.add_valid(23)
    source_db.add_valid(2, sexo="X")
    window = make_window(ui_context)
    assert window.dashboard.pending_card.value.text() == "25"
    assert window.dashboard.database_card.value.text() in ("Connected", "Checking…")
    with qtbot.waitSignal(window.controller.finished, timeout=SIGNAL_TIMEOUT_MS):
        qtbot.mouseClick(window.dashboard.sync_button, Qt.MouseButton.LeftButton)
        assert window.dashboard.sync_button.text() == "Cancel"
    assert window.pages.currentIndex() == PAGE_PROGRESS
    model = window.progress_view.model
    assert model.rowCount() == 3
    assert {model.index(r, COL_STATUS).data() for r in range(3)} == {"Delivered"}
    assert "23 records delivered, 2 rejected" in window.progress_view.headline.text()
    assert len(set(emulator.state.versions)) == 23
    wait_idle(qtbot, window)
    assert window.dashboard.sync_button.text() == "Sync now"
    assert window.dashboard.pending_card.value.text() == "0"
    assert window.dashboard.last_card.value.text() == "Success"
    assert window.dashboard.sent_today_card.value.text() == "23"
    assert window.dashboard.rejected_today_card.value.text() == "2"
    assert window.dashboard.chart.days()[-1][1:] == (23, 2)
    assert window.dashboard.database_card.value.text() == "Connected"
    assert window.dashboard.sinha_card.value.text() == "Connected"
    assert window.tray.state == icons.IDLE


def test_f5_during_a_run_cancels_and_sync_now_elsewhere_says_already_running(
    qtbot: QtBot,
    ui_context: AppContext,
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_window: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source_db.add_valid(50)
    emulator.set_faults(emulator.faults.__class__(latency_ms=150))
    window = make_window(ui_context)
    told: list[str] = []
    monkeypatch.setattr(message_box, "information", lambda _p, _t, text: told.append(text))
    window.request_sync(Trigger.MANUAL)
    assert not window.request_sync(Trigger.MANUAL)
    assert told == ["A sync is already running; wait for it to finish."]
    with qtbot.waitSignal(window.controller.finished, timeout=SIGNAL_TIMEOUT_MS) as finished:
        qtbot.waitUntil(lambda: window.progress_view.model.rowCount() > 0)
        window.sync_action.trigger()  # F5 while running = Cancel
    assert finished.args[0].status == "cancelled"
    wait_idle(qtbot, window)


def test_quitting_during_a_run_can_cancel_it_cleanly(
    qtbot: QtBot,
    ui_context: AppContext,
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_window: Callable[..., MainWindow],
) -> None:
    source_db.add_valid(50)
    emulator.set_faults(emulator.faults.__class__(latency_ms=150))
    window = make_window(ui_context)
    window.ask_quit_choice = lambda: QUIT_CANCEL  # type: ignore[method-assign]
    quit_called: list[bool] = []
    window._finish_quit = lambda: quit_called.append(True)  # type: ignore[method-assign]
    window.request_sync(Trigger.MANUAL)
    qtbot.waitUntil(lambda: window.progress_view.model.rowCount() > 0, timeout=SIGNAL_TIMEOUT_MS)
    window.quit_app()
    assert not quit_called  # waits for the batch being sent
    qtbot.waitUntil(lambda: bool(quit_called), timeout=SIGNAL_TIMEOUT_MS)
    assert not window.controller.running
    assert window.scheduler.next_due is not None  # a cancel does not back off


def test_failed_run_turns_the_tray_red_and_notifies_then_recovery(
    qtbot: QtBot,
    ui_context: AppContext,
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_window: Callable[..., MainWindow],
) -> None:
    source_db.add_valid(5)
    emulator.script = ["503", "503", "503"]  # max_attempts 3: the batch fails
    window = make_window(ui_context)
    notes: list[tuple[str, bool, str | None]] = []
    window.tray.notify = lambda title, message, *, error=False, id_lote=None: notes.append(  # type: ignore[method-assign]
        (title, error, id_lote)
    )
    window.hide()  # in the tray: a balloon; with the window open, the window says it
    with qtbot.waitSignal(window.controller.finished, timeout=SIGNAL_TIMEOUT_MS):
        window.request_sync(Trigger.MANUAL)
    assert window.tray.state == icons.ERROR
    assert notes and notes[-1][1] is True and notes[-1][2]
    failed_lote = notes[-1][2]
    assert window.dashboard.sinha_card.value.text() == "Answering with errors"
    wait_idle(qtbot, window)
    with qtbot.waitSignal(window.controller.finished, timeout=SIGNAL_TIMEOUT_MS):
        window.request_sync(Trigger.MANUAL)
    assert window.tray.state == icons.IDLE
    assert notes[-1] == ("ANAHP Sync: working again", False, "")
    # clicking the failure notification opens that batch
    window.tray.failure_clicked.emit(failed_lote)
    assert failed_lote in window.details
    wait_idle(qtbot, window)


def test_daily_figures_that_cannot_be_read_say_unavailable_and_log_why(
    qtbot: QtBot,
    ui_context: AppContext,
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_window: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A failing totals query (SQL Server's 8120 was one) never leaves the figures silently empty."""
    from anahp_desktop.errors import StateStoreError
    from anahp_desktop.ui import overview

    def failing(_service: object, days: int = 30) -> overview.DailyFigures:
        raise StateStoreError("The state store reported an error.", "other")

    monkeypatch.setattr(overview, "load_daily", failing)
    with caplog.at_level(logging.WARNING):
        window = make_window(ui_context)
        qtbot.waitUntil(lambda: window.dashboard.sent_today_card.value.text() == "—")
    dashboard = window.dashboard
    assert dashboard.rejected_today_card.value.text() == "—"
    assert dashboard.sent_today_card.detail.text() == "Unavailable: see the log."
    assert dashboard.sent_today_card.toolTip() == "The state store reported an error."
    assert dashboard.chart.unavailable == "The daily figures could not be read: see the log."
    assert dashboard.chart.days() == []
    assert any(
        "daily figures are unavailable" in r.getMessage()
        and "The state store reported an error." in r.getMessage()
        for r in caplog.records
    )
