"""Every Qt model passes Qt's model tester, and the pending model pages lazily."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.statuses import BatchStatus
from anahp_desktop.sync.events import AttemptFailed, BatchFinished, BatchStarted
from anahp_desktop.sync.pending import PendingPreview
from anahp_desktop.ui.context import AppContext
from anahp_desktop.ui.models.pending_model import COL_CHECK, PendingTableModel
from anahp_desktop.ui.models.progress_model import COL_ATTEMPTS, COL_STATUS, BatchProgressModel
from anahp_desktop.ui.tasks import TaskRunner
from tests.helpers.source_db import SourceDb
from tests.ui.conftest import SIGNAL_TIMEOUT_MS


def _preview(context: AppContext) -> PendingPreview:
    service = context.service
    return PendingPreview.for_next_run(
        service.reader(),
        service.store,
        view=service.settings.source.view,
        lookback_minutes=service.settings.sync.lookback_minutes,
        source_tz=ZoneInfo(service.settings.source.timezone),
        source_now=service.source_now(),
    )


def test_pending_model_pages_and_flags_invalid_records(
    qtbot: QtBot,
    qtmodeltester: object,
    ui_context: AppContext,
    runner: TaskRunner,
    source_db: SourceDb,
) -> None:
    source_db.add_valid(7)
    source_db.add_valid(1, data_alta=datetime(2020, 1, 1), cid_principal="??")
    model = PendingTableModel(runner, lambda: _preview(ui_context))
    model.page_size = 5
    model.refresh()
    qtbot.waitUntil(lambda: model.rowCount() == 5 and not model.loading, timeout=SIGNAL_TIMEOUT_MS)
    assert model.canFetchMore()
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 8 and not model.loading, timeout=SIGNAL_TIMEOUT_MS)
    assert not model.canFetchMore()
    row = next(i for i, record in enumerate(model.rows()) if record.record_id == "8")
    assert model.index(0, COL_CHECK).data() == "Will be sent"
    flagged = model.index(row, COL_CHECK).data()
    assert flagged.startswith("Will be rejected:")
    assert "before the admission" in flagged and "ICD-10" in flagged
    assert model.index(row, COL_CHECK).data(Qt.ItemDataRole.ToolTipRole)
    assert sum(1 for record in model.rows() if not record.valid) == 1
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_pending_view_loads_only_when_opened(
    qtbot: QtBot,
    ui_context: AppContext,
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_window: object,
) -> None:
    source_db.add_valid(3)
    window = make_window(ui_context)  # type: ignore[operator]
    assert window.pending_view.model.rowCount() == 0  # nothing read at start-up
    window.go_to(1)
    qtbot.waitUntil(lambda: window.pending_view.model.rowCount() == 3, timeout=SIGNAL_TIMEOUT_MS)
    qtbot.waitUntil(
        lambda: window.pending_view.state_label.text() == "3 records.",  # none will be rejected
        timeout=SIGNAL_TIMEOUT_MS,
    )


def test_progress_model_follows_the_run(qtmodeltester: object) -> None:
    model = BatchProgressModel()
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.batch_started(BatchStarted(1, 2, "L1", 10))
    model.batch_started(BatchStarted(2, 2, "L2", 5))
    model.attempt_failed(AttemptFailed("L2", 1, "SINHA had a server error (HTTP 503).", 1.0))
    model.batch_finished(BatchFinished(1, "L1", BatchStatus.DELIVERED, 10))
    model.batch_finished(BatchFinished(2, "L2", BatchStatus.FAILED, 5, message="gave up"))
    assert model.rowCount() == 2
    assert model.index(0, COL_STATUS).data() == "Delivered"
    assert model.index(1, COL_STATUS).data() == "Failed"
    assert model.index(1, COL_ATTEMPTS).data() == "1"
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.clear()
    assert model.rowCount() == 0
