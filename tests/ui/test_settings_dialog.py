"""Settings: passwords go to the keyring only, connection tests answer in sentences."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from anahp_desktop.config import loader
from anahp_desktop.config.settings import Settings
from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.secrets import KEYRING_SERVICE, SecretName, Secrets
from anahp_desktop.ui.context import AppContext
from anahp_desktop.ui.dialogs.settings_dialog import SettingsDialog, state_url_from_text
from anahp_desktop.ui.tasks import TaskRunner
from tests.helpers.fixtures import memory_secrets
from tests.helpers.keyrings import DictKeyring
from tests.helpers.source_db import SourceDb
from tests.ui.conftest import SIGNAL_TIMEOUT_MS, make_context


@pytest.fixture
def context(
    make_settings: Callable[..., Settings], tmp_path: Path, test_keyring: DictKeyring
) -> AppContext:
    return make_context(
        make_settings(), tmp_path, secrets=memory_secrets(), keyring=Secrets(env={})
    )


def _dialog(qtbot: QtBot, context: AppContext, runner: TaskRunner) -> SettingsDialog:
    dialog = SettingsDialog(context, runner)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.secrets_checked, timeout=SIGNAL_TIMEOUT_MS):
        dialog.show()
    return dialog


def test_passwords_go_to_the_keyring_and_never_to_the_file(
    qtbot: QtBot, context: AppContext, runner: TaskRunner, test_keyring: DictKeyring
) -> None:
    dialog = _dialog(qtbot, context, runner)
    assert dialog.sinha_password.state.text() == "No password is stored yet."
    dialog.host.setText("sqlserver01")
    dialog.database.setText("hospital")
    dialog.username.setText("sinha_reader")
    dialog.db_password.edit.setText("db-Secret;1")
    dialog.sinha_password.edit.setText("sinha-Secret-2")
    dialog.interval.setValue(30)
    with qtbot.waitSignal(dialog.saved, timeout=SIGNAL_TIMEOUT_MS) as saved:
        dialog.save()
    assert test_keyring.store == {
        (KEYRING_SERVICE, SecretName.DATABASE_PASSWORD.value): "db-Secret;1",
        (KEYRING_SERVICE, SecretName.SINHA_PASSWORD.value): "sinha-Secret-2",
    }
    text = context.config_path.read_text(encoding="utf-8")
    assert "Secret" not in text
    on_file = loader.load(context.config_path, env={}).settings
    assert (on_file.source.host, on_file.source.username) == ("sqlserver01", "sinha_reader")
    assert on_file.sync.interval_minutes == 30
    assert saved.args[0].sync.interval_minutes == 30

    again = _dialog(qtbot, context, runner)
    assert again.sinha_password.state.text().startswith("● A password is stored")
    assert again.sinha_password.edit.text() == ""  # never shown back
    assert again.db_password.forget_button.isEnabled()
    with qtbot.waitSignal(again.secrets_checked, timeout=SIGNAL_TIMEOUT_MS):
        again.db_password.forget_button.click()
    assert (KEYRING_SERVICE, SecretName.DATABASE_PASSWORD.value) not in test_keyring.store


def test_empty_password_keeps_the_stored_one(
    qtbot: QtBot, context: AppContext, runner: TaskRunner, test_keyring: DictKeyring
) -> None:
    test_keyring.store[(KEYRING_SERVICE, SecretName.SINHA_PASSWORD.value)] = "kept"
    dialog = _dialog(qtbot, context, runner)
    with qtbot.waitSignal(dialog.saved, timeout=SIGNAL_TIMEOUT_MS):
        dialog.save()
    assert test_keyring.store[(KEYRING_SERVICE, SecretName.SINHA_PASSWORD.value)] == "kept"


def test_invalid_field_is_named_and_nothing_is_saved(
    qtbot: QtBot, context: AppContext, runner: TaskRunner, test_keyring: DictKeyring
) -> None:
    dialog = _dialog(qtbot, context, runner)
    dialog.view.setText("drop table; --")
    dialog.sinha_password.edit.setText("x")
    dialog.save()
    assert "source.view is not valid" in dialog.error_label.text()
    assert not context.config_path.exists()
    assert test_keyring.store == {}


def test_connection_tests_answer_with_a_sentence(
    qtbot: QtBot,
    context: AppContext,
    runner: TaskRunner,
    source_db: SourceDb,
    emulator: SinhaEmulator,
    test_keyring: DictKeyring,
) -> None:
    dialog = _dialog(qtbot, context, runner)
    with qtbot.waitSignal(dialog.test_finished, timeout=SIGNAL_TIMEOUT_MS) as database:
        dialog.test_db_button.click()
        assert dialog.test_db_result.text() == "Testing…"  # the GUI did not wait
    assert database.args[:2] == ["database", True]
    assert dialog.test_db_result.text() == "✔ Connection works."

    dialog.sinha_password.edit.setText("wrong-password")
    with qtbot.waitSignal(dialog.test_finished, timeout=SIGNAL_TIMEOUT_MS) as sinha:
        dialog.test_sinha_button.click()
    target, ok, message = sinha.args
    assert (target, ok) == ("sinha", False)
    assert "401" in message or "password" in message.lower()
    assert test_keyring.store == {}  # a test never stores what was typed

    dialog.sinha_password.edit.setText("")  # the engine's stored password works
    with qtbot.waitSignal(dialog.test_finished, timeout=SIGNAL_TIMEOUT_MS) as stored:
        dialog.test_sinha_button.click()
    assert stored.args[:2] == ["sinha", True]

    dialog.sinha_url.setText("http://127.0.0.1:9/api")
    with qtbot.waitSignal(dialog.test_finished, timeout=SIGNAL_TIMEOUT_MS) as down:
        dialog.test_sinha_button.click()
    assert down.args[1] is False and down.args[2]


def test_unusable_keyring_is_reported_not_hidden(
    qtbot: QtBot, make_settings: Callable[..., Settings], tmp_path: Path, runner: TaskRunner
) -> None:
    # conftest makes the default backend the "fail" keyring: every call raises
    context = make_context(make_settings(), tmp_path, keyring=Secrets(env={}))
    dialog = _dialog(qtbot, context, runner)
    assert dialog.sinha_password.state.text().startswith("The keyring cannot be read")
    dialog.sinha_password.edit.setText("secret")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled(), timeout=SIGNAL_TIMEOUT_MS)
    assert "keyring" in dialog.error_label.text().lower()
    assert not context.config_path.exists()


def test_a_path_for_the_state_store_becomes_a_sqlite_url() -> None:
    assert state_url_from_text(" C:/ProgramData/anahp/state.sqlite ") == (
        "sqlite:///C:/ProgramData/anahp/state.sqlite"
    )
    assert state_url_from_text("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert state_url_from_text("") == ""
    assert state_url_from_text(" source ") == "source"  # inside the hospital database


def test_pseudonymization_key_is_typed_twice_never_shown_or_generated(
    qtbot: QtBot, context: AppContext, runner: TaskRunner, test_keyring: DictKeyring
) -> None:
    dialog = _dialog(qtbot, context, runner)
    key = dialog.pseudonym_key
    assert key.state.text() == "No key is stored yet: type one twice, or generate one."
    assert key.edit.echoMode() == key.again.echoMode() == QLineEdit.EchoMode.Password
    key.edit.setText("x" * 40)
    key.again.setText("y" * 40)
    dialog.save()
    assert dialog.error_label.text() == "The two pseudonymization keys differ; nothing was saved."
    key.again.setText("x" * 40)
    key.edit.setText("short")
    key.again.setText("short")
    dialog.save()
    assert "at least 32 bytes" in dialog.error_label.text()
    assert test_keyring.store == {} and not context.config_path.exists()

    key.generate_button.click()
    generated = key.edit.text()
    assert len(generated) >= 43 and key.again.text() == generated
    assert key.edit.echoMode() == QLineEdit.EchoMode.Password  # generated, still never shown
    with qtbot.waitSignal(dialog.saved, timeout=SIGNAL_TIMEOUT_MS):
        dialog.save()
    assert test_keyring.store == {(KEYRING_SERVICE, SecretName.PSEUDONYM_KEY.value): generated}
    again = _dialog(qtbot, context, runner)
    assert again.pseudonym_key.state.text().startswith("● A key is stored in the keyring.")
    assert again.pseudonym_key.edit.text() == ""


def test_show_reveals_only_what_is_typed(
    qtbot: QtBot, context: AppContext, runner: TaskRunner, test_keyring: DictKeyring
) -> None:
    field = _dialog(qtbot, context, runner).sinha_password
    field.edit.setText("typed-now")
    field.show_button.click()
    assert field.edit.echoMode() == QLineEdit.EchoMode.Normal
    assert field.show_button.text() == "Hide"
    field.show_button.click()
    assert field.edit.echoMode() == QLineEdit.EchoMode.Password


def test_plain_http_is_refused_in_the_dialog_unless_allowed(
    qtbot: QtBot, context: AppContext, runner: TaskRunner, test_keyring: DictKeyring
) -> None:
    dialog = _dialog(qtbot, context, runner)
    dialog.sinha_url.setText("http://sinha.example.org/api")
    dialog.save()
    assert dialog.error_label.text().startswith(
        "Refusing to send the SINHA password over plain http:// to sinha.example.org"
    )
    assert not context.config_path.exists()
    dialog.allow_http.setChecked(True)  # the explicit opt-in, with its warning
    with qtbot.waitSignal(dialog.saved, timeout=SIGNAL_TIMEOUT_MS) as saved:
        dialog.save()
    assert saved.args[0].sinha.allow_insecure_http is True


class LockedKeyring(DictKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        import keyring.errors

        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")


def test_a_locked_keyring_says_locked_and_offers_to_try_again(
    qtbot: QtBot, make_settings: Callable[..., Settings], tmp_path: Path, runner: TaskRunner
) -> None:
    import keyring

    previous = keyring.get_keyring()
    keyring.set_keyring(LockedKeyring())
    try:
        context = make_context(make_settings(), tmp_path, keyring=Secrets(env={}))
        dialog = _dialog(qtbot, context, runner)
        text = dialog.sinha_password.state.text()
        assert "The keyring is locked" in text and "KeyringLocked" not in text
        assert dialog.keyring_retry.isVisibleTo(dialog)
        keyring.set_keyring(DictKeyring())  # the operator unlocked it
        with qtbot.waitSignal(dialog.secrets_checked, timeout=SIGNAL_TIMEOUT_MS):
            dialog.keyring_retry.click()
        assert dialog.sinha_password.state.text() == "No password is stored yet."
        assert not dialog.keyring_retry.isVisibleTo(dialog)
    finally:
        keyring.set_keyring(previous)


def test_test_connection_shows_the_engines_diagnosis_through_the_chosen_proxy(
    qtbot: QtBot,
    context: AppContext,
    runner: TaskRunner,
    emulator: SinhaEmulator,
    test_keyring: DictKeyring,
) -> None:
    from tests.helpers.http_proxy import ForwardingProxy, ProxyBehaviour

    dialog = _dialog(qtbot, context, runner)
    with ForwardingProxy(
        ProxyBehaviour(credentials=("u", "p"), hosts={"sinha.test": "127.0.0.1"})
    ) as proxy:
        dialog.sinha_url.setText(f"https://sinha.test:{emulator.port}/api")
        dialog.proxy_mode.setCurrentIndex(dialog.proxy_mode.findData("explicit"))
        assert dialog.proxy_url.isEnabled()
        dialog.proxy_url.setText(proxy.url)
        with qtbot.waitSignal(dialog.test_finished, timeout=SIGNAL_TIMEOUT_MS) as tested:
            dialog.test_sinha_button.click()
    assert tested.args[:2] == ["sinha", False]
    assert dialog.test_sinha_result.text() == (
        f"✖ Route: through the proxy {proxy.url} (set in the settings).\n"
        f"The proxy {proxy.url} asks for a user name and password (HTTP 407): set "
        "network.proxy_user and store the proxy password ('anahp-sync secrets set "
        "proxy-password')."
    )
    settings = dialog.form_settings()
    assert (settings.network.proxy, settings.sinha.ca_bundle) == (proxy.url, "")


def test_proxy_password_and_alert_secrets_go_to_the_keyring_only(
    qtbot: QtBot, context: AppContext, runner: TaskRunner, test_keyring: DictKeyring
) -> None:
    dialog = _dialog(qtbot, context, runner)
    dialog.proxy_mode.setCurrentIndex(dialog.proxy_mode.findData("explicit"))
    dialog.proxy_url.setText("http://proxy.hospital.local:3128")
    dialog.proxy_user.setText("svc")
    dialog.proxy_password.edit.setText("proxy-pw-42")
    dialog._alert_secrets[SecretName.ALERT_WEBHOOK_URL] = "https://hooks.example/x?sig=tok"
    with qtbot.waitSignal(dialog.saved, timeout=SIGNAL_TIMEOUT_MS):
        dialog.save()
    text = context.config_path.read_text()
    assert 'proxy = "http://proxy.hospital.local:3128"' in text
    assert "proxy-pw-42" not in text and "sig=tok" not in text
    assert test_keyring.store[(KEYRING_SERVICE, "proxy-password")] == "proxy-pw-42"
    assert test_keyring.store[(KEYRING_SERVICE, "alert-webhook-url")] == (
        "https://hooks.example/x?sig=tok"
    )
