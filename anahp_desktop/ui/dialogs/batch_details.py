"""Failed-batch details: error, every attempt, records, payload, response, rejections."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from anahp_desktop import __version__
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.source.contract import COLUMN_NAMES, SourceRow
from anahp_desktop.sync.service import SyncService
from anahp_desktop.ui import formatting
from anahp_desktop.ui.dialogs.batch_data import (
    BatchData,
    load_batch,
    load_source_rows,
    pretty_json,
)
from anahp_desktop.ui.fonts import use_fixed_font
from anahp_desktop.ui.log_export import time_text as export_time
from anahp_desktop.ui.tasks import TaskRunner
from anahp_desktop.ui.window_geometry import fit_to_screen

TAB_RECORDS, TAB_PAYLOAD, TAB_RESPONSE, TAB_REJECTIONS = range(4)
# what the dialog asks for when the screen has room (it is never made larger than the screen)
PREFERRED_SIZE = QSize(940, 680)
MAX_COLUMN_WIDTH = 260
# attempt rows shown at first (more: drag the splitter, or scroll)
SHOWN_ATTEMPT_ROWS = 8


class BatchDetailsDialog(QDialog):
    """Signals: retry_requested(str id_lote), batch_requested(str id_lote): open another."""

    retry_requested = Signal(str)
    batch_requested = Signal(str)  # a batch that replaced this one, clicked
    loaded = Signal()
    records_loaded = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        service: Callable[[], SyncService],
        id_lote: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._service = service
        self.id_lote = id_lote
        self.data: BatchData | None = None
        self.source_rows: list[SourceRow] | None = None
        self.setWindowTitle(self.tr("Batch %1").replace("%1", id_lote))
        fit_to_screen(self, PREFERRED_SIZE)
        self._build()
        self.reload()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Batch details"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        lote = QLabel(self.id_lote)
        lote.setObjectName("monoValue")
        use_fixed_font(lote)
        lote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(lote)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.status_value = self._value_label()
        self.category_value = self._value_label()
        self.message_value = self._value_label()
        self.message_value.setObjectName("errorText")
        self.http_value = self._value_label()
        self.records_value = self._value_label()
        self.children_value = self._value_label()
        self.children_value.setTextFormat(Qt.TextFormat.RichText)
        self.children_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.children_value.linkActivated.connect(self.batch_requested)
        form.addRow(self.tr("Status:"), self.status_value)
        form.addRow(self.tr("Error category:"), self.category_value)
        form.addRow(self.tr("Error message:"), self.message_value)
        form.addRow(self.tr("HTTP status:"), self.http_value)
        form.addRow(self.tr("Records:"), self.records_value)
        self.children_label = QLabel(self.tr("Replaced by:"))
        form.addRow(self.children_label, self.children_value)
        self.children_label.hide()
        self.children_value.hide()
        layout.addLayout(form)
        attempts_title = QLabel(self.tr("Attempts"))
        attempts_title.setObjectName("sectionTitle")
        layout.addWidget(attempts_title)
        self.attempts = self._table(
            [
                self.tr("#"),
                self.tr("Started"),
                self.tr("Finished"),
                self.tr("Trigger"),
                self.tr("Result"),
                self.tr("HTTP"),
                self.tr("Message"),
            ]
        )
        self.tabs = QTabWidget()
        self.records = self._table(list(COLUMN_NAMES))
        self.records_note = QLabel(
            self.tr(
                "The records as the view shows them now, read from the hospital database. "
                "Shown on this computer only: they are not copied into the details."
            )
        )
        self.records_note.setWordWrap(True)
        self.records_note.setObjectName("muted")
        records_page = QWidget()
        records_layout = QVBoxLayout(records_page)
        records_layout.addWidget(self.records_note)
        records_layout.addWidget(self.records)
        self.payload = self._text_view()
        self.response = self._text_view()
        self.rejections = self._table([self.tr("Record id"), self.tr("Version"), self.tr("Reason")])
        self.tabs.addTab(records_page, self.tr("Records from the view"))
        self.tabs.addTab(self.payload, self.tr("Payload as sent"))
        self.tabs.addTab(self.response, self.tr("Response body"))
        self.tabs.addTab(self.rejections, self.tr("Rejections"))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        # attempts above the tabs in a splitter: its share stays put whichever tab is shown
        # (the tab bar no longer jumps), and the operator can drag it to see every attempt
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.attempts)
        self.split.addWidget(self.tabs)
        self.split.setStretchFactor(1, 1)
        layout.addWidget(self.split, 1)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        layout.addWidget(self.state_label)
        buttons = QDialogButtonBox()
        self.retry_button = QPushButton(self.tr("Retry this batch"))
        self.retry_button.setObjectName("primaryButton")
        self.retry_button.setEnabled(False)
        self.copy_button = QPushButton(self.tr("Copy details"))
        self.copy_button.setEnabled(False)
        buttons.addButton(self.retry_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.retry_button.clicked.connect(self._on_retry)
        self.copy_button.clicked.connect(self.copy_details)
        layout.addWidget(buttons)

    @staticmethod
    def _value_label() -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    @staticmethod
    def _table(headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.setAlternatingRowColors(True)
        # sized once after filling: ResizeToContents would re-measure on every item (slow)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    @staticmethod
    def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
        """Fill a table in one go, then size its columns once."""
        table.setUpdatesEnabled(False)
        try:
            table.setRowCount(len(rows))
            for row_number, values in enumerate(rows):
                for column, value in enumerate(values):
                    item = QTableWidgetItem(value)
                    if len(value) > 40:
                        item.setToolTip(value)
                    table.setItem(row_number, column, item)
            for column in range(table.columnCount() - 1):  # the last one stretches
                table.resizeColumnToContents(column)
                table.setColumnWidth(column, min(table.columnWidth(column), MAX_COLUMN_WIDTH))
        finally:
            table.setUpdatesEnabled(True)

    @staticmethod
    def _text_view() -> QPlainTextEdit:
        view = QPlainTextEdit()
        view.setReadOnly(True)
        use_fixed_font(view)
        return view

    # -- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        self.state_label.setText(self.tr("Reading the batch…"))
        service, id_lote = self._service, self.id_lote
        self._runner.submit(lambda: load_batch(service(), id_lote), self._on_loaded, self._on_error)

    def _on_loaded(self, data: BatchData) -> None:
        self.data = data
        self.state_label.setText("")
        detail = data.detail
        if detail is None:
            imported = any(a.trigger == Trigger.IMPORTED for a in data.attempts)
            self.status_value.setText(
                self.tr("Sent by the previous service: only its log rows are known here.")
                if imported
                else self.tr("This batch is not in the state store.")
            )
            self._fill_attempts(data)
            self.loaded.emit()
            return
        self.status_value.setText(formatting.status_label(detail.status))
        self.category_value.setText(formatting.category_label(detail.last_error_category) or "—")
        self.message_value.setText(detail.last_error_message or "—")
        self.http_value.setText(str(detail.last_http_status or "—"))
        self.records_value.setText(
            self.tr("%1 (CNES %2)")
            .replace("%1", formatting.number(detail.record_count))
            .replace("%2", detail.cnes)
        )
        self._fill_attempts(data)
        if data.children:
            self.children_value.setText(
                "<br>".join(
                    f"<a href='{html.escape(child)}'>{html.escape(child)}</a> · "
                    + html.escape(formatting.status_label(status))
                    for child, status in data.children
                )
            )
        self.children_label.setVisible(bool(data.children))
        self.children_value.setVisible(bool(data.children))
        self.payload.setPlainText(
            pretty_json(detail.payload)
            or self.tr(
                "The payload is not kept once a batch is delivered or replaced: only the record "
                "keys are. It is kept while the batch waits to be sent again."
            )
        )
        self.response.setPlainText(
            pretty_json(data.response_body) or self.tr("SINHA sent no response body.")
        )
        self._fill_rejections(data)
        self.retry_button.setEnabled(data.retryable)
        self.copy_button.setEnabled(True)
        if self.tabs.currentIndex() == TAB_RECORDS:
            self._load_records()
        self.loaded.emit()

    def _on_error(self, exc: Exception) -> None:
        self.state_label.setText(str(exc))
        self.loaded.emit()

    def _fill_attempts(self, data: BatchData) -> None:
        rows = min(max(len(data.attempts), 1), SHOWN_ATTEMPT_ROWS)
        height = self.attempts.horizontalHeader().height() + 4
        height += rows * max(self.attempts.verticalHeader().defaultSectionSize(), 1)
        self.split.setSizes([height, max(self.split.height() - height, 200)])
        self._fill(
            self.attempts,
            [
                [
                    str(attempt.attempt),
                    formatting.date_time(attempt.started_at),
                    formatting.date_time(attempt.finished_at),
                    formatting.trigger_label(attempt.trigger),
                    formatting.status_label(attempt.status),
                    str(attempt.http_status or ""),
                    attempt.error_message or "",
                ]
                for attempt in data.attempts
            ],
        )

    def _fill_rejections(self, data: BatchData) -> None:
        self._fill(
            self.rejections,
            [
                [record_id, formatting.wall_time(version), " ".join(sentences)]
                for record_id, version, sentences in data.rejections
            ],
        )
        label = self.tr("Rejections (%1)").replace("%1", str(len(data.rejections)))
        self.tabs.setTabText(TAB_REJECTIONS, label)

    def _on_tab_changed(self, index: int) -> None:
        if index == TAB_RECORDS:
            self._load_records()

    def _load_records(self) -> None:
        if self.data is None or self.source_rows is not None or not self.data.keys:
            return
        keys, service = self.data.keys, self._service
        self.records_note.setText(self.tr("Reading the records from the hospital database…"))
        self._runner.submit(
            lambda: load_source_rows(service(), keys),
            self._on_records,
            lambda exc: self.records_note.setText(str(exc)),
        )

    def _on_records(self, rows: list[SourceRow]) -> None:
        self.source_rows = rows
        self._fill(self.records, [[formatting.cell(value) for value in row] for row in rows])
        missing = len(self.data.keys) - len(rows) if self.data else 0
        note = self.tr(
            "The records as the view shows them now, read from the hospital database. "
            "Shown on this computer only: they are not copied into the details."
        )
        if missing:
            note += " " + self.tr("%Ln record(s) are no longer in the view.", "", missing)
        self.records_note.setText(note)
        self.records_loaded.emit()

    # -- actions ----------------------------------------------------------------------------

    def _on_retry(self) -> None:
        self.retry_button.setEnabled(False)
        self.state_label.setText(self.tr("Retrying this batch…"))
        self.retry_requested.emit(self.id_lote)

    def retry_refused(self, message: str) -> None:
        self.state_label.setText(message)
        self.retry_button.setEnabled(bool(self.data and self.data.retryable))

    def retry_done(self, message: str) -> None:
        self.state_label.setText(message)
        self.source_rows = None
        self.reload()

    def details_text(self) -> str:
        """Plain text for a support ticket, in the operator's language, with the app version.

        No password, no patient data, no payload.
        """
        data = self.data
        if data is None or data.detail is None:
            return self.tr("Batch %1").replace("%1", self.id_lote)
        detail = data.detail

        def line(label: str, value: object) -> str:
            return f"{label}: {value if value is not None else ''}"

        lines = [
            line("id_lote", detail.id_lote),
            line(self.tr("Status"), formatting.status_label(detail.status)),
            line("CNES", detail.cnes),
            line(self.tr("Records"), detail.record_count),
            line(self.tr("Attempts"), detail.attempts),
            line(self.tr("Created"), export_time(detail.created_at)),
            line("HTTP", detail.last_http_status or ""),
            line(self.tr("Error category"), formatting.category_label(detail.last_error_category)),
            line(self.tr("Error message"), detail.last_error_message or ""),
        ]
        if detail.parent_id_lote:
            lines.append(line(self.tr("Replaces"), detail.parent_id_lote))
        lines += ["", self.tr("Attempts") + ":"]
        for attempt in data.attempts:
            lines.append(
                f"  #{attempt.attempt} {export_time(attempt.started_at)} → "
                f"{export_time(attempt.finished_at)} {formatting.status_label(attempt.status)} · "
                f"{formatting.trigger_label(attempt.trigger)} · HTTP {attempt.http_status or '—'} "
                f"{attempt.error_message or ''}".rstrip()
            )
        if data.rejections:
            lines += ["", self.tr("Rejections") + ":"]
            for record_id, version, sentences in data.rejections:
                lines.append(
                    f"  {record_id} @ {formatting.wall_time(version)}: {' '.join(sentences)}"
                )
        body = pretty_json(data.response_body)
        if body:
            lines += ["", self.tr("Response body") + ":", body]
        lines += ["", self.tr("ANAHP Sync Desktop %1").replace("%1", __version__)]
        return "\n".join(lines)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details_text())
        self.state_label.setText(self.tr("Details copied to the clipboard."))
