"""About: the version, what the app does, where its log and settings are."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from anahp_desktop import __version__
from anahp_desktop.ui import icons


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About ANAHP Sync"))
        layout = QVBoxLayout(self)
        logo = QLabel()
        logo.setPixmap(icons.app_icon().pixmap(64, 64))
        logo.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(logo)
        title = QLabel(self.tr("ANAHP Sync Desktop"))
        title.setObjectName("pageTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(title)
        self.version_label = QLabel(self.tr("Version %1").replace("%1", __version__))
        self.version_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.version_label)
        text = QLabel(
            self.tr(
                "Sends the hospital's discharge records from its SQL Server view to the SINHA "
                "API of ANAHP, in batches, never losing a record or sending one twice. "
                "Passwords are kept in the operating system's keyring."
            )
        )
        text.setWordWrap(True)
        text.setMinimumWidth(380)
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
