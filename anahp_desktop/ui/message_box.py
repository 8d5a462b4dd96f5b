"""Message boxes whose title the window manager can show whole.

QMessageBox sizes itself for its text and leaves its title only 50 pixels
more than the title's own width; a window manager's title bar also holds an
icon and three buttons and draws the title in bold. A short answer under a
long title ("Retry all waiting batches" / "Tentar novamente todos os lotes
em espera") lost the middle of the title.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QGridLayout, QMessageBox, QSizePolicy, QSpacerItem, QWidget

# a title bar's icon and buttons beside the title (openbox, Windows and GNOME need ~80-110)
TITLE_BAR_ALLOWANCE = 130


def fit_title(box: QMessageBox) -> None:
    """Make ``box`` at least as wide as its title needs in a title bar (call before showing)."""
    font = QFont(box.font())
    font.setBold(True)
    width = QFontMetrics(font).horizontalAdvance(box.windowTitle()) + TITLE_BAR_ALLOWANCE
    layout = box.layout()
    if isinstance(layout, QGridLayout):  # QMessageBox's own layout: a row that holds the width
        spacer = QSpacerItem(width, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        layout.addItem(spacer, layout.rowCount(), 0, 1, layout.columnCount())


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    return QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)


def information(parent: QWidget | None, title: str, text: str) -> None:
    box = _box(parent, QMessageBox.Icon.Information, title, text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    fit_title(box)
    box.exec()


def warning(parent: QWidget | None, title: str, text: str) -> None:
    box = _box(parent, QMessageBox.Icon.Warning, title, text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    fit_title(box)
    box.exec()


def question(parent: QWidget | None, title: str, text: str) -> bool:
    """Yes or No; True for Yes."""
    box = _box(parent, QMessageBox.Icon.Question, title, text)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    fit_title(box)
    return box.exec() == QMessageBox.StandardButton.Yes
