"""The sync worker on its QThread: signals, one run at a time, cancel, errors."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.exc import OperationalError

from anahp_desktop.config.settings import Settings
from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.categories import ErrorCategory
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.errors import AnahpError, ConfigurationError
from anahp_desktop.secrets import MemoryBackend, Secrets
from anahp_desktop.sync.events import (
    AttemptFailed,
    BatchFinished,
    BatchStarted,
    Notice,
    RecordsRejected,
    RunFinished,
    RunStarted,
    RunSummary,
    SyncEvent,
)
from anahp_desktop.ui.context import AppContext
from anahp_desktop.ui.sync_controller import SyncController, SyncWorker
from tests.helpers.source_db import SourceDb
from tests.ui.conftest import SIGNAL_TIMEOUT_MS, make_context


def test_run_emits_progress_signals_on_the_gui_thread(
    qtbot: QtBot, ui_context: AppContext, source_db: SourceDb, emulator: SinhaEmulator
) -> None:
    source_db.add_valid(25)  # three batches of 10
    controller = SyncController(ui_context)
    events: list[object] = []
    for signal in (controller.run_started, controller.batch_started, controller.batch_finished):
        signal.connect(events.append)
    running: list[bool] = []
    controller.running_changed.connect(running.append)
    try:
        with qtbot.waitSignal(controller.finished, timeout=SIGNAL_TIMEOUT_MS) as finished:
            assert controller.start(Trigger.MANUAL)
        summary = finished.args[0]
        assert isinstance(summary, RunSummary)
        assert (summary.status, summary.delivered, summary.batches) == ("success", 25, 3)
        assert isinstance(events[0], RunStarted)
        assert [type(e) for e in events[1:]] == [BatchStarted, BatchFinished] * 3
        assert running == [True, False]
        assert len(set(emulator.state.versions)) == 25
    finally:
        controller.shutdown()


def test_a_second_start_while_running_is_refused_not_queued(
    qtbot: QtBot, ui_context: AppContext, source_db: SourceDb, emulator: SinhaEmulator
) -> None:
    source_db.add_valid(30)
    emulator.set_faults(emulator.faults.__class__(latency_ms=150))
    controller = SyncController(ui_context)
    finished: list[object] = []
    controller.finished.connect(finished.append)
    try:
        assert controller.start(Trigger.SCHEDULED)
        assert controller.running
        assert not controller.start(Trigger.MANUAL)
        qtbot.waitUntil(lambda: bool(finished), timeout=SIGNAL_TIMEOUT_MS)
        qtbot.wait(200)  # nothing queued arrives later
        assert len(finished) == 1
        assert finished[0].trigger == "scheduled"  # type: ignore[attr-defined]
    finally:
        controller.shutdown()


def test_cancel_stops_after_the_current_batch(
    qtbot: QtBot, ui_context: AppContext, source_db: SourceDb, emulator: SinhaEmulator
) -> None:
    source_db.add_valid(60)  # six batches
    emulator.set_faults(emulator.faults.__class__(latency_ms=100))
    controller = SyncController(ui_context)
    try:
        controller.batch_started.connect(lambda _e: controller.cancel())
        with qtbot.waitSignal(controller.finished, timeout=SIGNAL_TIMEOUT_MS) as finished:
            controller.start(Trigger.MANUAL)
        summary = finished.args[0]
        assert summary.status == "cancelled"
        assert summary.delivered == 10  # the batch being sent was completed
        assert len(set(emulator.state.versions)) == 10
    finally:
        controller.shutdown()


def test_configuration_error_arrives_as_failed_signal(
    qtbot: QtBot, make_settings: Callable[..., Settings], tmp_path: Path, source_db: SourceDb
) -> None:
    context = make_context(make_settings(), tmp_path, secrets=Secrets(MemoryBackend(), env={}))
    controller = SyncController(context)
    try:
        with qtbot.waitSignal(controller.failed, timeout=SIGNAL_TIMEOUT_MS) as failed:
            controller.start(Trigger.MANUAL)
        assert isinstance(failed.args[0], ConfigurationError)
        assert "SINHA password" in str(failed.args[0])
        assert not controller.running
    finally:
        controller.shutdown()


def test_every_engine_event_class_has_its_own_signal(qtbot: QtBot, ui_context: AppContext) -> None:
    """A new event class in sync/events.py cannot be dropped by the worker unnoticed."""
    worker = SyncWorker(ui_context)
    classes = set(SyncEvent.__subclasses__())
    assert classes == {
        RunStarted, BatchStarted, BatchFinished, AttemptFailed, RecordsRejected, Notice,
        RunFinished,
    }  # fmt: skip
    silent = {cls for cls in classes if worker.signal_for(cls) is None}
    assert silent == {RunFinished}  # its summary arrives through ``finished``


def test_a_bug_in_the_run_takes_the_unexpected_error_path_without_its_data(
    qtbot: QtBot, ui_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Our own bug (here a malformed statement) reaches sys.excepthook -- the app's
    CrashReporter: traceback to the log, the window saying nothing was lost -- and the
    run's outcome reads a sentence, never the statement and the data it bound."""
    bug = OperationalError(
        "INSERT INTO sinha_batches (payload VALUES (?)",
        ('{"setor": "Ala Reservada 7731"}',),
        sqlite3.OperationalError('near "VALUES": syntax error'),
    )

    def run(*args: object, **kwargs: object) -> RunSummary:
        raise bug

    reported: list[BaseException] = []
    monkeypatch.setattr(ui_context.service, "run", run)
    monkeypatch.setattr(sys, "excepthook", lambda _type, exc, _tb: reported.append(exc))
    controller = SyncController(ui_context)
    try:
        with qtbot.waitSignal(controller.failed, timeout=SIGNAL_TIMEOUT_MS) as failed:
            controller.start(Trigger.MANUAL)
        assert reported == [bug]
        told = failed.args[0]
        assert isinstance(told, AnahpError) and told.category is ErrorCategory.ERROR
        assert told.message == (
            "an unexpected error stopped it. Nothing was lost: records not delivered stay "
            "pending for the next sync."
        )
        assert not controller.running
    finally:
        controller.shutdown()
