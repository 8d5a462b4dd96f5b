"""The demo never touches a real installation: its keyring entries and its addresses are its own."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from anahp_desktop.secrets import DEMO_KEYRING_SERVICE, KEYRING_SERVICE, SecretName
from anahp_desktop.ui import demo_mode
from anahp_desktop.ui.dialogs.settings_dialog import SettingsDialog
from anahp_desktop.ui.tasks import TaskRunner
from tests.helpers.keyrings import DictKeyring
from tests.ui.conftest import SIGNAL_TIMEOUT_MS

REAL_ENTRIES = {
    (KEYRING_SERVICE, SecretName.SINHA_PASSWORD.value): "production-sinha",
    (KEYRING_SERVICE, SecretName.DATABASE_PASSWORD.value): "production-db",
}


def test_a_demo_save_and_remove_leave_the_real_entries_untouched(
    qtbot: QtBot, tmp_path: Path, runner: TaskRunner, test_keyring: DictKeyring
) -> None:
    test_keyring.store.update(REAL_ENTRIES)
    context, env = demo_mode.start(tmp_path / "demo", fresh=True, records=50)
    try:
        dialog = SettingsDialog(context, runner)
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(dialog.secrets_checked, timeout=SIGNAL_TIMEOUT_MS):
            dialog.show()
        # the real installation's stored passwords are not even seen by the demo
        assert dialog.sinha_password.state.text() == "No password is stored yet."
        assert dialog.demo_banner is not None
        assert "anahp-sync-demo" in dialog.demo_banner.text()
        dialog.sinha_password.edit.setText("typed-in-the-demo")
        dialog.sinha_url.setText("https://typed.example/api")
        with qtbot.waitSignal(dialog.saved, timeout=SIGNAL_TIMEOUT_MS) as saved:
            dialog.save()
        assert test_keyring.store == {
            **REAL_ENTRIES,
            (DEMO_KEYRING_SERVICE, SecretName.SINHA_PASSWORD.value): "typed-in-the-demo",
        }
        # the demo keeps syncing with the live emulator, not the address typed in
        assert saved.args[0].sinha.url == env.emulator.url

        again = SettingsDialog(context, runner)
        qtbot.addWidget(again)
        with qtbot.waitSignal(again.secrets_checked, timeout=SIGNAL_TIMEOUT_MS):
            again.show()
        with qtbot.waitSignal(again.secrets_checked, timeout=SIGNAL_TIMEOUT_MS):
            again.sinha_password.forget_button.click()
        assert test_keyring.store == REAL_ENTRIES
    finally:
        env.stop()
