"""Reading Qt item views in tests: a missing item fails the test with its place, not None."""

from __future__ import annotations

from PySide6.QtWidgets import QTableWidget, QTreeWidget, QTreeWidgetItem


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None, f"no item at row {row}, column {column}"
    return item.text()


def top_item(tree: QTreeWidget, index: int) -> QTreeWidgetItem:
    item = tree.topLevelItem(index)
    assert item is not None, f"no top-level item {index}"
    return item


def child(item: QTreeWidgetItem, index: int) -> QTreeWidgetItem:
    found = item.child(index)
    assert found is not None, f"no child {index}"
    return found
