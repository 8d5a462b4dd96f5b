"""About: the version, what the app does, where its log and settings are; opens the log folder."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import QLocale, Qt, qVersion
from PySide6.QtGui import QGuiApplication
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
from anahp_desktop.ui.window_geometry import WholeWrappedText


def platform_versions() -> list[tuple[str, str]]:
    """Qt, PySide6, Python and the operating system, as a support engineer asks for them."""
    return [
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("Python", sys.version.split()[0]),
        (platform.system() or "OS", platform.release() + " " + platform.machine()),
    ]


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
        self.versions_label = QLabel(
            " · ".join(f"{name} {version}" for name, version in platform_versions())
        )
        self.versions_label.setWordWrap(True)
        self.versions_label.setObjectName("muted")
        self.versions_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        places.addRow(self.tr("Running on:"), self.versions_label)
        layout.addLayout(places)
        self._config_path = config_path
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        self.open_logs_button = QPushButton(self.tr("Open log folder"))
        buttons.addButton(self.open_logs_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button = QPushButton(self.tr("Copy diagnostics"))
        self.copy_button.setToolTip(
            self.tr("Versions and folders, for a support ticket (no password, no patient data)")
        )
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_diagnostics)
        self.open_logs_button.clicked.connect(self.open_log_folder)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        WholeWrappedText(self)  # a path that grows ("could not be opened") keeps every line

    def diagnostics(self) -> str:
        """Plain text for a support ticket, in the operator's language."""
        lines = [
            self.tr("ANAHP Sync Desktop %1").replace("%1", __version__),
            *(f"{name}: {version}" for name, version in platform_versions()),
            self.tr("Language: %1").replace("%1", QLocale().name()),
            self.tr("Log files: %1").replace("%1", str(log_folder.log_file().parent)),
        ]
        if self._config_path is not None:
            lines.append(self.tr("Settings file: %1").replace("%1", str(self._config_path)))
        return "\n".join(lines)

    def copy_diagnostics(self) -> None:
        QGuiApplication.clipboard().setText(self.diagnostics())
        self.copy_button.setText(self.tr("Copied"))

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
