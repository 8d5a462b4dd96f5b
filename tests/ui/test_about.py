"""About: versions of what the app runs on, and diagnostics to paste into a support ticket."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from anahp_desktop import __version__
from anahp_desktop.ui.dialogs.about import AboutDialog


def test_copy_diagnostics_names_versions_and_folders(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = AboutDialog(None, tmp_path / "config.toml")
    qtbot.addWidget(dialog)
    assert f"Qt {qVersion()}" in dialog.versions_label.text()
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied.splitlines()[:4] == [
        f"ANAHP Sync Desktop {__version__}",
        f"Qt: {qVersion()}",
        copied.splitlines()[2],
        f"Python: {sys.version.split()[0]}",
    ]
    assert platform.release() in copied
    assert f"Settings file: {tmp_path / 'config.toml'}" in copied
    assert dialog.copy_button.text() == "Copied"
