"""Ids, paths and payloads in the system's fixed-pitch font, never a family named by hand."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from anahp_desktop.ui.dialogs.unexpected_error import ErrorReport, UnexpectedErrorDialog
from anahp_desktop.ui.fonts import fixed_font
from anahp_desktop.ui.style import STYLE_SHEET


def test_monospace_comes_from_the_system_font_database(qtbot: QtBot) -> None:
    assert "monospace" not in STYLE_SHEET
    report = ErrorReport("KeyError", "main_window.py", 12, "MainThread", Path("/tmp/x.log"))
    dialog = UnexpectedErrorDialog(report)
    qtbot.addWidget(dialog)
    mono = [label for label in dialog.findChildren(QLabel) if label.objectName() == "monoValue"]
    assert mono and {label.font().family() for label in mono} == {fixed_font().family()}
