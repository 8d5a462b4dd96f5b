"""The log one run a row: counts and outcome, expanding to the batches the run built or sent.

A run that stopped at a failed batch shows, under it, the batches it had
built and never sent ("not sent yet"): the operator sees what waits and why.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from anahp_desktop.domain.statuses import OPEN_BATCHES, BatchStatus
from anahp_desktop.state import queries
from anahp_desktop.state.queries import RunBatch, RunRow
from anahp_desktop.state.store import StateStore
from anahp_desktop.ui import formatting
from anahp_desktop.ui.tasks import TaskRunner

RUNS_SHOWN = 200
ID_COLUMN_WIDTH = 230
(
    COL_STARTED,
    COL_TRIGGER,
    COL_OUTCOME,
    COL_DELIVERED,
    COL_REJECTED,
    COL_BATCHES,
    COL_FAILED,
    COL_MESSAGE,
) = range(8)
COLUMN_COUNT = 8
NUMBER_COLUMNS = (COL_DELIVERED, COL_REJECTED, COL_BATCHES, COL_FAILED)
RUN_ROLE = Qt.ItemDataRole.UserRole
LOTE_ROLE = Qt.ItemDataRole.UserRole + 1


class RunsTree(QTreeWidget):
    """Signals: batch_requested(str id_lote) on double-click or Enter on a batch, loaded()."""

    batch_requested = Signal(str)
    loaded = Signal()

    def __init__(
        self, runner: TaskRunner, store: Callable[[], StateStore], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._store = store
        self.setColumnCount(COLUMN_COUNT)
        self.setHeaderLabels(
            [
                self.tr("Started"),
                self.tr("Trigger"),
                self.tr("Outcome"),
                self.tr("Delivered"),
                self.tr("Rejected"),
                self.tr("Batches"),
                self.tr("Failed"),  # batches: the column is narrow, its tooltip says so
                self.tr("Message"),
            ]
        )
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.header().setStretchLastSection(True)
        self.headerItem().setToolTip(COL_FAILED, self.tr("Batches of this sync that failed"))
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.itemExpanded.connect(self._on_expanded)
        self.itemActivated.connect(self._on_activated)
        self.runs: list[RunRow] = []
        self._opened: set[str] = set()  # runs the operator opened: open again after a refresh

    def refresh(self) -> None:
        store = self._store
        self._runner.submit(
            lambda: queries.run_rows(store(), limit=RUNS_SHOWN), self._on_runs, self._on_error
        )

    def expand_first(self) -> None:
        """Open the newest run (the dashboard's "waiting batches" lead here)."""
        item = self.topLevelItem(0)
        if item is not None:
            item.setExpanded(True)
            self.setCurrentItem(item)

    def _on_runs(self, runs: list[RunRow]) -> None:
        self.runs = runs
        self.clear()
        for run in runs:
            item = QTreeWidgetItem(self, run_texts(run))
            item.setData(0, RUN_ROLE, run.run_id)
            item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            _align_numbers(item)
            if run.message:
                item.setToolTip(COL_MESSAGE, run.message)
        self._size_columns()
        for index in range(self.topLevelItemCount()):
            top = self.topLevelItem(index)
            if top is not None and top.data(0, RUN_ROLE) in self._opened:
                top.setExpanded(True)
        self.loaded.emit()

    def _size_columns(self) -> None:
        for column in range(COL_MESSAGE):
            self.resizeColumnToContents(column)
        # an id_lote is long: its start tells the CNES, the whole is in the tooltip and details
        self.setColumnWidth(COL_STARTED, min(self.columnWidth(COL_STARTED), ID_COLUMN_WIDTH))

    def _on_error(self, exc: Exception) -> None:
        self.clear()
        texts = [""] * COLUMN_COUNT
        texts[COL_MESSAGE] = str(exc)
        QTreeWidgetItem(self, texts)
        self.loaded.emit()

    def _on_expanded(self, item: QTreeWidgetItem) -> None:
        run_id = item.data(0, RUN_ROLE)
        if not run_id or item.childCount():
            return
        self._opened.add(str(run_id))
        store = self._store
        self._runner.submit(
            lambda: queries.run_batches(store(), run_id),
            lambda found: self._on_batches(item, found),
            self._on_error,
        )

    def _on_batches(self, item: QTreeWidgetItem, found: list[RunBatch]) -> None:
        try:
            if item.treeWidget() is not self or item.childCount():
                return  # the list was read again meanwhile
        except RuntimeError:  # ... and that item is gone with it
            return
        if not found:
            item.setChildIndicatorPolicy(
                QTreeWidgetItem.ChildIndicatorPolicy.DontShowIndicatorWhenChildless
            )
        for batch in found:
            child = QTreeWidgetItem(item, batch_texts(batch))
            child.setData(0, LOTE_ROLE, batch.id_lote)
            child.setToolTip(COL_STARTED, batch.id_lote)
            _align_numbers(child)
            if batch.last_error_message:
                child.setToolTip(COL_MESSAGE, batch.last_error_message)
        self._size_columns()
        self.loaded.emit()

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        id_lote = item.data(0, LOTE_ROLE)
        if id_lote:
            self.batch_requested.emit(str(id_lote))


def _align_numbers(item: QTreeWidgetItem) -> None:
    for column in NUMBER_COLUMNS:
        item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def run_texts(run: RunRow) -> list[str]:
    """A run's row: its counters as the runs table keeps them (a failed batch counts)."""
    return [
        formatting.date_time(run.started_at),
        formatting.trigger_label(run.trigger),
        formatting.status_label(run.status),
        formatting.number(run.delivered),
        formatting.number(run.rejected),
        formatting.number(run.batches),
        formatting.number(run.failures),
        (run.message or "").splitlines()[0] if run.message else "",
    ]


def batch_texts(batch: RunBatch) -> list[str]:
    """A batch under its run: its status now, and "not sent yet" for one the run never sent."""
    status = formatting.status_label(batch.status)
    if batch.status == BatchStatus.PENDING and batch.attempts_in_run == 0:
        status = QCoreApplication.translate("RunsTree", "Not sent yet (waiting)")
    attempts = (  # none for a batch never sent: its status says so ("0 tentativa" read oddly)
        QCoreApplication.translate("RunsTree", "%n attempt(s)", None, batch.attempts_in_run)
        if batch.attempts_in_run
        else ""
    )
    delivered = batch.status == BatchStatus.DELIVERED
    message = (batch.last_error_message or "").splitlines()[0] if batch.last_error_message else ""
    if batch.status in OPEN_BATCHES:
        waiting = QCoreApplication.translate(
            "RunsTree", "%Ln record(s) waiting", None, batch.record_count
        )
        message = waiting + (" · " + message if message else "")
    texts = [""] * COLUMN_COUNT
    texts[COL_STARTED] = batch.id_lote
    texts[COL_OUTCOME] = status
    texts[COL_DELIVERED] = formatting.number(batch.record_count) if delivered else ""
    texts[COL_BATCHES] = attempts
    texts[COL_MESSAGE] = message
    return texts
