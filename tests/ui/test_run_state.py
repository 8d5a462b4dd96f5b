"""Every view tells the same story, for each row of the run-state table.

Never sent, failed (with batches built and never sent), partly retried,
retried, failed to start, cancelled: the dashboard's headline and cards, the
pending view, the tray's icon and tooltip and ``anahp-sync status`` all derive
from one StatusReport, and "success" is said only when nothing is left.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from anahp_desktop.cli import output
from anahp_desktop.demo.emulator import Faults, SinhaEmulator
from anahp_desktop.domain.statuses import BatchStatus, Trigger
from anahp_desktop.state import queries
from anahp_desktop.ui import icons, message_box
from anahp_desktop.ui.context import AppContext
from anahp_desktop.ui.main_window import MainWindow
from anahp_desktop.ui.views.cards import ERROR, OK, WARNING
from anahp_desktop.ui.views.runs_view import (
    COL_BATCHES,
    COL_DELIVERED,
    COL_FAILED,
    COL_OUTCOME,
    COL_REJECTED,
    COL_TRIGGER,
)
from anahp_desktop.ui.views.sidebar import PAGE_DASHBOARD, PAGE_LOG
from tests.helpers.qt_items import child, top_item
from tests.helpers.source_db import SourceDb
from tests.ui.conftest import SIGNAL_TIMEOUT_MS, wait_idle


def views(window: MainWindow) -> dict[str, Any]:
    """What the operator reads everywhere, and what the command line says."""
    dashboard = window.dashboard
    return {
        "headline": dashboard.activity.text(),
        "last": dashboard.last_card.value.text(),
        "last_tone": dashboard.last_card.property("tone"),
        "pending": dashboard.pending_card.value.text(),
        "batches": dashboard.failed_card.value.text(),
        "batches_detail": dashboard.failed_card.detail.text(),
        "summary": window.pending_view.summary.text(),
        "tray": window.tray.icon.toolTip().splitlines()[1],
        "tray_state": window.tray.state,
        "cli": output.verdict_text(window.context.service.status()),
    }


def refreshed(qtbot: QtBot, window: MainWindow) -> dict[str, Any]:
    wait_idle(qtbot, window)
    with qtbot.waitSignal(window.overview_loaded, timeout=SIGNAL_TIMEOUT_MS):
        window.refresh_overview()
    return views(window)


def run(qtbot: QtBot, window: MainWindow, start: Callable[[], object]) -> Any:
    with qtbot.waitSignal(window.controller.finished, timeout=SIGNAL_TIMEOUT_MS) as done:
        start()
    return done.args[0]


@pytest.fixture
def failed(
    qtbot: QtBot,
    ui_context: AppContext,
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_window: Callable[..., MainWindow],
) -> MainWindow:
    """25 records in batches of 10: the first delivered, the second refused to the end."""
    source_db.add_valid(25)
    emulator.script = ["ok", "503", "503", "503"]  # max_attempts 3
    window = make_window(ui_context)
    summary = run(qtbot, window, lambda: window.request_sync(Trigger.MANUAL))
    assert summary.status == "failed"
    return window


def test_never_sent(
    qtbot: QtBot,
    ui_context: AppContext,
    source_db: SourceDb,
    make_window: Callable[..., MainWindow],
) -> None:
    source_db.add_valid(25)
    seen = views(make_window(ui_context))
    assert seen["headline"] == (
        "No sync has run yet: 25 records wait to be sent. Click “Sync now” to send them."
    )
    assert (seen["last"], seen["pending"], seen["batches"]) == ("Never", "25", "0")
    assert seen["tray"] == seen["headline"] and seen["tray_state"] == icons.IDLE
    assert seen["cli"] == "No sync has run yet."


def test_failed_lists_the_batches_built_and_never_sent(qtbot: QtBot, failed: MainWindow) -> None:
    seen = refreshed(qtbot, failed)
    assert seen["headline"].startswith("The last sync, at ")
    assert seen["headline"].endswith(
        "failed: SINHA had a server error (HTTP 503). 15 records wait to be sent."
    )
    assert (seen["last"], seen["last_tone"]) == ("Failed", ERROR)
    assert (seen["pending"], seen["batches"]) == ("15", "2")
    assert seen["batches_detail"] == (
        "1 failed\n1 never sent (the run stopped before it)\nClick to see them"
    )
    assert seen["summary"].startswith(
        "15 records wait in stored batches (1 failed · 10 records; "
        "1 never sent (the run stopped before it) · 5 records)."
    )
    assert seen["tray"] == seen["headline"] and seen["tray_state"] == icons.ERROR
    assert seen["cli"].endswith("failed: SINHA had a server error (HTTP 503).")
    store = failed.context.service.store
    assert len(queries.retryable_batch_ids(store)) == 2  # "Retry all" sends both
    # the card leads to the log's syncs, the failed one opened with its batches
    runs = failed.log_view.runs
    card = failed.dashboard.failed_card
    on_text = card.detail.geometry().center()  # "Click to see them": the text itself
    assert card.childAt(on_text) is None  # the click reaches the card, not the label
    with qtbot.waitSignal(runs.loaded, timeout=SIGNAL_TIMEOUT_MS):
        qtbot.mouseClick(card, Qt.MouseButton.LeftButton, pos=on_text)
    qtbot.waitUntil(lambda: top_item(runs, 0).childCount() > 0, timeout=SIGNAL_TIMEOUT_MS)
    top = top_item(runs, 0)
    assert (top.text(COL_TRIGGER), top.text(COL_OUTCOME)) == ("Manual", "Failed")
    # the run's own counters: the batch that stopped it is one of its batches, and failed
    counters = [top.text(c) for c in (COL_DELIVERED, COL_REJECTED, COL_BATCHES, COL_FAILED)]
    assert counters == ["10", "0", "2", "1"]
    assert runs.headerItem().text(COL_FAILED) == "Failed"
    assert child(top, 2).text(COL_BATCHES) == ""  # never sent: no "0 attempts"
    statuses = [child(top, i).text(COL_OUTCOME) for i in range(top.childCount())]
    assert statuses == ["Delivered", "Failed", "Not sent yet (waiting)"]


def test_partly_retried_is_not_a_success_and_moves_no_schedule(
    qtbot: QtBot, failed: MainWindow
) -> None:
    refreshed(qtbot, failed)
    due = failed.scheduler.next_due
    store = failed.context.service.store
    (batch,) = store.open_batches([BatchStatus.FAILED])
    summary = run(qtbot, failed, lambda: failed.runs.retry_batch(batch.id_lote))
    assert (summary.status, summary.trigger) == ("success", Trigger.RETRY)
    seen = refreshed(qtbot, failed)
    assert seen["headline"].startswith("The retry at ")
    assert seen["headline"].endswith(
        "was completed, but 5 records still wait to be sent: the next sync sends them."
    )
    assert (seen["last"], seen["last_tone"]) == ("Retry completed", WARNING)
    assert (seen["pending"], seen["batches"]) == ("5", "1")
    assert seen["tray"] == seen["headline"] and seen["tray_state"] == icons.IDLE
    assert seen["cli"].endswith("was completed; 5 records still wait to be sent.")
    assert failed.scheduler.next_due == due  # a retry is not a sync
    triggers = {r.trigger for r in queries.log_rows(store, queries.LogFilter(), limit=50)}
    assert Trigger.RETRY in triggers


def test_retried_all_is_nothing_left(
    qtbot: QtBot, failed: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    refreshed(qtbot, failed)
    due = failed.scheduler.next_due
    monkeypatch.setattr(message_box, "question", lambda *_a: True)
    summary = run(qtbot, failed, failed.retry_all_failed)
    assert (summary.status, summary.delivered) == ("success", 15)
    seen = refreshed(qtbot, failed)
    assert seen["headline"].startswith("Nothing left to send. The last sync, at ")
    assert (seen["last"], seen["last_tone"]) == ("Success", OK)
    assert (seen["pending"], seen["batches"], seen["summary"]) == ("0", "0", "")
    assert seen["tray"] == seen["headline"] and seen["tray_state"] == icons.IDLE
    assert seen["cli"].startswith("Nothing left to send: the last sync, at ")
    assert failed.scheduler.next_due == due


def test_failed_to_start_is_a_failed_run_with_its_reason(
    qtbot: QtBot,
    ui_context: AppContext,
    source_db: SourceDb,
    make_window: Callable[..., MainWindow],
) -> None:
    source_db.add_valid(5)
    window = make_window(ui_context)
    run(qtbot, window, lambda: window.request_sync(Trigger.MANUAL))
    assert refreshed(qtbot, window)["last"] == "Success"
    bad = window.context.settings.model_copy(deep=True)
    bad.sinha.url = "http://sinha.example.org/api"
    window.context.replace_settings(bad)
    source_db.add_valid(3)
    with qtbot.waitSignal(window.controller.failed, timeout=SIGNAL_TIMEOUT_MS):
        window.request_sync(Trigger.MANUAL)
    seen = refreshed(qtbot, window)
    reason = "Refusing to send the SINHA password over plain http:// to sinha.example.org"
    assert reason in seen["headline"] and seen["headline"].endswith("3 records wait to be sent.")
    assert (seen["last"], seen["last_tone"]) == ("Failed", ERROR)
    assert seen["tray"] == seen["headline"] and seen["tray_state"] == icons.ERROR
    assert reason in seen["cli"]
    window.go_to(PAGE_LOG)
    window.tray.failure_clicked.emit("")  # the failure's notification, clicked
    assert window.pages.currentIndex() == PAGE_DASHBOARD


def test_cancelled_says_what_waits(
    qtbot: QtBot,
    ui_context: AppContext,
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_window: Callable[..., MainWindow],
) -> None:
    source_db.add_valid(60)
    emulator.set_faults(Faults(latency_ms=150))
    window = make_window(ui_context)
    with qtbot.waitSignal(window.controller.finished, timeout=SIGNAL_TIMEOUT_MS) as done:
        window.request_sync(Trigger.MANUAL)
        qtbot.waitUntil(lambda: window.progress_view.model.rowCount() > 0)
        window.cancel_sync()
    assert done.args[0].status == "cancelled"
    seen = refreshed(qtbot, window)
    left = int(seen["pending"])
    assert 0 < left < 60
    assert seen["headline"].endswith(f"was cancelled; {left} records wait for the next sync.")
    assert (seen["last"], seen["last_tone"]) == ("Cancelled", WARNING)
    assert seen["tray"] == seen["headline"] and seen["tray_state"] == icons.IDLE
    assert seen["cli"].endswith("was cancelled.")


def test_the_syncs_tab_shows_a_retry_made_while_another_page_was_open(
    qtbot: QtBot, failed: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = failed.log_view.runs
    with qtbot.waitSignal(runs.loaded, timeout=SIGNAL_TIMEOUT_MS):
        failed.body.show_waiting_batches()  # the log's Syncs tab
    assert runs.topLevelItemCount() == 1
    failed.go_to(PAGE_DASHBOARD)
    monkeypatch.setattr(message_box, "question", lambda *_a: True)
    run(qtbot, failed, failed.retry_all_failed)
    wait_idle(qtbot, failed)
    with qtbot.waitSignal(runs.loaded, timeout=SIGNAL_TIMEOUT_MS):
        failed.go_to(PAGE_LOG)  # back to the syncs: the retry is there, not the old list
    assert runs.topLevelItemCount() == 2
    assert top_item(runs, 0).text(COL_TRIGGER) == "Retry"
    with qtbot.waitSignal(runs.loaded, timeout=SIGNAL_TIMEOUT_MS):
        failed.log_view.refresh_button.click()  # and Refresh reads them again
