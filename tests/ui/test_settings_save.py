"""Saving settings is one step for the operator: a file Windows holds open saves nothing at all.

On Windows ``os.replace`` raises ``PermissionError`` while another program (an
antivirus scan, an editor) holds the settings file; the window used to store
the typed passwords first, so such a failure left them changed and the file
not: settings half-saved.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from anahp_desktop.config import writer
from anahp_desktop.config.settings import Settings
from anahp_desktop.secrets import MemoryBackend, SecretName, Secrets
from anahp_desktop.ui.dialogs.settings_dialog import SettingsDialog
from anahp_desktop.ui.tasks import TaskRunner
from tests.ui.conftest import SIGNAL_TIMEOUT_MS, make_context


def test_a_held_settings_file_leaves_the_passwords_as_they_were(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    make_settings: Callable[..., Settings],
    tmp_path: Path,
    runner: TaskRunner,
) -> None:
    keyring = Secrets(MemoryBackend({SecretName.SINHA_PASSWORD: "old-sinha"}), env={})
    context = make_context(make_settings(), tmp_path, keyring=keyring)
    dialog = SettingsDialog(context, runner)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.secrets_checked, timeout=SIGNAL_TIMEOUT_MS):
        dialog.show()

    def held(source: object, target: object) -> None:
        raise PermissionError(
            13,
            "The process cannot access the file because it is being used by another process",
            str(source),
            None,
            str(target),
        )

    monkeypatch.setattr(os, "replace", held)
    monkeypatch.setattr(writer, "RETRY_DELAYS_S", (0.0, 0.0))
    dialog.sinha_password.edit.setText("new-sinha")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled(), timeout=SIGNAL_TIMEOUT_MS)
    assert "held open by another program" in dialog.error_label.text()
    assert keyring.get(SecretName.SINHA_PASSWORD) == "old-sinha"
    assert not context.config_path.exists()
    assert dialog.isVisible()  # the operator can try again

    monkeypatch.undo()
    with qtbot.waitSignal(dialog.saved, timeout=SIGNAL_TIMEOUT_MS):
        dialog.save()
    assert keyring.get(SecretName.SINHA_PASSWORD) == "new-sinha"
    assert context.config_path.exists()
