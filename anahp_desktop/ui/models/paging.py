"""A table model that loads keyset pages in the background as the view scrolls.

Subclasses say how to load one page (``_load_page``, run on a worker thread)
and how to show a row. The base keeps the rows as frozen objects, asks for
the next page from ``fetchMore`` (Qt calls it when the view nears the end),
and drops results of a query that a newer filter or refresh made obsolete.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from anahp_desktop.ui.tasks import TaskRunner

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex

# the role that returns the row object itself (views read rows through proxies with it)
ROW_ROLE = Qt.ItemDataRole.UserRole + 1


class PagedTableModel(QAbstractTableModel, Generic[Row]):
    """Signals:
    loading_changed(bool): a page is being read;
    load_failed(str): a page could not be read (the message is for the operator);
    page_loaded(): rows were appended (or the first page came back empty).
    """

    loading_changed = Signal(bool)
    load_failed = Signal(str)
    page_loaded = Signal()

    page_size = 200

    def __init__(self, runner: TaskRunner, parent: Any = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._rows: list[Row] = []
        self._cursor: Any = None
        self._more = False
        self._loading = False
        self._generation = 0
        self.error: str | None = None

    # -- subclass hooks ---------------------------------------------------------------------

    def _load_page(self, cursor: Any, limit: int) -> tuple[list[Row], Any, bool]:
        """(rows, next cursor, more pages?) -- runs on a worker thread."""
        raise NotImplementedError

    def _headers(self) -> list[str]:
        raise NotImplementedError

    def _cell(self, row: Row, column: int, role: int) -> Any:
        raise NotImplementedError

    # -- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Forget the rows and read the first page again."""
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._cursor = None
        self._more = True
        self.error = None
        self.endResetModel()
        self._set_loading(False)
        self._request()

    @property
    def loading(self) -> bool:
        return self._loading

    def row_at(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[Row]:
        return list(self._rows)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._request()

    def _request(self) -> None:
        if self._loading or not self._more:
            return
        generation, cursor, limit = self._generation, self._cursor, self.page_size
        self._set_loading(True)
        self._runner.submit(
            lambda: self._load_page(cursor, limit),
            lambda result: self._on_page(generation, result),
            lambda exc: self._on_error(generation, exc),
        )

    def _on_page(self, generation: int, result: tuple[list[Row], Any, bool]) -> None:
        if generation != self._generation:
            return  # a newer refresh replaced this query
        rows, cursor, more = result
        self._cursor, self._more = cursor, more
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self._set_loading(False)
        self.page_loaded.emit()

    def _on_error(self, generation: int, exc: Exception) -> None:
        if generation != self._generation:
            return
        self._more = False
        self.error = str(exc)
        self._set_loading(False)
        self.load_failed.emit(self.error)

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    # -- Qt model API -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            headers = self._headers()
            if 0 <= section < len(headers):
                return headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == ROW_ROLE:
            return row
        return self._cell(row, index.column(), role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
