"""The batches of the current run, one row each, updated from the worker's signals."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from anahp_desktop.sync.events import AttemptFailed, BatchFinished, BatchStarted
from anahp_desktop.ui import formatting
from anahp_desktop.ui.models.log_model import STATUS_COLORS
from anahp_desktop.ui.models.paging import ROW_ROLE

Index = QModelIndex | QPersistentModelIndex

COL_NUMBER = 0
COL_ID_LOTE = 1
COL_RECORDS = 2
COL_STATUS = 3
COL_ATTEMPTS = 4
COL_MESSAGE = 5

SENDING = "sending"
BATCH_COLORS = {**STATUS_COLORS, "delivered": STATUS_COLORS["success"]}


@dataclass(frozen=True)
class BatchProgress:
    number: int
    id_lote: str
    records: int
    status: str = SENDING
    failed_attempts: int = 0
    rejected: int = 0
    message: str = ""


class BatchProgressModel(QAbstractTableModel):
    """One row per batch of the run; rows are replaced, never mutated."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[BatchProgress] = []
        self._by_lote: dict[str, int] = {}

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self._by_lote = {}
        self.endResetModel()

    def row_at(self, row: int) -> BatchProgress | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def batch_started(self, event: BatchStarted) -> None:
        row = BatchProgress(event.number, event.id_lote, event.records)
        if event.id_lote in self._by_lote:
            self._replace(self._by_lote[event.id_lote], row)
            return
        position = len(self._rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.append(row)
        self._by_lote[event.id_lote] = position
        self.endInsertRows()

    def attempt_failed(self, event: AttemptFailed) -> None:
        position = self._by_lote.get(event.id_lote)
        if position is None:
            return
        row = self._rows[position]
        self._replace(position, replace(row, failed_attempts=event.attempt, message=event.message))

    def batch_finished(self, event: BatchFinished) -> None:
        position = self._by_lote.get(event.id_lote)
        if position is None:
            return
        row = self._rows[position]
        message = event.message or ("" if event.status == "delivered" else row.message)
        self._replace(
            position, replace(row, status=event.status, rejected=event.rejected, message=message)
        )

    def _replace(self, position: int, row: BatchProgress) -> None:
        self._rows[position] = row
        self.dataChanged.emit(self.index(position, 0), self.index(position, self.columnCount() - 1))

    # -- Qt model API -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = [
            QCoreApplication.translate("BatchProgressModel", "Batch"),
            QCoreApplication.translate("BatchProgressModel", "id_lote"),
            QCoreApplication.translate("BatchProgressModel", "Records"),
            QCoreApplication.translate("BatchProgressModel", "Status"),
            QCoreApplication.translate("BatchProgressModel", "Retries"),
            QCoreApplication.translate("BatchProgressModel", "Message"),
        ]
        return headers[section] if 0 <= section < len(headers) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_STATUS:
            return BATCH_COLORS.get(row.status)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_MESSAGE and row.message:
            return row.message
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    @staticmethod
    def _display(row: BatchProgress, column: int) -> str:
        if column == COL_NUMBER:
            return str(row.number)
        if column == COL_ID_LOTE:
            return row.id_lote
        if column == COL_RECORDS:
            return formatting.number(row.records)
        if column == COL_STATUS:
            return formatting.status_label(row.status)
        if column == COL_ATTEMPTS:
            return str(row.failed_attempts) if row.failed_attempts else ""
        if column == COL_MESSAGE:
            return row.message
        return ""
