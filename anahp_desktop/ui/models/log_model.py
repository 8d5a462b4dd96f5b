"""The operations log as a lazily paged table: filters and order applied in SQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, assert_never

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor

from anahp_desktop.domain.statuses import FAILED_ATTEMPTS, AttemptStatus, BatchStatus, Trigger
from anahp_desktop.state import queries
from anahp_desktop.state.queries import LogFilter, LogRow
from anahp_desktop.state.store import StateStore
from anahp_desktop.ui import formatting
from anahp_desktop.ui.models.paging import PagedTableModel
from anahp_desktop.ui.tasks import TaskRunner

COL_STARTED = 0
COL_STATUS = 1
COL_TRIGGER = 2
COL_ID_LOTE = 3
COL_CNES = 4
COL_RECORDS = 5
COL_REJECTED = 6
COL_ATTEMPT = 7
COL_HTTP = 8
COL_ERROR = 9

SORTABLE_COLUMNS = frozenset({COL_STARTED})
FAILURE_STATUSES = FAILED_ATTEMPTS


def attempt_color(status: AttemptStatus) -> QColor:
    """An attempt's status colour in the log (mypy flags a status without one)."""
    match status:
        case AttemptStatus.SUCCESS:
            return QColor("#1b7f3b")
        case AttemptStatus.FAILED:
            return QColor("#b3261e")
        case AttemptStatus.REJECTED:
            return QColor("#b35c00")
        case AttemptStatus.INTERRUPTED:
            return QColor("#8a5a00")
        case AttemptStatus.RUNNING:
            return QColor("#1f5fae")
        case _:
            assert_never(status)


RESOLVED_COLOR = QColor("#5b6573")


def resolution_text(row: LogRow) -> str:
    """Why a failed attempt needs nothing more: its batch was delivered, or replaced."""
    if row.batch_status == BatchStatus.DELIVERED:
        return QCoreApplication.translate(
            "LogTableModel", "Resolved: this batch was delivered by a later attempt."
        )
    return QCoreApplication.translate(
        "LogTableModel",
        "Resolved: this batch was replaced by new batches (split, or its rejected records "
        "taken out); see its details.",
    )


class LogTableModel(PagedTableModel[LogRow]):
    """Rows of ``operations_log`` matching a :class:`LogFilter`, newest first by default.

    Keyset paging means rows written while someone browses never shift the
    rows already loaded: they appear after a refresh.
    """

    def __init__(
        self, runner: TaskRunner, store: Callable[[], StateStore], parent: Any = None
    ) -> None:
        super().__init__(runner, parent)
        self._store = store
        self.filter = LogFilter()
        self.newest_first = True
        self._header_labels = self._translated_headers()
        # the texts of a row, made on its first paint: a repaint asks for every visible cell
        # and role again, and formatting them each time was most of a page's first paint
        self._texts: dict[int, tuple[str, ...]] = {}

    def refresh(self) -> None:
        self._texts = {}
        super().refresh()

    def set_filter(self, flt: LogFilter) -> None:
        self.filter = flt
        self.refresh()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Only the start time is an indexed order; other columns keep the current order."""
        if column not in SORTABLE_COLUMNS:
            return
        newest_first = order == Qt.SortOrder.DescendingOrder
        if newest_first != self.newest_first:
            self.newest_first = newest_first
            self.refresh()

    def _load_page(self, cursor: Any, limit: int) -> tuple[list[LogRow], Any, bool]:
        rows = queries.log_page(
            self._store(), self.filter, limit=limit, after=cursor, newest_first=self.newest_first
        )
        last = (rows[-1].started_at, rows[-1].id) if rows else cursor
        return rows, last, len(rows) == limit

    def _headers(self) -> list[str]:
        return self._header_labels

    @staticmethod
    def _translated_headers() -> list[str]:
        return [
            QCoreApplication.translate("LogTableModel", "Started"),
            QCoreApplication.translate("LogTableModel", "Status"),
            QCoreApplication.translate("LogTableModel", "Trigger"),
            QCoreApplication.translate("LogTableModel", "Batch (id_lote)"),
            QCoreApplication.translate("LogTableModel", "CNES"),
            QCoreApplication.translate("LogTableModel", "Records"),
            QCoreApplication.translate("LogTableModel", "Rejected"),
            QCoreApplication.translate("LogTableModel", "Attempt"),
            QCoreApplication.translate("LogTableModel", "HTTP"),
            QCoreApplication.translate("LogTableModel", "Error"),
        ]

    def _cell(self, row: LogRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            texts = self._texts.get(row.id)
            if texts is None:
                texts = self._texts[row.id] = tuple(
                    self._display(row, c) for c in range(len(self._header_labels))
                )
            return texts[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_ERROR and row.error_message:
                return row.error_message
            if column == COL_ID_LOTE:
                return row.id_lote
            if column == COL_STATUS and row.resolved:
                return resolution_text(row)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_STATUS:
            return RESOLVED_COLOR if row.resolved else attempt_color(row.status)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            COL_RECORDS,
            COL_REJECTED,
            COL_ATTEMPT,
            COL_HTTP,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _display(row: LogRow, column: int) -> str:
        if column == COL_STARTED:
            return formatting.date_time(row.started_at)
        if column == COL_STATUS:
            label = formatting.status_label(row.status)
            if row.resolved:
                return QCoreApplication.translate("LogTableModel", "%1 · resolved").replace(
                    "%1", label
                )
            return label
        if column == COL_TRIGGER:
            return formatting.trigger_label(row.trigger)
        if column == COL_ID_LOTE:
            return row.id_lote or ""
        if column == COL_CNES:
            return row.cnes or ""
        if column == COL_RECORDS:
            if row.trigger == Trigger.IMPORTED and not row.records_sent:
                return ""  # the previous service's log did not say how many
            return formatting.number(row.records_sent)
        if column == COL_REJECTED:
            return formatting.number(row.records_rejected) if row.records_rejected else ""
        if column == COL_ATTEMPT:
            return str(row.attempt)
        if column == COL_HTTP:
            return str(row.http_status) if row.http_status is not None else ""
        if column == COL_ERROR:
            return (row.error_message or "").splitlines()[0] if row.error_message else ""
        return ""
