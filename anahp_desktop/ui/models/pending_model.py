"""The records the next sync will send, paged from the view as the operator scrolls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor

from anahp_desktop.domain.statuses import BatchStatus
from anahp_desktop.sync.pending import PendingFilter, PendingPreview, PendingRecord
from anahp_desktop.transform.reasons import describe
from anahp_desktop.ui import formatting
from anahp_desktop.ui.models.paging import PagedTableModel
from anahp_desktop.ui.tasks import TaskRunner

COL_ID = 0
COL_ATENDIMENTO = 1
COL_UPDATED = 2
COL_CNES = 3
COL_DATA_ALTA = 4
COL_TIPO_ALTA = 5
COL_CID = 6
COL_CHECK = 7

INVALID_COLOR = QColor("#b3261e")
VALID_COLOR = QColor("#1b7f3b")
WAITING_COLOR = QColor("#8a5a00")


def reasons_text(record: PendingRecord) -> str:
    return " ".join(describe(code, field) for code, field in record.reasons)


class PendingTableModel(PagedTableModel[PendingRecord]):
    """Pending records; ``preview`` builds a :class:`PendingPreview` (on a worker thread)."""

    page_size = 250

    def __init__(
        self, runner: TaskRunner, preview: Callable[[], PendingPreview], parent: Any = None
    ) -> None:
        super().__init__(runner, parent)
        self._make_preview = preview
        self._preview: PendingPreview | None = None
        self.filter = PendingFilter()

    def set_filter(self, flt: PendingFilter) -> None:
        self.filter = flt
        super().refresh()  # the same preview: only what is shown changes

    def refresh(self) -> None:
        self._preview = None  # the watermark may have moved: start where the next run will
        super().refresh()

    def _load_page(self, cursor: Any, limit: int) -> tuple[list[PendingRecord], Any, bool]:
        preview = self._preview or self._make_preview()
        self._preview = preview
        page = preview.page(cursor, limit, self.filter)
        return page.records, page.after, page.after is not None

    def _headers(self) -> list[str]:
        return [
            QCoreApplication.translate("PendingTableModel", "Id"),
            QCoreApplication.translate("PendingTableModel", "Encounter (atendimento)"),
            QCoreApplication.translate("PendingTableModel", "Updated at"),
            QCoreApplication.translate("PendingTableModel", "CNES"),
            QCoreApplication.translate("PendingTableModel", "Discharge"),
            QCoreApplication.translate("PendingTableModel", "Discharge type"),
            QCoreApplication.translate("PendingTableModel", "Main diagnosis"),
            QCoreApplication.translate("PendingTableModel", "Check"),
        ]

    def _cell(self, row: PendingRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_CHECK:
            if row.id_lote:
                return row.id_lote
            return reasons_text(row) if row.reasons else None
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_CHECK:
            if row.id_lote:
                return WAITING_COLOR
            return INVALID_COLOR if row.reasons else VALID_COLOR
        return None

    @staticmethod
    def _display(row: PendingRecord, column: int) -> str:
        values = {
            COL_ID: row.record_id,
            COL_ATENDIMENTO: row.atendimento,
            COL_UPDATED: formatting.wall_time(row.updated_at),
            COL_CNES: row.cnes,
            COL_DATA_ALTA: formatting.cell(row.data_alta),
            COL_TIPO_ALTA: row.tipo_alta,
            COL_CID: row.cid_principal,
        }
        if column == COL_CHECK:
            if row.id_lote:
                if row.batch_status == BatchStatus.PENDING:
                    return QCoreApplication.translate(
                        "PendingTableModel", "In a batch built and not sent yet"
                    )
                return QCoreApplication.translate(
                    "PendingTableModel", "In a batch waiting to be sent again"
                )
            if not row.reasons:
                return QCoreApplication.translate("PendingTableModel", "Will be sent")
            return (
                QCoreApplication.translate("PendingTableModel", "Will be rejected:")
                + " "
                + reasons_text(row)
            )
        return values.get(column, "")
