"""Alerts: e-mail (SMTP) and webhook settings, with a button that sends a test alert.

A sub-dialog of Settings: OK hands the alert section and the typed secrets
back to the settings window, which saves them with everything else (one save
path). The test runs on a worker thread with what is typed, through the same
Notifier the engine uses after every run.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from anahp_desktop.alerts.notifier import Delivery
from anahp_desktop.config.settings import AlertSettings, Settings, SmtpSecurity
from anahp_desktop.secrets import SecretName, Secrets
from anahp_desktop.sync.service import SyncService
from anahp_desktop.ui.dialogs.settings_secrets import for_test
from anahp_desktop.ui.tasks import TaskRunner


class AlertsDialog(QDialog):
    """Signals: test_finished(str): the test's outcome, one line per channel."""

    test_finished = Signal(str)

    def __init__(
        self,
        settings: Settings,
        stored: Secrets,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._stored = stored
        self._runner = runner
        self.setWindowTitle(self.tr("Alerts"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Alerts tell someone when syncing stops: a failed run, no success for some "
                "hours, rejected records, and when it works again. They carry counts, batch "
                "ids and the error sentence, never patient data."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        layout.addLayout(form)
        self._build(form)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorText")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._load(settings.alerts)

    def _build(self, form: QFormLayout) -> None:
        self.email = QCheckBox(self.tr("Send alerts by e-mail"))
        self.smtp_host = QLineEdit()
        self.smtp_host.setPlaceholderText(self.tr("e.g. smtp.hospital.org.br"))
        self.smtp_port = QSpinBox()
        self.smtp_port.setRange(1, 65535)
        self.smtp_security = QComboBox()
        self.smtp_security.addItem(self.tr("STARTTLS (port 587)"), SmtpSecurity.STARTTLS.value)
        self.smtp_security.addItem(self.tr("TLS from the start, SMTPS (port 465)"), "ssl")
        self.smtp_security.addItem(self.tr("No TLS (internal relay, no login)"), "none")
        self.smtp_user = QLineEdit()
        self.smtp_password = QLineEdit()
        self.smtp_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.smtp_password.setPlaceholderText(self.tr("leave empty to keep the stored one"))
        self.email_from = QLineEdit()
        self.email_to = QLineEdit()
        self.email_to.setPlaceholderText(self.tr("one or more addresses, separated by commas"))
        self.webhook = QCheckBox(self.tr("Send alerts to a webhook (Teams, Slack, …)"))
        self.webhook_url = QLineEdit()
        self.webhook_url.setEchoMode(QLineEdit.EchoMode.Password)
        self.webhook_url.setPlaceholderText(self.tr("kept in the keyring; empty keeps it"))
        self.hours = QSpinBox()
        self.hours.setRange(0, 24 * 30)
        self.hours.setSuffix(self.tr(" h"))
        self.hours.setSpecialValueText(self.tr("never"))
        self.on_failure = QCheckBox(self.tr("When a sync fails"))
        self.on_rejected = QCheckBox(self.tr("When records are rejected"))
        self.test_button = QPushButton(self.tr("Send a test alert"))
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.test_button.clicked.connect(self.send_test)
        form.addRow(self.email)
        form.addRow(self.tr("SMTP server:"), self.smtp_host)
        form.addRow(self.tr("Port:"), self.smtp_port)
        form.addRow(self.tr("Security:"), self.smtp_security)
        form.addRow(self.tr("User:"), self.smtp_user)
        form.addRow(self.tr("Password:"), self.smtp_password)
        form.addRow(self.tr("From:"), self.email_from)
        form.addRow(self.tr("To:"), self.email_to)
        form.addRow(self.webhook)
        form.addRow(self.tr("Webhook URL:"), self.webhook_url)
        form.addRow(self.on_failure)
        form.addRow(self.on_rejected)
        form.addRow(self.tr("When no sync succeeded for:"), self.hours)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        form.addRow(test_row)
        form.addRow(self.test_result)  # full width: one line per channel, possibly long

    def _load(self, alerts: AlertSettings) -> None:
        self.email.setChecked(alerts.email)
        self.smtp_host.setText(alerts.smtp_host)
        self.smtp_port.setValue(alerts.smtp_port)
        self.smtp_security.setCurrentIndex(self.smtp_security.findData(alerts.smtp_security.value))
        self.smtp_user.setText(alerts.smtp_user)
        self.email_from.setText(alerts.email_from)
        self.email_to.setText(", ".join(alerts.email_to))
        self.webhook.setChecked(alerts.webhook)
        self.hours.setValue(alerts.no_success_hours)
        self.on_failure.setChecked(alerts.on_failure)
        self.on_rejected.setChecked(alerts.on_rejected)

    def form_alerts(self) -> AlertSettings:
        """The alert settings the form describes; ValueError names the first problem."""
        data: dict[str, Any] = self._settings.alerts.model_dump()
        data.update(
            email=self.email.isChecked(),
            smtp_host=self.smtp_host.text().strip(),
            smtp_port=self.smtp_port.value(),
            smtp_security=self.smtp_security.currentData(),
            smtp_user=self.smtp_user.text().strip(),
            email_from=self.email_from.text().strip(),
            email_to=self.email_to.text(),
            webhook=self.webhook.isChecked(),
            no_success_hours=self.hours.value(),
            on_failure=self.on_failure.isChecked(),
            on_rejected=self.on_rejected.isChecked(),
        )
        try:
            return AlertSettings.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = "alerts." + ".".join(str(part) for part in first["loc"])
            raise ValueError(
                self.tr("%1 is not valid: %2").replace("%1", where).replace("%2", first["msg"])
            ) from None

    def typed_secrets(self) -> dict[SecretName, str]:
        return {
            SecretName.SMTP_PASSWORD: self.smtp_password.text(),
            SecretName.ALERT_WEBHOOK_URL: self.webhook_url.text().strip(),
        }

    def send_test(self) -> None:
        try:
            settings = self._settings.model_copy(update={"alerts": self.form_alerts()})
        except ValueError as exc:
            self.test_result.setText(str(exc))
            return
        secrets = for_test(self.typed_secrets(), self._stored)
        if not settings.alerts.email and not settings.alerts.webhook:
            self.test_result.setText(self.tr("Turn on e-mail or the webhook first."))
            return
        self.test_button.setEnabled(False)
        self.test_result.setText(self.tr("Sending…"))

        def work() -> list[Delivery]:
            service = SyncService(settings, secrets)
            try:
                return service.notifier().send_test()
            finally:
                service.close()

        self._runner.submit(work, self._on_tested, self._on_test_failed)

    def _on_tested(self, results: list[Delivery]) -> None:
        self.test_button.setEnabled(True)
        text = "\n".join(("✔ " if not r.error else "✖ ") + r.line() for r in results)
        self._show_result(text)
        self.test_finished.emit(text)

    def _on_test_failed(self, exc: Exception) -> None:
        self.test_button.setEnabled(True)
        text = "✖ " + (getattr(exc, "message", None) or str(exc))
        self._show_result(text)
        self.test_finished.emit(text)

    def _show_result(self, text: str) -> None:
        """Wrapped text in a form row does not grow the dialog by itself: make room for it."""
        self.test_result.setText(text)
        width = max(self.test_result.width(), self.minimumWidth() - 40)
        self.test_result.setMinimumHeight(self.test_result.heightForWidth(width))
        self.adjustSize()

    def _accept(self) -> None:
        try:
            self.form_alerts()
        except ValueError as exc:
            self.error_label.setText(str(exc))
            return
        self.accept()
