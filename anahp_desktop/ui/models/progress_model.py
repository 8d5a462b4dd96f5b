"""The batches of the current run, one row each, updated from the worker's signals.

The cells live in Qt's own item model (C++), not in ``data()`` written in
Python: painting the table then never waits for the Python interpreter lock,
which the sync's threads hold most of the time during a run. With a Python
``data()``, every visible cell of every repaint queued behind the worker and
the window stalled for up to a tenth of a second (see docs/performance.md).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, assert_never

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel

from anahp_desktop.domain.statuses import OPEN_BATCHES, AttemptStatus, BatchStatus
from anahp_desktop.sync.events import AttemptFailed, BatchFinished, BatchStarted
from anahp_desktop.ui import formatting
from anahp_desktop.ui.models.log_model import attempt_color
from anahp_desktop.ui.models.paging import ROW_ROLE

COL_NUMBER = 0
COL_ID_LOTE = 1
COL_RECORDS = 2
COL_STATUS = 3
COL_ATTEMPTS = 4
COL_MESSAGE = 5
COLUMNS = 6

ITEM_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)


@dataclass(frozen=True)
class BatchProgress:
    number: int
    id_lote: str
    records: int
    status: BatchStatus = BatchStatus.SENDING
    failed_attempts: int = 0
    rejected: int = 0
    message: str = ""


class BatchProgressModel(QStandardItemModel):
    """One row per batch of the run; a row is rewritten, never edited in place."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(0, COLUMNS, parent)
        self._rows: list[BatchProgress] = []
        self._by_lote: dict[str, int] = {}
        self.setHorizontalHeaderLabels(_headers())

    def clear(self) -> None:
        self._rows = []
        self._by_lote = {}
        self.setRowCount(0)

    def row_at(self, row: int) -> BatchProgress | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def batch_started(self, event: BatchStarted) -> None:
        row = BatchProgress(event.number, event.id_lote, event.records)
        if event.id_lote in self._by_lote:
            self._replace(self._by_lote[event.id_lote], row)
            return
        self._by_lote[event.id_lote] = len(self._rows)
        self._rows.append(row)
        self.appendRow(_items(row))

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
        # a batch delivered or replaced (split, partly rejected) is not described by the
        # error of an attempt retried before: only a batch still failing keeps that one
        settled = event.status not in OPEN_BATCHES
        message = event.message or ("" if settled else row.message)
        self._replace(
            position, replace(row, status=event.status, rejected=event.rejected, message=message)
        )

    def _replace(self, position: int, row: BatchProgress) -> None:
        """Rewrite one row's cells, then tell the views once (not once per cell and role)."""
        self._rows[position] = row
        blocked = self.blockSignals(True)
        try:
            for column, fresh in enumerate(_items(row)):
                self.setItem(position, column, fresh)
        finally:
            self.blockSignals(blocked)
        self.dataChanged.emit(self.index(position, 0), self.index(position, COLUMNS - 1))


def _headers() -> list[str]:
    return [
        QCoreApplication.translate("BatchProgressModel", "Batch"),
        QCoreApplication.translate("BatchProgressModel", "id_lote"),
        QCoreApplication.translate("BatchProgressModel", "Records"),
        QCoreApplication.translate("BatchProgressModel", "Status"),
        QCoreApplication.translate("BatchProgressModel", "Retries"),
        QCoreApplication.translate("BatchProgressModel", "Message"),
    ]


def _items(row: BatchProgress) -> list[QStandardItem]:
    texts = (
        str(row.number),
        row.id_lote,
        formatting.number(row.records),
        formatting.status_label(row.status),
        str(row.failed_attempts) if row.failed_attempts else "",
        row.message,
    )
    items = []
    for column, text in enumerate(texts):
        item = QStandardItem(text)
        item.setFlags(ITEM_FLAGS)
        item.setData(row, ROW_ROLE)
        color = batch_color(row.status) if column == COL_STATUS else None
        if color is not None:
            item.setForeground(color)
        if column == COL_MESSAGE and row.message:
            item.setToolTip(row.message)
        items.append(item)
    return items


def batch_color(status: BatchStatus) -> QColor | None:
    """A batch's status colour in the progress table: delivered green, failed red."""
    match status:
        case BatchStatus.DELIVERED:
            return attempt_color(AttemptStatus.SUCCESS)
        case BatchStatus.FAILED:
            return attempt_color(AttemptStatus.FAILED)
        case (
            BatchStatus.PENDING
            | BatchStatus.SENDING
            | BatchStatus.CONFLICT
            | BatchStatus.UNCONFIRMED
            | BatchStatus.SPLIT
            | BatchStatus.SUPERSEDED
        ):
            return None
        case _:
            assert_never(status)
