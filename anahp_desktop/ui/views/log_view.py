"""The operations log: filters, a lazily paged table, details, export and retry."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from anahp_desktop.state import queries
from anahp_desktop.state.queries import LogFilter, LogRow
from anahp_desktop.state.store import StateStore
from anahp_desktop.ui.log_export import CSV, XLSX, export_log
from anahp_desktop.ui.models.log_model import (
    COL_CNES,
    COL_ERROR,
    COL_ID_LOTE,
    COL_STARTED,
    LogTableModel,
)
from anahp_desktop.ui.tasks import TaskRunner
from anahp_desktop.ui.views.log_filters import LogFilterBar
from anahp_desktop.ui.views.runs_view import RunsTree

VIEW_ATTEMPTS, VIEW_RUNS = range(2)

# id_lote values are long; the full value is in the tooltip and the details window
ID_LOTE_WIDTH = 180


class LogTable(QTableView):
    """Signals: activated_row(LogRow) on double-click or Enter."""

    activated_row = Signal(object)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._activate(self.currentIndex())
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: object) -> None:
        index = self.indexAt(event.position().toPoint())  # type: ignore[attr-defined]
        if index.isValid():
            self._activate(index)
            return
        super().mouseDoubleClickEvent(event)  # type: ignore[arg-type]

    def _activate(self, index: QModelIndex) -> None:
        model = self.model()
        if isinstance(model, LogTableModel):
            row = model.row_at(index.row())
            if row is not None:
                self.activated_row.emit(row)


class LogView(QWidget):
    """Signals: batch_requested(str id_lote), retry_all_requested(), exported(int rows)."""

    batch_requested = Signal(str)
    retry_all_requested = Signal()
    exported = Signal(object)

    def __init__(
        self, runner: TaskRunner, store: Callable[[], StateStore], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._store = store
        self._stale = False
        self.model = LogTableModel(runner, store, self)
        self._build()
        self.filters.changed.connect(self._on_filter_changed)
        self.model.loading_changed.connect(self._on_loading)
        self.model.load_failed.connect(self._on_load_failed)
        self.model.page_loaded.connect(self._on_page_loaded)
        self.table.activated_row.connect(self._on_row_activated)
        self.runs.batch_requested.connect(self.batch_requested)
        self.table.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self._loaded_once = False
        self._sized = False
        self._count_pending = False

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        header = QHBoxLayout()
        title = QLabel(self.tr("Operations log"))
        title.setObjectName("pageTitle")
        header.addWidget(title, 1)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("The rows of the filter shown, as CSV or Excel"))
        self.retry_all_button = QPushButton(self.tr("Retry all waiting batches…"))
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(self._on_export)
        self.retry_all_button.clicked.connect(self.retry_all_requested)
        for button in (self.refresh_button, self.export_button, self.retry_all_button):
            header.addWidget(button)
        layout.addLayout(header)
        self.views = QTabWidget()
        attempts_page = QWidget()
        attempts = QVBoxLayout(attempts_page)
        attempts.setContentsMargins(8, 8, 8, 8)
        self.filters = LogFilterBar()
        attempts.addWidget(self.filters)
        self.table = LogTable()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header_view = self.table.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header_view.setStretchLastSection(True)
        # size columns to the rows on screen, not to every row loaded (200 a page)
        header_view.setResizeContentsPrecision(0)
        header_view.setSortIndicator(COL_STARTED, Qt.SortOrder.DescendingOrder)
        header_view.setSortIndicatorShown(True)
        header_view.sectionClicked.connect(self._on_header_clicked)
        # the CNES is the start of id_lote and is in the details and the CSV: room for the error
        self.table.setColumnHidden(COL_CNES, True)
        self.table.setToolTip(self.tr("Double-click a row (or press Enter) to see the batch"))
        attempts.addWidget(self.table, 1)
        self.runs = RunsTree(self._runner, self._store)
        self.runs.setToolTip(
            self.tr("One row per sync; open it to see its batches. Double-click a batch: details")
        )
        self.views.addTab(attempts_page, self.tr("Attempts"))
        self.views.addTab(self.runs, self.tr("Syncs"))
        self.views.currentChanged.connect(self._on_view_changed)
        layout.addWidget(self.views, 1)
        footer = QHBoxLayout()
        self.count_label = QLabel()
        self.state_label = QLabel()
        self.state_label.setObjectName("muted")
        footer.addWidget(self.count_label)
        footer.addStretch(1)
        footer.addWidget(self.state_label)
        layout.addLayout(footer)

    # -- public -----------------------------------------------------------------------------

    def ensure_loaded(self) -> None:
        """Load the first page the first time the page is shown, or when rows came meanwhile."""
        if not self._loaded_once or self._stale:
            self.refresh()

    def refresh(self) -> None:
        self._loaded_once = True
        self._stale = False
        # counted once the first page is on screen: counting every match competed with
        # reading the page the operator waits for (docs/performance.md)
        self._count_pending = True
        self.count_label.setText(self.tr("Counting…"))
        self.model.set_filter(self.filters.current())
        if self.views.currentIndex() == VIEW_RUNS:
            # the syncs shown too: Refresh, or coming back after a run, showed the old ones
            self.runs.refresh()

    def mark_stale(self) -> None:
        """New rows were written: shown at once, unless the operator is reading further down.

        Rows are never moved under someone scrolled into the list: the refresh
        then waits until the list is back at its top (or the page is shown again).
        """
        if not self._loaded_once:
            return
        self._stale = True
        if self.isVisible() and self.table.verticalScrollBar().value() == 0:
            self.refresh()  # the syncs with it, when they are shown
        elif self.isVisible() and self.views.currentIndex() == VIEW_RUNS:
            self.runs.refresh()

    def _on_scrolled(self, value: int) -> None:
        if value == 0 and self._stale and self.isVisible():
            self.refresh()

    def show_failures(self) -> None:
        self.views.setCurrentIndex(VIEW_ATTEMPTS)
        self.filters.show_failures()

    def show_runs(self) -> None:
        """The syncs, newest first and opened: what the last one sent, and what waits."""
        self.runs.loaded.connect(self._expand_once)
        if self.views.currentIndex() == VIEW_RUNS:
            self.runs.refresh()
        else:
            self.views.setCurrentIndex(VIEW_RUNS)  # which reads them

    def _expand_once(self) -> None:
        self.runs.loaded.disconnect(self._expand_once)
        self.runs.expand_first()

    def _on_view_changed(self, index: int) -> None:
        self.count_label.setVisible(index == VIEW_ATTEMPTS)  # it counts attempts
        if index == VIEW_RUNS:
            self.runs.refresh()

    # -- slots ------------------------------------------------------------------------------

    def _on_filter_changed(self, _flt: LogFilter) -> None:
        self.refresh()

    def _on_header_clicked(self, section: int) -> None:
        header = self.table.horizontalHeader()
        if section != COL_STARTED:
            order = (
                Qt.SortOrder.DescendingOrder
                if self.model.newest_first
                else Qt.SortOrder.AscendingOrder
            )
            header.setSortIndicator(COL_STARTED, order)
            return
        order = header.sortIndicatorOrder()
        self.model.sort(COL_STARTED, order)

    def _count(self) -> None:
        flt = self.filters.current()
        store = self._store
        self.count_label.setText(self.tr("Counting…"))
        self._runner.submit(
            lambda: queries.count_log_rows(store(), flt),
            lambda n: self._on_counted(flt, n),
            lambda exc: self.count_label.setText(str(exc)),
        )

    def _on_counted(self, flt: LogFilter, count: int) -> None:
        if flt != self.filters.current():
            return
        # "Nenhuma entrada": Qt's Portuguese rule would say "0 entrada"
        self.count_label.setText(
            self.tr("%Ln entry(ies)", "", count) if count else self.tr("No entries")
        )

    def _on_loading(self, loading: bool) -> None:
        self.state_label.setText(self.tr("Loading…") if loading else "")

    def _on_load_failed(self, message: str) -> None:
        self._count_pending = False
        self.count_label.setText("")
        self.state_label.setText(message)

    def _on_page_loaded(self) -> None:
        if self._count_pending:
            self._count_pending = False
            self._count()
        if not self._sized:
            # no rows yet: sized to the headers alone (Qt's default width cut "Lote (id_lote)"),
            # and again to the first rows that come
            self._sized = self.model.rowCount() > 0
            for column in range(COL_ERROR):
                self.table.resizeColumnToContents(column)
            header = self.table.horizontalHeader()
            widest = max(ID_LOTE_WIDTH, header.sectionSizeHint(COL_ID_LOTE))
            if self.table.columnWidth(COL_ID_LOTE) > widest:
                self.table.setColumnWidth(COL_ID_LOTE, widest)
        if self.model.rowCount() == 0:
            self.state_label.setText(
                self.tr("No entries match these filters.")
                if self.filters.current() != LogFilter()
                else self.tr("Nothing has been logged yet: no sync has sent a batch.")
            )

    def _on_row_activated(self, row: LogRow) -> None:
        if row.id_lote:
            self.batch_requested.emit(row.id_lote)

    def _on_export(self) -> None:
        csv_filter = self.tr("CSV for Excel (*.csv)")
        xlsx_filter = self.tr("Excel workbook (*.xlsx)")
        path, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the filtered log"),
            str(Path.home() / "operations_log.csv"),
            ";;".join((csv_filter, xlsx_filter)),
        )
        if path:
            kind = XLSX if chosen == xlsx_filter or path.lower().endswith(".xlsx") else CSV
            target = Path(path)
            if target.suffix.lower() != "." + kind:
                target = target.with_name(target.name + "." + kind)
            self.export_to(target, kind)

    def export_to(self, path: Path, kind: str = CSV) -> None:
        """Every row of the filter shown now, in the order shown, to ``path``."""
        flt, newest_first, store = self.filters.current(), self.model.newest_first, self._store
        self.export_button.setEnabled(False)
        self.state_label.setText(self.tr("Exporting…"))

        def done(count: int) -> None:
            self.export_button.setEnabled(True)
            self.state_label.setText(
                self.tr("%n row(s) exported to %1", "", count).replace("%1", str(path))
            )
            if flt == self.filters.current():
                self._on_counted(flt, count)  # the count shown is the one just written
            self.exported.emit(count)

        def failed(exc: Exception) -> None:
            self.export_button.setEnabled(True)
            self.state_label.setText(
                self.tr("The export failed: %1").replace(
                    "%1", getattr(exc, "strerror", None) or str(exc)
                )
            )

        self._runner.submit(
            lambda: export_log(store(), flt, newest_first, path, kind), done, failed
        )
