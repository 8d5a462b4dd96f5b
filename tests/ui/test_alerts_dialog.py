"""The Alerts dialog: settings from the form, and a test alert sent with what is typed."""

from __future__ import annotations

import json
from collections.abc import Callable

from pytestqt.qtbot import QtBot

from anahp_desktop.config.settings import Settings
from anahp_desktop.secrets import MemoryBackend, Secrets
from anahp_desktop.ui.dialogs.alerts_dialog import AlertsDialog
from anahp_desktop.ui.tasks import TaskRunner
from tests.helpers.static_http import static_server
from tests.ui.conftest import SIGNAL_TIMEOUT_MS


def test_the_test_button_sends_with_the_typed_webhook_url(
    qtbot: QtBot, make_settings: Callable[..., Settings], runner: TaskRunner
) -> None:
    dialog = AlertsDialog(make_settings(), Secrets(MemoryBackend(), env={}), runner)
    qtbot.addWidget(dialog)
    with static_server() as hook:
        dialog.webhook.setChecked(True)
        dialog.webhook_url.setText(hook.url("/hook?sig=abc"))
        with qtbot.waitSignal(dialog.test_finished, timeout=SIGNAL_TIMEOUT_MS) as tested:
            dialog.test_button.click()
    assert tested.args == ["✔ webhook: sent."]
    assert json.loads(hook.posts[0].body)["kind"] == "test"


def test_the_form_is_validated_and_names_the_field(
    qtbot: QtBot, make_settings: Callable[..., Settings], runner: TaskRunner
) -> None:
    dialog = AlertsDialog(make_settings(), Secrets(MemoryBackend(), env={}), runner)
    qtbot.addWidget(dialog)
    dialog.email.setChecked(True)
    dialog.email_to.setText("ti@hospital.example, not an address")
    dialog.buttons.accepted.emit()
    assert dialog.error_label.text().startswith("alerts.email_to is not valid")
    dialog.email_to.setText("ti@hospital.example; plantao@hospital.example")
    assert dialog.form_alerts().email_to == ["ti@hospital.example", "plantao@hospital.example"]
