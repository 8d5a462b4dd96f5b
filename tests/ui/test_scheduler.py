"""The schedule on the Qt side: never two runs at once, one catch-up after a clock jump."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.ui.context import AppContext
from anahp_desktop.ui.main_window import MainWindow
from anahp_desktop.ui.scheduler import SyncScheduler
from tests.helpers.source_db import SourceDb
from tests.ui.conftest import SIGNAL_TIMEOUT_MS, wait_idle

START = datetime(2026, 11, 27, 9, 0).astimezone()


class FakeClock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def test_clock_jump_after_sleep_gives_one_run(qtbot: QtBot) -> None:
    clock = FakeClock()
    scheduler = SyncScheduler(15, False, clock=clock)
    due: list[bool] = []
    scheduler.due.connect(lambda: due.append(True))
    clock.now = START + timedelta(hours=9)  # the laptop slept all night
    for _ in range(5):
        scheduler.check_now()  # the timer and the wall-clock check both fire
    assert due == [True]
    assert scheduler.next_due is None  # nothing until the run reports back
    scheduler.run_finished(None)  # it failed: back off
    assert scheduler.next_due == clock.now + timedelta(minutes=15)
    scheduler.run_finished(None)
    assert scheduler.next_due == clock.now + timedelta(minutes=30)


def test_pause_and_resume(qtbot: QtBot) -> None:
    clock = FakeClock()
    scheduler = SyncScheduler(15, False, clock=clock)
    persisted: list[bool] = []
    scheduler.paused_changed.connect(persisted.append)
    scheduler.set_paused(True)
    clock.now += timedelta(days=1)
    scheduler.check_now()
    assert scheduler.next_due is None and persisted == [True]
    scheduler.set_paused(False)
    assert persisted == [True, False]
    resumed = scheduler.schedule.next_due  # read again: set_paused changed it
    assert resumed is not None and resumed > clock.now


def test_scheduled_slot_during_a_manual_run_is_skipped_not_queued(
    qtbot: QtBot,
    ui_context: AppContext,
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_window: Callable[..., MainWindow],
) -> None:
    source_db.add_valid(30)
    emulator.set_faults(emulator.faults.__class__(latency_ms=150))
    window = make_window(ui_context)
    triggers: list[str] = []
    window.controller.run_requested.connect(lambda request: triggers.append(request.trigger))
    window.request_sync(Trigger.MANUAL)
    window.scheduler.due.emit()  # a slot comes while the manual run is going
    window.scheduler.due.emit()
    wait_idle(qtbot, window)
    qtbot.wait(100)
    assert triggers == ["manual"]
    # the next slot counts from the end of the manual run
    next_due = window.scheduler.next_due
    assert next_due is not None
    assert next_due - datetime.now().astimezone() > timedelta(minutes=14)


def test_a_due_slot_starts_a_scheduled_run(
    qtbot: QtBot,
    ui_context: AppContext,
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_window: Callable[..., MainWindow],
) -> None:
    source_db.add_valid(3)
    window = make_window(ui_context)
    with qtbot.waitSignal(window.controller.finished, timeout=SIGNAL_TIMEOUT_MS) as finished:
        window.scheduler.due.emit()
    assert finished.args[0].trigger == "scheduled"
    wait_idle(qtbot, window)


def test_schedule_is_shown_on_dashboard_tray_and_menu(
    qtbot: QtBot, ui_context: AppContext, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window(ui_context)
    assert window.tray.next_action.text().startswith("Next sync at")
    assert "Next sync at" in window.tray.icon.toolTip()
    qtbot.mouseClick(window.dashboard.pause_button, Qt.MouseButton.LeftButton)
    assert window.scheduler.paused
    assert window.dashboard.next_card.value.text() == "Paused"
    assert window.tray.next_action.text() == "Schedule paused"
    assert window.tray.pause_action.text() == "Resume schedule"
    wait_idle(qtbot, window)
    saved = ui_context.config_path.read_text(encoding="utf-8")
    assert "schedule_paused = true" in saved
