"""The window's left column: the brand, the page list and the Settings/About buttons."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from anahp_desktop.ui import icons

# the pages, in the order of the list (and of the window's stacked pages)
PAGE_DASHBOARD, PAGE_PENDING, PAGE_PROGRESS, PAGE_LOG = range(4)


class Sidebar(QWidget):
    """Only shows; the window connects ``nav.currentRowChanged`` and the buttons' ``clicked``.

    Its texts keep the translation context "MainWindow" they had in the window.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("appSidebar")
        # a QWidget subclass paints its style-sheet background only when asked to
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFixedWidth(236)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 12)
        column.setSpacing(0)
        brand = QLabel(QCoreApplication.translate("MainWindow", "ANAHP Sync"))
        brand.setObjectName("brand")
        sub = QLabel(QCoreApplication.translate("MainWindow", "Hospital discharges → SINHA"))
        sub.setObjectName("brandSub")
        column.addWidget(brand)
        column.addWidget(sub)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for icon, text in (
            ("dashboard", QCoreApplication.translate("MainWindow", "Dashboard")),
            ("pending", QCoreApplication.translate("MainWindow", "Pending records")),
            ("progress", QCoreApplication.translate("MainWindow", "Batch progress")),
            ("log", QCoreApplication.translate("MainWindow", "Operations log")),
        ):
            QListWidgetItem(icons.nav_icon(icon), text, self.nav)
        column.addWidget(self.nav, 1)
        self.settings_button = QPushButton(
            icons.nav_icon("settings"), QCoreApplication.translate("MainWindow", "Settings")
        )
        self.about_button = QPushButton(
            icons.nav_icon("about"), QCoreApplication.translate("MainWindow", "About")
        )
        column.addWidget(self.settings_button)
        column.addWidget(self.about_button)
