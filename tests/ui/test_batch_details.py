"""The failed-batch window: what it shows, Copy details without secrets, and Retry."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from anahp_desktop import __version__
from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.state import queries
from anahp_desktop.ui.context import AppContext
from anahp_desktop.ui.dialogs.batch_details import (
    TAB_PAYLOAD,
    TAB_RECORDS,
    TAB_REJECTIONS,
    TAB_RESPONSE,
    BatchDetailsDialog,
)
from anahp_desktop.ui.main_window import MainWindow
from anahp_desktop.ui.models.progress_model import COL_MESSAGE, COL_STATUS
from tests.helpers.fixtures import PSEUDONYM_KEY, SINHA_PASSWORD
from tests.helpers.qt_items import cell
from tests.helpers.source_db import SourceDb
from tests.ui.conftest import SIGNAL_TIMEOUT_MS, wait_idle


@pytest.fixture
def failed(
    qtbot: QtBot,
    ui_context: AppContext,
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_window: Callable[..., MainWindow],
) -> tuple[MainWindow, str]:
    source_db.add_valid(4)
    source_db.add_valid(1, tipo_alta="99")  # SINHA will reject this one on the retry
    emulator.script = ["503", "503", "503"]
    window = make_window(ui_context)
    with qtbot.waitSignal(window.controller.finished, timeout=SIGNAL_TIMEOUT_MS):
        window.request_sync(Trigger.MANUAL)
    wait_idle(qtbot, window)
    (id_lote,) = queries.retryable_batch_ids(window.context.service.store)
    return window, id_lote


def _open(qtbot: QtBot, window: MainWindow, id_lote: str) -> BatchDetailsDialog:
    dialog = window.open_batch(id_lote)
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=SIGNAL_TIMEOUT_MS)
    return dialog


def test_details_show_error_attempts_payload_response_and_records(
    qtbot: QtBot, failed: tuple[MainWindow, str]
) -> None:
    window, id_lote = failed
    dialog = _open(qtbot, window, id_lote)
    assert dialog.status_value.text() == "Failed"
    assert dialog.category_value.text() == "SINHA server error"
    assert "503" in dialog.message_value.text()
    assert dialog.http_value.text() == "503"
    assert dialog.attempts.rowCount() == 3
    assert [cell(dialog.attempts, r, 0) for r in range(3)] == ["1", "2", "3"]
    assert all(cell(dialog.attempts, r, 1) for r in range(3))  # every attempt's time
    payload = json.loads(dialog.payload.toPlainText())
    assert payload["id_lote"] == id_lote and len(payload["registros"]) == 5
    assert "\n  " in dialog.payload.toPlainText()  # pretty printed
    assert json.loads(dialog.response.toPlainText()) == {"erro": "falha temporária"}
    dialog.tabs.setCurrentIndex(TAB_RECORDS)
    qtbot.waitUntil(lambda: dialog.source_rows is not None, timeout=SIGNAL_TIMEOUT_MS)
    assert dialog.records.rowCount() == 5
    assert cell(dialog.records, 0, 3) == "AT1"  # shown locally, straight from the view
    assert dialog.retry_button.isEnabled()
    assert dialog.tabs.tabText(TAB_PAYLOAD) == "Payload as sent"
    assert dialog.tabs.tabText(TAB_RESPONSE) == "Response body"


def test_copy_details_is_plain_text_without_secrets_or_patient_data(
    qtbot: QtBot, failed: tuple[MainWindow, str]
) -> None:
    window, id_lote = failed
    dialog = _open(qtbot, window, id_lote)
    dialog.copy_button.click()
    text = QGuiApplication.clipboard().text()
    assert text.startswith(f"id_lote: {id_lote}\nStatus: Failed\n")
    assert "HTTP: 503" in text and text.count("#") == 3
    assert text.endswith(f"ANAHP Sync Desktop {__version__}")
    for secret in (SINHA_PASSWORD, PSEUDONYM_KEY, "AT1", "atendimento"):
        assert secret not in text


def test_retry_this_batch_delivers_it(
    qtbot: QtBot, failed: tuple[MainWindow, str], emulator: SinhaEmulator
) -> None:
    window, id_lote = failed
    dialog = _open(qtbot, window, id_lote)
    with qtbot.waitSignal(window.controller.finished, timeout=SIGNAL_TIMEOUT_MS) as finished:
        dialog.retry_button.click()
    summary = finished.args[0]
    assert (summary.status, summary.delivered, summary.rejected) == ("success", 4, 1)
    wait_idle(qtbot, window)
    qtbot.waitUntil(
        lambda: (
            dialog.data is not None
            and dialog.data.detail is not None
            and dialog.data.detail.status == "superseded"
        ),
        timeout=SIGNAL_TIMEOUT_MS,
    )
    assert dialog.status_value.text() == "Partly rejected"
    assert "Delivered" in dialog.children_value.text()
    assert dialog.data is not None
    (child,) = dialog.data.children
    dialog.children_value.linkActivated.emit(child[0])  # "Replaced by" is a link
    assert child[0] in window.details
    assert dialog.tabs.tabText(TAB_REJECTIONS) == "Rejections (1)"
    assert cell(dialog.rejections, 0, 0) == "5"
    assert "tipo_alta" in cell(dialog.rejections, 0, 2)
    assert not dialog.retry_button.isEnabled()
    assert len(set(emulator.state.versions)) == 4
    assert queries.retryable_batch_ids(window.context.service.store) == []


def test_a_batch_partly_rejected_after_a_failed_attempt_shows_the_rejection(
    qtbot: QtBot,
    ui_context: AppContext,
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_window: Callable[..., MainWindow],
) -> None:
    source_db.add_valid(4)
    source_db.add_valid(1, tipo_alta="99")  # the second attempt gets a 422 for this one
    emulator.script = ["503"]  # the first attempt fails and is retried
    window = make_window(ui_context)
    with qtbot.waitSignal(window.controller.finished, timeout=SIGNAL_TIMEOUT_MS):
        window.request_sync(Trigger.MANUAL)
    wait_idle(qtbot, window)
    rejection = "SINHA rejected 1 record; the others are sent in a new batch."
    progress = window.progress_view.model
    first = progress.row_at(0)
    assert first is not None and first.status == "superseded"
    assert progress.index(0, COL_STATUS).data() == "Partly rejected"
    assert progress.index(0, COL_MESSAGE).data() == rejection  # not the 503 retried before
    dialog = _open(qtbot, window, first.id_lote)
    assert (dialog.status_value.text(), dialog.http_value.text()) == ("Partly rejected", "422")
    assert dialog.message_value.text() == rejection
    attempts = [cell(dialog.attempts, r, 6) for r in range(dialog.attempts.rowCount())]
    assert attempts == ["SINHA had a server error (HTTP 503).", rejection]
    logged = queries.log_rows(
        window.context.service.store, queries.LogFilter(id_lote=first.id_lote)
    )
    assert [(r.http_status, r.error_message) for r in logged] == [
        (422, rejection),
        (503, "SINHA had a server error (HTTP 503)."),
    ]


def test_enter_on_a_log_row_opens_its_batch(qtbot: QtBot, failed: tuple[MainWindow, str]) -> None:
    window, id_lote = failed
    window.body.show_failures()
    view = window.log_view
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=SIGNAL_TIMEOUT_MS)
    wait_idle(qtbot, window)
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(0, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert id_lote in window.details
    qtbot.waitUntil(lambda: window.details[id_lote].data is not None, timeout=SIGNAL_TIMEOUT_MS)
