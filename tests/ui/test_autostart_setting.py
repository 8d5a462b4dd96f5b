"""The settings window's "start at login" box: saved with the settings, applied to the login item."""

from __future__ import annotations

import shlex
from collections.abc import Callable, Sequence
from pathlib import Path

from pytestqt.qtbot import QtBot

from anahp_desktop import autostart
from anahp_desktop.config import loader
from anahp_desktop.config.settings import Settings
from anahp_desktop.ui.context import AppContext
from anahp_desktop.ui.dialogs.settings_dialog import SettingsDialog
from anahp_desktop.ui.tasks import TaskRunner
from tests.ui.conftest import SIGNAL_TIMEOUT_MS, make_context


def _dialog(qtbot: QtBot, context: AppContext, runner: TaskRunner) -> SettingsDialog:
    dialog = SettingsDialog(context, runner)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.secrets_checked, timeout=SIGNAL_TIMEOUT_MS):
        dialog.show()
    return dialog


def _save(qtbot: QtBot, dialog: SettingsDialog) -> Settings:
    with qtbot.waitSignal(dialog.saved, timeout=SIGNAL_TIMEOUT_MS) as saved:
        dialog.save()
    qtbot.waitUntil(dialog.buttons.isEnabled, timeout=SIGNAL_TIMEOUT_MS)
    settings = saved.args[0]
    assert isinstance(settings, Settings)
    return settings


def test_checking_the_box_writes_the_login_item_and_unchecking_removes_it(
    qtbot: QtBot, ui_context: AppContext, runner: TaskRunner, tmp_path: Path
) -> None:
    login_item = autostart.XdgAutostart(tmp_path / "xdg")
    dialog = _dialog(qtbot, ui_context, runner)
    dialog.login_item = login_item
    assert not dialog.autostart.isChecked() and dialog.autostart.isEnabled()
    dialog.autostart.setChecked(True)
    assert _save(qtbot, dialog).app.autostart
    assert loader.load(ui_context.config_path, env={}).settings.app.autostart
    exec_line = next(
        line
        for line in login_item.path.read_text(encoding="utf-8").splitlines()
        if line.startswith("Exec=")
    )
    assert shlex.split(exec_line[5:]) == autostart.launch_command()
    assert exec_line.endswith("--minimized")

    ui_context.settings = loader.load(ui_context.config_path, env={}).settings
    again = _dialog(qtbot, ui_context, runner)
    again.login_item = login_item
    assert again.autostart.isChecked()  # the box shows the saved setting
    again.autostart.setChecked(False)
    assert not _save(qtbot, again).app.autostart
    assert not login_item.path.exists()


class RefusingLoginItem:
    """A login item the system refuses to write (a locked-down Windows profile)."""

    def enable(self, command: Sequence[str]) -> None:
        raise PermissionError("Access is denied")

    def disable(self) -> None:
        raise PermissionError("Access is denied")

    def is_enabled(self) -> bool:
        return False


def test_a_refused_login_item_is_reported_and_the_settings_are_still_saved(
    qtbot: QtBot, ui_context: AppContext, runner: TaskRunner
) -> None:
    dialog = _dialog(qtbot, ui_context, runner)
    dialog.login_item = RefusingLoginItem()
    dialog.autostart.setChecked(True)
    _save(qtbot, dialog)
    assert loader.load(ui_context.config_path, env={}).settings.app.autostart
    assert "starting at login could not be changed: Access is denied" in (dialog.error_label.text())
    assert dialog.isVisible()  # the operator reads it before closing


def test_the_demo_never_registers_itself_at_login(
    qtbot: QtBot,
    make_settings: Callable[..., Settings],
    tmp_path: Path,
    runner: TaskRunner,
) -> None:
    context = make_context(make_settings(), tmp_path)
    context.demo = True
    dialog = _dialog(qtbot, context, runner)
    dialog.login_item = RefusingLoginItem()  # would fail the save if it were touched
    assert not dialog.autostart.isEnabled()
    _save(qtbot, dialog)
    assert dialog.error_label.text() == ""
