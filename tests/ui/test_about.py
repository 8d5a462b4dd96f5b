"""About: versions of what the app runs on, and diagnostics to paste into a support ticket."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from anahp_desktop import __version__
from anahp_desktop.ui import log_folder
from anahp_desktop.ui.dialogs.about import AboutDialog
from tests.ui.clipping import clipped


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


def test_about_keeps_every_line_when_the_log_folder_cannot_be_opened(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(log_folder, "open_log_folder", lambda: False)  # no file manager
    dialog = AboutDialog(None, tmp_path / "config.toml")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert clipped(dialog) == []
    dialog.open_logs_button.click()
    assert dialog.log_label.text().endswith("(it could not be opened here)")
    qtbot.waitUntil(lambda: clipped(dialog) == [], timeout=2000)
    dialog.resize(dialog.minimumWidth(), 10)  # as small as the operator can make it
    qtbot.waitUntil(lambda: clipped(dialog) == [], timeout=2000)
