"""Pending records: the atendimento column (shown here only), the rejected-only filter, search."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from anahp_desktop.ui.context import AppContext
from anahp_desktop.ui.main_window import MainWindow
from anahp_desktop.ui.models.pending_model import COL_ATENDIMENTO, COL_CHECK, COL_ID
from anahp_desktop.ui.views.sidebar import PAGE_PENDING
from tests.helpers.source_db import SourceDb
from tests.ui.conftest import wait_idle


def test_filter_and_search_narrow_the_pending_list(
    qtbot: QtBot,
    ui_context: AppContext,
    source_db: SourceDb,
    make_window: Callable[..., MainWindow],
) -> None:
    source_db.add_valid(8)
    source_db.add_valid(2, cid_principal="XYZ")
    window = make_window(ui_context)
    window.go_to(PAGE_PENDING)
    view = window.pending_view
    wait_idle(qtbot, window)
    model = view.model
    assert model.rowCount() == 10
    assert model.index(0, COL_ATENDIMENTO).data() == "AT1"
    view.only_rejected.setChecked(True)
    wait_idle(qtbot, window)
    assert [model.index(r, COL_ID).data() for r in range(model.rowCount())] == ["9", "10"]
    assert model.index(0, COL_CHECK).data().startswith("Will be rejected:")
    view.only_rejected.setChecked(False)
    view.search.setText("AT7")
    view.search.returnPressed.emit()
    wait_idle(qtbot, window)
    assert [model.index(r, COL_ID).data() for r in range(model.rowCount())] == ["7"]
