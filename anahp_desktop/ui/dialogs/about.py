"""About: the version, what the app does, where its log and settings are; opens the log folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from anahp_desktop import __version__
from anahp_desktop.ui import icons, log_folder


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, config_path: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About ANAHP Sync"))
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
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
        layout.addSpacing(6)
        places = QFormLayout()
        self.log_label = self._path_label(log_folder.log_file().parent)
        places.addRow(self.tr("Log files:"), self.log_label)
        if config_path is not None:
            places.addRow(self.tr("Settings file:"), self._path_label(config_path))
        layout.addLayout(places)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        self.open_logs_button = QPushButton(self.tr("Open log folder"))
        buttons.addButton(self.open_logs_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_logs_button.clicked.connect(self.open_log_folder)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @staticmethod
    def _path_label(path: Path) -> QLabel:
        label = QLabel(str(path))
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def open_log_folder(self) -> None:
        if not log_folder.open_log_folder():
            self.log_label.setText(
                self.tr("%1 (it could not be opened here)").replace(
                    "%1", str(log_folder.log_file().parent)
                )
            )
