"""Settings' ODBC driver field on a Windows driver list: Driver 18 or 17, never the legacy one.

Windows lists its legacy ``SQL Server`` driver first; the window used to save
``pyodbc.drivers()[0]``, and "Test connection" then blamed the DBA's view for
the dates that driver returns as text. The list is given to pyodbc itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyodbc
import pytest
from pytestqt.qtbot import QtBot

from anahp_desktop.config import loader
from anahp_desktop.config.settings import Settings
from anahp_desktop.secrets import Secrets
from anahp_desktop.ui.dialogs.settings_dialog import SettingsDialog
from anahp_desktop.ui.tasks import TaskRunner
from tests.ui.conftest import SIGNAL_TIMEOUT_MS, make_context

LEGACY = "SQL Server"
NC11 = "SQL Server Native Client 11.0"
MS17 = "ODBC Driver 17 for SQL Server"
MS18 = "ODBC Driver 18 for SQL Server"
ACCESS = "Microsoft Access Driver (*.mdb, *.accdb)"


def open_dialog(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    make_settings: Callable[..., Settings],
    tmp_path: Path,
    runner: TaskRunner,
    drivers: list[str],
    chosen: str = "",
) -> SettingsDialog:
    monkeypatch.setattr(pyodbc, "drivers", lambda: list(drivers))
    settings = make_settings(source={"url": "", "host": "sql01", "driver": chosen})
    context = make_context(settings, tmp_path, keyring=Secrets(env={}))
    dialog = SettingsDialog(context, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.driver.count() > 0)  # the drivers were listed
    return dialog


def items(dialog: SettingsDialog) -> list[str]:
    return [dialog.driver.itemText(i) for i in range(dialog.driver.count())]


def test_an_empty_field_gets_driver_18_and_the_list_is_best_first(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    make_settings: Callable[..., Settings],
    tmp_path: Path,
    runner: TaskRunner,
) -> None:
    dialog = open_dialog(
        qtbot, monkeypatch, make_settings, tmp_path, runner, [LEGACY, ACCESS, NC11, MS17, MS18]
    )
    assert dialog.driver.currentText() == MS18
    assert items(dialog) == [MS18, MS17, NC11, LEGACY]
    assert dialog.driver_note.isHidden()
    assert dialog.form_settings().source.driver == MS18


def test_only_the_legacy_driver_leaves_the_field_empty_and_says_why(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    make_settings: Callable[..., Settings],
    tmp_path: Path,
    runner: TaskRunner,
) -> None:
    dialog = open_dialog(qtbot, monkeypatch, make_settings, tmp_path, runner, [LEGACY, ACCESS])
    assert dialog.driver.currentText() == ""
    assert not dialog.driver_note.isHidden()
    assert "datetime2" in dialog.driver_note.text()
    assert "ODBC Driver 18 for SQL Server" in dialog.driver_note.text()
    with qtbot.waitSignal(dialog.saved, timeout=SIGNAL_TIMEOUT_MS):
        dialog.save()
    assert loader.load(dialog._context.config_path, env={}).settings.source.driver == ""


def test_choosing_the_legacy_driver_by_hand_shows_the_sentence(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    make_settings: Callable[..., Settings],
    tmp_path: Path,
    runner: TaskRunner,
) -> None:
    dialog = open_dialog(qtbot, monkeypatch, make_settings, tmp_path, runner, [LEGACY, MS17])
    assert dialog.driver.currentText() == MS17 and dialog.driver_note.isHidden()
    dialog.driver.setCurrentText(LEGACY)
    assert "datetime2" in dialog.driver_note.text() and not dialog.driver_note.isHidden()
    dialog.driver.setCurrentText(MS17)
    assert dialog.driver_note.isHidden()


def test_a_saved_choice_is_kept(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    make_settings: Callable[..., Settings],
    tmp_path: Path,
    runner: TaskRunner,
) -> None:
    dialog = open_dialog(
        qtbot, monkeypatch, make_settings, tmp_path, runner, [MS18, MS17], chosen=MS17
    )
    assert dialog.driver.currentText() == MS17
