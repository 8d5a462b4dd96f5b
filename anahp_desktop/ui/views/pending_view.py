"""Pending records: what the next sync will send, with the records that will fail flagged."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from anahp_desktop.sync.pending import PendingFilter, PendingPreview
from anahp_desktop.sync.service import StatusReport
from anahp_desktop.ui.models.pending_model import COL_CHECK, PendingTableModel
from anahp_desktop.ui.presenters import run_state
from anahp_desktop.ui.tasks import TaskRunner

SEARCH_DEBOUNCE_MS = 350


class PendingView(QWidget):
    def __init__(
        self,
        runner: TaskRunner,
        preview: Callable[[], PendingPreview],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = PendingTableModel(runner, preview, self)
        self._loaded_once = False
        self._sized = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        header = QHBoxLayout()
        title = QLabel(self.tr("Pending records"))
        title.setObjectName("pageTitle")
        header.addWidget(title, 1)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        header.addWidget(self.refresh_button)
        layout.addLayout(header)
        intro = QLabel(
            self.tr(
                "The records the next sync will send: first those already in stored batches "
                "(that failed, or that a stopped run never sent), then the new ones from the "
                "view, oldest first. Records marked "
                "in red will be rejected by the validation, with the reason shown; fix them in "
                "the hospital system."
            )
        )
        intro.setWordWrap(True)
        intro.setObjectName("muted")
        layout.addWidget(intro)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        filters = QHBoxLayout()
        self.only_rejected = QCheckBox(self.tr("Only those that will be rejected"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by id or atendimento"))
        self.search.setClearButtonEnabled(True)
        filters.addWidget(self.only_rejected)
        filters.addWidget(self.search, 1)
        layout.addLayout(filters)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._apply_filter)
        self.only_rejected.toggled.connect(self._apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self._apply_filter)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header_view = self.table.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header_view.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.state_label = QLabel()
        self.state_label.setObjectName("muted")
        layout.addWidget(self.state_label)
        self.model.loading_changed.connect(self._update_state)
        self.model.page_loaded.connect(self._update_state)
        self.model.page_loaded.connect(self._size_columns)
        self.model.load_failed.connect(self.state_label.setText)
        self._summary = ""

    def current_filter(self) -> PendingFilter:
        return PendingFilter(self.only_rejected.isChecked(), self.search.text().strip())

    def _apply_filter(self) -> None:
        self._debounce.stop()
        self._loaded_once = True
        self._sized = False
        self.model.set_filter(self.current_filter())

    def ensure_loaded(self) -> None:
        if not self._loaded_once:
            self.refresh()

    def refresh(self) -> None:
        self._loaded_once = True
        self._sized = False
        self.model.refresh()

    def _size_columns(self) -> None:
        """Once per refresh, from the first page: re-measuring every page would be slow."""
        if self._sized or not self.model.rowCount():
            return
        self._sized = True
        for column in range(COL_CHECK):
            self.table.resizeColumnToContents(column)

    def mark_stale(self) -> None:
        if self._loaded_once:
            self.refresh()

    def show_status(self, report: StatusReport) -> None:
        self.set_summary(run_state.pending_summary(report))

    def set_summary(self, text: str) -> None:
        """The records held in stored batches, worded by the run-state presenter ("" : none)."""
        self._summary = text
        self._update_state()

    def _update_state(self, *_args: object) -> None:
        if self.model.loading:
            self.state_label.setText(self.tr("Loading…"))
        elif self.model.error:
            self.state_label.setText(self.model.error)
        else:
            invalid = sum(1 for record in self.model.rows() if not record.valid)
            shown = self.model.rowCount()
            if self.model.canFetchMore():
                text = self.tr("%Ln record(s) loaded (scroll for more).", "", shown)
            elif shown:
                text = self.tr("%Ln record(s).", "", shown)
            else:
                text = self.tr("No records.")
            if invalid:
                text += " " + self.tr("%Ln of them will be rejected.", "", invalid)
            self.state_label.setText(text)
        self.summary.setText(self._summary)
        self.summary.setVisible(bool(self._summary))
