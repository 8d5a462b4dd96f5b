"""Runs as the window asks for them, tested without a window: refusals, retries, the end."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.ui.context import AppContext
from anahp_desktop.ui.presenters.outcome import RunOutcome
from anahp_desktop.ui.run_coordinator import RunCoordinator
from anahp_desktop.ui.scheduler import SyncScheduler
from anahp_desktop.ui.sync_controller import SyncController
from tests.helpers.source_db import SourceDb
from tests.ui.conftest import SIGNAL_TIMEOUT_MS

BUSY = "A sync is already running; wait for it to finish."


def test_a_second_request_is_refused_aloud_only_when_the_operator_asked(
    qtbot: QtBot, ui_context: AppContext, source_db: SourceDb, emulator: SinhaEmulator
) -> None:
    source_db.add_valid(30)
    emulator.set_faults(emulator.faults.__class__(latency_ms=150))
    controller = SyncController(ui_context)
    scheduler = SyncScheduler(15, False)
    runs = RunCoordinator(controller, scheduler, lambda: False)
    said: list[str] = []
    messages: list[tuple[str, int]] = []
    refused: list[tuple[str, str]] = []
    retry_refused: list[tuple[str, str]] = []
    runs.activity.connect(said.append)
    runs.message.connect(lambda text, ms: messages.append((text, ms)))
    runs.refused.connect(lambda title, text: refused.append((title, text)))
    runs.retry_refused.connect(lambda lote, text: retry_refused.append((lote, text)))
    try:
        with qtbot.waitSignal(runs.ended, timeout=SIGNAL_TIMEOUT_MS) as ended:
            assert runs.request(Trigger.SCHEDULED)
            assert not runs.request(Trigger.SCHEDULED)  # the timer's: no message box
            assert refused == []
            assert not runs.request(Trigger.MANUAL)
            assert refused == [("Sync already running", BUSY)]
            runs.retry_batch("L-1")
            assert retry_refused == [("L-1", BUSY)]
        outcome = ended.args[0]
        assert isinstance(outcome, RunOutcome)
        assert outcome.summary is not None and outcome.summary.delivered == 30
        assert outcome.notification is None  # nothing failed before: no "working again"
        batches = [f"Sending batch {n} of 3…" for n in (1, 2, 3)]
        assert said == ["Scheduled sync running…", *batches, outcome.text]
        assert messages == [
            ("Scheduled sync running…", 0),
            (BUSY, 8000),
            (BUSY, 8000),
            (outcome.text, 15000),
        ]  # the batches only on the dashboard's line
        assert scheduler.next_due is not None  # counted from the run's end
    finally:
        controller.shutdown()


def test_cancel_is_said_and_only_while_a_run_goes(
    qtbot: QtBot, ui_context: AppContext, source_db: SourceDb, emulator: SinhaEmulator
) -> None:
    source_db.add_valid(40)
    emulator.set_faults(emulator.faults.__class__(latency_ms=100))
    controller = SyncController(ui_context)
    runs = RunCoordinator(controller, SyncScheduler(15, False), lambda: True)
    cancelling: list[bool] = []
    runs.cancelling.connect(lambda: cancelling.append(True))
    try:
        runs.cancel()
        assert cancelling == []  # nothing runs: nothing to say
        controller.batch_started.connect(lambda _e: runs.cancel())
        with qtbot.waitSignal(runs.ended, timeout=SIGNAL_TIMEOUT_MS) as ended:
            assert runs.request(Trigger.MANUAL)
        assert cancelling and ended.args[0].summary.status == "cancelled"
    finally:
        controller.shutdown()
