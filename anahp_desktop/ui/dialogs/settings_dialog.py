"""Settings: the hospital database, SINHA, schedule and app; passwords to the keyring only.

Everything that may block (keyring reads and writes, connection tests, the
ODBC driver list, writing the file) runs through the TaskRunner; the window
stays responsive and answers with the engine's own sentences.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from anahp_desktop import autostart
from anahp_desktop.config.settings import Settings, SourceAuth
from anahp_desktop.config.urls import strip_password
from anahp_desktop.errors import ConfigurationError
from anahp_desktop.secrets import ENV_VARIABLES, SecretName
from anahp_desktop.sinha.diagnosis import ConnectionReport
from anahp_desktop.sinha.transport_security import check_url
from anahp_desktop.source.odbc_drivers import choose_driver
from anahp_desktop.state.location import in_source_database
from anahp_desktop.sync.service import SyncService
from anahp_desktop.transform.pseudonym import check_pseudonym_key, generate_pseudonym_key
from anahp_desktop.ui.context import AppContext
from anahp_desktop.ui.dialogs.alerts_dialog import AlertsDialog
from anahp_desktop.ui.dialogs.settings_secrets import (
    SecretState,
    for_test,
    forget_secret,
    secret_states,
)
from anahp_desktop.ui.tasks import TaskRunner
from anahp_desktop.ui.window_geometry import fit_to_screen, scrolling

# what the dialog asks for when the screen has room (it is never made larger than the screen)
PREFERRED_SIZE = QSize(780, 640)


def _installed_drivers() -> list[str]:
    from anahp_desktop.source.mssql_connection import installed_drivers

    return installed_drivers()


def state_url_from_text(text: str) -> str:
    """A path typed or chosen by the operator becomes a SQLite URL; URLs stay as they are,
    and so does "source" (the state tables inside the hospital database)."""
    text = text.strip()
    if not text or "://" in text or in_source_database(text):
        return text
    return f"sqlite:///{text}"


def _breakable(text: str) -> str:
    """Let a long URL or path wrap in a label: a zero-width space after each separator."""
    return text.replace("/", "/\u200b").replace("\\", "\\\u200b")


class PasswordField(QWidget):
    """A password box that shows whether a secret is stored, never what it is."""

    forget_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        row = QHBoxLayout()
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_button = QPushButton(self.tr("Show"))
        self.show_button.setCheckable(True)
        self.show_button.setToolTip(
            self.tr("Show what you type (a stored password is never shown)")
        )
        self.show_button.toggled.connect(self._on_show_toggled)
        self.forget_button = QPushButton(self.tr("Remove"))
        self.forget_button.setToolTip(self.tr("Delete the stored password from the keyring"))
        self.forget_button.setEnabled(False)
        self.forget_button.clicked.connect(self.forget_requested)
        row.addWidget(self.edit, 1)
        row.addWidget(self.show_button)
        row.addWidget(self.forget_button)
        layout.addLayout(row)
        self.state = QLabel(self.tr("Checking the keyring…"))
        self.state.setObjectName("muted")
        self.state.setWordWrap(True)
        layout.addWidget(self.state)

    def _on_show_toggled(self, shown: bool) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.show_button.setText(self.tr("Hide") if shown else self.tr("Show"))

    def show_state(self, state: SecretState, variable: str) -> None:
        if state.error:
            text = self.tr("The keyring cannot be read: %1").replace("%1", state.error)
            self.edit.setPlaceholderText("")
        elif state.from_environment:
            text = self.tr("Given by the environment variable %1.").replace("%1", variable)
            self.edit.setPlaceholderText(self.tr("set by the environment"))
        elif state.stored:
            text = self.tr("● A password is stored in the keyring. Type a new one to replace it.")
            self.edit.setPlaceholderText(self.tr("stored — leave empty to keep it"))
        else:
            text = self.tr("No password is stored yet.")
            self.edit.setPlaceholderText(self.tr("not set"))
        self.state.setText(text)
        self.forget_button.setEnabled(state.stored and not state.from_environment)
        self.edit.setEnabled(not state.from_environment)


class KeyField(QWidget):
    """The pseudonymization key: typed twice, never shown, or generated here."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.edit = QLineEdit()
        self.again = QLineEdit()
        for edit in (self.edit, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)  # no copy of it
        self.again.setPlaceholderText(self.tr("type it again"))
        self.generate_button = QPushButton(self.tr("Generate a key"))
        self.generate_button.setToolTip(
            self.tr("A new random key from this computer's secure generator")
        )
        self.generate_button.clicked.connect(self.generate)
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        row.addWidget(self.generate_button)
        layout.addLayout(row)
        layout.addWidget(self.again)
        self.state = QLabel(self.tr("Checking the keyring…"))
        self.state.setObjectName("muted")
        self.state.setWordWrap(True)
        layout.addWidget(self.state)

    def generate(self) -> None:
        key = generate_pseudonym_key()
        self.edit.setText(key)
        self.again.setText(key)
        self.state.setText(
            self.tr("A new key was generated; it is stored in the keyring when you save.")
        )

    def typed(self) -> str:
        """The key typed (both boxes alike and long enough), or "" to keep the stored one."""
        key, again = self.edit.text(), self.again.text()
        if not key and not again:
            return ""
        if key != again:
            raise ValueError(self.tr("The two pseudonymization keys differ; nothing was saved."))
        try:
            check_pseudonym_key(key)
        except ConfigurationError as exc:
            raise ValueError(exc.message) from None
        return key

    def show_state(self, state: SecretState, variable: str) -> None:
        if state.error:
            text = self.tr("The keyring cannot be read: %1").replace("%1", state.error)
        elif state.from_environment:
            text = self.tr("Given by the environment variable %1.").replace("%1", variable)
        elif state.stored:
            text = self.tr(
                "● A key is stored in the keyring. Changing it changes every atendimento_hash "
                "SINHA receives from now on."
            )
        else:
            text = self.tr("No key is stored yet: type one twice, or generate one.")
        self.state.setText(text)
        for edit in (self.edit, self.again):
            edit.setEnabled(not state.from_environment)
        self.generate_button.setEnabled(not state.from_environment)

    def clear(self) -> None:
        self.edit.clear()
        self.again.clear()


class SettingsDialog(QDialog):
    """Signals: saved(Settings): the new effective settings, after file and keyring were written."""

    saved = Signal(object)
    secrets_checked = Signal()
    test_finished = Signal(str, bool, str)  # target, ok, message

    def __init__(
        self, context: AppContext, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._runner = runner
        self._settings = context.settings
        # the alert section and secrets the Alerts sub-dialog returned, saved with the rest
        self._alerts = context.settings.alerts
        self._alert_secrets: dict[SecretName, str] = {}
        self._installed: list[str] | None = None  # the ODBC drivers, once listed
        # where "start at login" is written (None: this platform's place; tests inject one)
        self.login_item: autostart.Autostart | None = None
        self.setWindowTitle(self.tr("Settings"))
        fit_to_screen(self, PREFERRED_SIZE)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(scrolling(self._database_tab()), self.tr("Hospital database"))
        self.tabs.addTab(scrolling(self._sinha_tab()), self.tr("SINHA"))
        self.tabs.addTab(scrolling(self._app_tab()), self.tr("Schedule and app"))
        layout.addWidget(self.tabs)
        self.demo_banner: QLabel | None = None
        if context.demo:
            demo = self.demo_banner = QLabel(
                self.tr(
                    "Demo mode: the demo syncs with its own built-in passwords. Passwords saved "
                    "here are kept in this computer's keyring under the demo's own name "
                    "(anahp-sync-demo): a real installation's passwords are never read, replaced "
                    "or removed. The settings go to the demo folder; the database and SINHA "
                    "addresses stay the demo's own."
                )
            )
            demo.setWordWrap(True)
            demo.setObjectName("banner")
            layout.addWidget(demo)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorText")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        self.keyring_retry = QPushButton(self.tr("Unlock / Try again"))
        self.keyring_retry.setToolTip(self.tr("Read the keyring again (it may ask to be unlocked)"))
        self.keyring_retry.clicked.connect(self._check_secrets)
        self.keyring_retry.hide()
        layout.addWidget(self.keyring_retry, 0, Qt.AlignmentFlag.AlignLeft)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._load(self._settings)
        self._apply_overrides()
        self._check_secrets()
        self._runner.submit(_installed_drivers, self._on_drivers, lambda _exc: None)

    # -- building ---------------------------------------------------------------------------

    def _database_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.url_note = QLabel()
        self.url_note.setWordWrap(True)
        self.url_note.setObjectName("banner")
        form.addRow(self.url_note)
        self.host = QLineEdit()
        self.host.setPlaceholderText(self.tr("e.g. sqlserver01 or 10.0.0.5"))
        self.instance = QLineEdit()
        self.instance.setPlaceholderText(self.tr("empty for the default instance"))
        self.port = QSpinBox()
        self.port.setRange(0, 65535)
        self.port.setSpecialValueText(self.tr("default"))
        self.database = QLineEdit()
        self.view = QLineEdit()
        self.auth = QComboBox()
        self.auth.addItem(self.tr("SQL Server login"), SourceAuth.SQL.value)
        self.auth.addItem(self.tr("Windows (integrated)"), SourceAuth.WINDOWS.value)
        self.username = QLineEdit()
        self.db_password = PasswordField()
        self.db_password.forget_requested.connect(
            lambda: self._forget(SecretName.DATABASE_PASSWORD)
        )
        self.driver = QComboBox()
        self.driver.setEditable(True)
        self.driver_note = QLabel()
        self.driver_note.setObjectName("errorText")
        self.driver_note.setWordWrap(True)
        self.driver_note.hide()
        self.driver.editTextChanged.connect(self._on_driver_edited)
        self.encrypt = QCheckBox(self.tr("Encrypt the connection (Encrypt)"))
        self.trust = QCheckBox(self.tr("Trust the server certificate (TrustServerCertificate)"))
        self.test_db_button = QPushButton(self.tr("Test connection"))
        self.test_db_result = QLabel()
        self.test_db_result.setWordWrap(True)
        self.test_db_button.clicked.connect(self.test_database)
        form.addRow(self.tr("Host:"), self.host)
        form.addRow(self.tr("Instance:"), self.instance)
        form.addRow(self.tr("Port:"), self.port)
        form.addRow(self.tr("Database:"), self.database)
        form.addRow(self.tr("View:"), self.view)
        form.addRow(self.tr("Authentication:"), self.auth)
        form.addRow(self.tr("User:"), self.username)
        form.addRow(self.tr("Password:"), self.db_password)
        driver_box = QWidget()
        driver_column = QVBoxLayout(driver_box)
        driver_column.setContentsMargins(0, 0, 0, 0)
        driver_column.setSpacing(2)
        driver_column.addWidget(self.driver)
        driver_column.addWidget(self.driver_note)
        form.addRow(self.tr("ODBC driver:"), driver_box)
        form.addRow("", self.encrypt)
        form.addRow("", self.trust)
        form.addRow(self.test_db_button, self.test_db_result)
        self.auth.currentIndexChanged.connect(self._on_auth_changed)
        return page

    def _sinha_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.sinha_url = QLineEdit()
        self.sinha_url.setPlaceholderText("https://sinha.anahp.com.br/api")
        self.sinha_user = QLineEdit()
        self.sinha_password = PasswordField()
        self.sinha_password.forget_requested.connect(
            lambda: self._forget(SecretName.SINHA_PASSWORD)
        )
        self.test_sinha_button = QPushButton(self.tr("Test connection"))
        self.test_sinha_result = QLabel()
        self.test_sinha_result.setWordWrap(True)
        self.test_sinha_button.clicked.connect(self.test_sinha)
        self.allow_http = QCheckBox(
            self.tr("Allow sending the password over plain http:// (not encrypted)")
        )
        self.allow_http.setToolTip(
            self.tr(
                "Anyone on the network path can read the SINHA password and the records. "
                "Only for a SINHA that has no https://; a warning is shown on every sync."
            )
        )
        form.addRow(self.tr("SINHA URL:"), self.sinha_url)
        form.addRow("", self.allow_http)
        form.addRow(self.tr("User:"), self.sinha_user)
        form.addRow(self.tr("Password:"), self.sinha_password)
        self._network_rows(form)
        form.addRow(self.test_sinha_button, self.test_sinha_result)
        self.pseudonym_key = KeyField()
        key_note = QLabel(
            self.tr(
                "SINHA receives the encounter number (atendimento) only as an HMAC made "
                "with this key; keep the same key for as long as the hospital sends."
            )
        )
        key_note.setObjectName("muted")
        key_note.setWordWrap(True)
        form.addRow(self.tr("Pseudonymization key:"), self.pseudonym_key)
        form.addRow(key_note)
        return page

    def _network_rows(self, form: QFormLayout) -> None:
        """Proxy and trust store: what a hospital network needs (issue: proxies, OS store)."""
        self.proxy_mode = QComboBox()
        self.proxy_mode.addItem(self.tr("The system's (Windows settings, PAC file)"), "system")
        self.proxy_mode.addItem(self.tr("No proxy"), "none")
        self.proxy_mode.addItem(self.tr("This proxy:"), "explicit")
        self.proxy_url = QLineEdit()
        self.proxy_url.setPlaceholderText("http://proxy.hospital.local:3128")
        self.proxy_user = QLineEdit()
        self.proxy_user.setPlaceholderText(self.tr("only if the proxy asks for a login"))
        self.proxy_password = PasswordField()
        self.proxy_password.forget_requested.connect(
            lambda: self._forget(SecretName.PROXY_PASSWORD)
        )
        self.ca_bundle = QLineEdit()
        self.ca_bundle.setPlaceholderText(self.tr("empty: the operating system's trust store"))
        self.proxy_mode.currentIndexChanged.connect(self._on_proxy_mode_changed)
        form.addRow(self.tr("Proxy:"), self.proxy_mode)
        form.addRow("", self.proxy_url)
        form.addRow(self.tr("Proxy user:"), self.proxy_user)
        form.addRow(self.tr("Proxy password:"), self.proxy_password)
        form.addRow(self.tr("CA bundle file:"), self.ca_bundle)

    def _on_proxy_mode_changed(self) -> None:
        self.proxy_url.setEnabled(self.proxy_mode.currentData() == "explicit")

    def _app_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        state_row = QHBoxLayout()
        self.state_location = QLineEdit()
        self.state_location.setPlaceholderText(
            self.tr("empty: a private file in this account's data folder")
        )
        self.state_location.setToolTip(
            self.tr(
                "Empty: a file in this account's data folder, readable by this account only. "
                "A file or a database URL: there. 'source': inside the hospital database "
                "(the DBA creates the tables with sql/mssql/state_tables.sql)."
            )
        )
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse_state)
        state_row.addWidget(self.state_location, 1)
        state_row.addWidget(browse)
        self.interval = QSpinBox()
        self.interval.setRange(1, 7 * 24 * 60)
        self.interval.setSuffix(self.tr(" min"))
        self.batch_size = QSpinBox()
        self.batch_size.setRange(1, 5000)
        self.language = QComboBox()
        self.language.addItem(self.tr("System language"), "system")
        self.language.addItem("Português (Brasil)", "pt_BR")
        self.language.addItem("English", "en")
        self.tray = QCheckBox(
            self.tr("Keep running in the system tray when the window is closed or minimized")
        )
        self.stale_hours = QSpinBox()
        self.stale_hours.setRange(1, 24 * 30)
        self.stale_hours.setSuffix(self.tr(" h"))
        language_note = QLabel(self.tr("A new language applies the next time the app starts."))
        language_note.setObjectName("muted")
        form.addRow(self.tr("State store:"), state_row)
        form.addRow(self.tr("Sync every:"), self.interval)
        form.addRow(self.tr("Records per batch:"), self.batch_size)
        language_note.setWordWrap(True)
        form.addRow(self.tr("Language:"), self.language)
        form.addRow(language_note)
        self.autostart = QCheckBox(
            self.tr("Start ANAHP Sync when I log in to this computer (in the system tray)")
        )
        form.addRow(self.tray)
        form.addRow(self.autostart)
        if self._context.demo:
            self.autostart.setEnabled(False)
            demo_note = QLabel(self.tr("Not in demo mode: the demo is started by hand."))
            demo_note.setObjectName("muted")
            form.addRow(demo_note)
        form.addRow(self.tr("Warn when no sync succeeded for:"), self.stale_hours)
        self.alerts_button = QPushButton(self.tr("E-mail and webhook alerts…"))
        self.alerts_button.clicked.connect(self.edit_alerts)
        form.addRow(self.tr("Alerts:"), self.alerts_button)
        return page

    # -- form <-> settings ------------------------------------------------------------------

    def _load(self, settings: Settings) -> None:
        source = settings.source
        if source.url:
            self.url_note.setText(
                self.tr(
                    "This installation reads the database at %1 (a connection URL). The "
                    "fields below are used when no URL is set."
                ).replace("%1", _breakable(strip_password(source.url)))
            )
        self.url_note.setVisible(bool(source.url))
        self.host.setText(source.host)
        self.instance.setText(source.instance)
        self.port.setValue(source.port or 0)
        self.database.setText(source.database)
        self.view.setText(source.view)
        self.auth.setCurrentIndex(max(0, self.auth.findData(source.auth.value)))
        self.username.setText(source.username)
        self.driver.setEditText(source.driver)
        self.encrypt.setChecked(source.encrypt)
        self.trust.setChecked(source.trust_server_certificate)
        self.sinha_url.setText(settings.sinha.url)
        self.sinha_user.setText(settings.sinha.user)
        self.allow_http.setChecked(settings.sinha.allow_insecure_http)
        proxy = settings.network.proxy
        self.proxy_mode.setCurrentIndex(
            self.proxy_mode.findData(proxy if proxy in ("system", "none") else "explicit")
        )
        self.proxy_url.setText(proxy if proxy not in ("system", "none") else "")
        self.proxy_user.setText(settings.network.proxy_user)
        self.ca_bundle.setText(settings.sinha.ca_bundle)
        self._on_proxy_mode_changed()
        self.state_location.setText(settings.state.url)
        self.interval.setValue(settings.sync.interval_minutes)
        self.batch_size.setValue(settings.sync.batch_size)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.app.language)))
        self.tray.setChecked(settings.app.minimize_to_tray)
        self.autostart.setChecked(settings.app.autostart)
        self.stale_hours.setValue(settings.app.stale_warning_hours)
        self._on_auth_changed()

    def form_settings(self) -> Settings:
        """The settings the form describes; raises ValueError with the first problem."""
        data: dict[str, Any] = self._settings.model_dump()
        data["source"].update(
            host=self.host.text().strip(),
            instance=self.instance.text().strip(),
            port=self.port.value() or None,
            database=self.database.text().strip(),
            view=self.view.text().strip(),
            auth=self.auth.currentData(),
            username=self.username.text().strip(),
            driver=self.driver.currentText().strip(),
            encrypt=self.encrypt.isChecked(),
            trust_server_certificate=self.trust.isChecked(),
        )
        data["sinha"].update(
            url=self.sinha_url.text().strip(),
            user=self.sinha_user.text().strip(),
            allow_insecure_http=self.allow_http.isChecked(),
            ca_bundle=self.ca_bundle.text().strip(),
        )
        mode = self.proxy_mode.currentData()
        data["network"].update(
            proxy=self.proxy_url.text().strip() if mode == "explicit" else mode,
            proxy_user=self.proxy_user.text().strip(),
        )
        data["alerts"] = self._alerts.model_dump()
        data["state"]["url"] = state_url_from_text(self.state_location.text())
        data["sync"].update(
            interval_minutes=self.interval.value(), batch_size=self.batch_size.value()
        )
        data["app"].update(
            language=self.language.currentData(),
            minimize_to_tray=self.tray.isChecked(),
            autostart=self.autostart.isChecked(),
            stale_warning_hours=self.stale_hours.value(),
        )
        try:
            settings = Settings.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise ValueError(
                self.tr("%1 is not valid: %2").replace("%1", where).replace("%2", first["msg"])
            ) from None
        try:
            check_url(settings.sinha)  # the engine's own rule, here before it is saved
        except ConfigurationError as exc:
            raise ValueError(exc.message) from None
        return settings

    def typed_secrets(self) -> dict[SecretName, str]:
        """The secrets typed ("" keeps the stored one); ValueError for a bad key."""
        return {
            SecretName.DATABASE_PASSWORD: self.db_password.edit.text(),
            SecretName.SINHA_PASSWORD: self.sinha_password.edit.text(),
            SecretName.PSEUDONYM_KEY: self.pseudonym_key.typed(),
            SecretName.PROXY_PASSWORD: self.proxy_password.edit.text(),
            **self._alert_secrets,
        }

    def _apply_overrides(self) -> None:
        widgets = {
            ("source", "url"): None,
            ("state", "url"): self.state_location,
            ("sinha", "url"): self.sinha_url,
            ("sinha", "user"): self.sinha_user,
        }
        for key in self._context.overridden:
            widget = widgets.get(key)
            if widget is not None:
                widget.setEnabled(False)
                widget.setToolTip(self.tr("Set by an environment variable; change it there."))
        if self._context.demo:  # saving keeps the live demo's addresses: say so, do not offer
            for widget in (self.sinha_url, self.state_location):
                widget.setEnabled(False)
                widget.setToolTip(self.tr("The demo's own address, set each time it starts."))

    def _on_auth_changed(self) -> None:
        sql = self.auth.currentData() == SourceAuth.SQL.value
        self.username.setEnabled(sql)
        self.db_password.setEnabled(sql)

    def _on_drivers(self, drivers: list[str]) -> None:
        """List the SQL Server drivers best first; an empty field gets the engine's own choice."""
        self._installed = drivers
        current = self.driver.currentText().strip()
        choice = choose_driver(drivers, current)
        self.driver.blockSignals(True)
        self.driver.clear()
        self.driver.addItems(list(choice.installed))
        self.driver.setEditText(choice.name)
        self.driver.blockSignals(False)
        self._show_driver_note(choice.note)

    def _on_driver_edited(self, text: str) -> None:
        if self._installed is not None:
            self._show_driver_note(choose_driver(self._installed, text.strip()).note)

    def _show_driver_note(self, note: str) -> None:
        self.driver_note.setText(note)
        self.driver_note.setVisible(bool(note))

    def _browse_state(self) -> None:
        path, _selected = QFileDialog.getSaveFileName(
            self,
            self.tr("Where to keep the state store"),
            "anahp-state.sqlite",
            self.tr("SQLite files (*.sqlite *.db)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.state_location.setText(state_url_from_text(path))

    # -- keyring ----------------------------------------------------------------------------

    def _check_secrets(self) -> None:
        keyring = self._context.keyring
        self._runner.submit(
            lambda: secret_states(keyring), self._on_secret_states, self._show_error
        )

    def _on_secret_states(self, states: dict[SecretName, SecretState]) -> None:
        self.db_password.show_state(
            states[SecretName.DATABASE_PASSWORD], ENV_VARIABLES[SecretName.DATABASE_PASSWORD]
        )
        self.sinha_password.show_state(
            states[SecretName.SINHA_PASSWORD], ENV_VARIABLES[SecretName.SINHA_PASSWORD]
        )
        self.pseudonym_key.show_state(
            states[SecretName.PSEUDONYM_KEY], ENV_VARIABLES[SecretName.PSEUDONYM_KEY]
        )
        self.proxy_password.show_state(
            states[SecretName.PROXY_PASSWORD], ENV_VARIABLES[SecretName.PROXY_PASSWORD]
        )
        self._on_auth_changed()
        self.keyring_retry.setVisible(any(state.error for state in states.values()))
        self.secrets_checked.emit()

    def _forget(self, name: SecretName) -> None:
        keyring = self._context.keyring
        self._runner.submit(
            lambda: forget_secret(keyring, name), lambda _r: self._check_secrets(), self._show_error
        )

    # -- tests ------------------------------------------------------------------------------

    def _test_service(self) -> SyncService:
        settings = self.form_settings()
        typed = {
            SecretName.DATABASE_PASSWORD: self.db_password.edit.text(),
            SecretName.SINHA_PASSWORD: self.sinha_password.edit.text(),
        }
        secrets = for_test(typed, self._context.secrets)
        return SyncService(settings, secrets)

    def test_database(self) -> None:
        self._run_test("database", self.test_db_button, self.test_db_result, "test_source")

    def test_sinha(self) -> None:
        """The engine's diagnosis: route, trust store, and where it broke (DNS, proxy, TLS…)."""
        try:
            service = self._test_service()
        except ValueError as exc:
            self.test_sinha_result.setText(str(exc))
            return
        self.test_sinha_button.setEnabled(False)
        self.test_sinha_result.setText(self.tr("Testing…"))

        def work() -> ConnectionReport:
            try:
                return service.diagnose_sinha()
            finally:
                service.close()

        def done(report: ConnectionReport) -> None:
            self.test_sinha_button.setEnabled(True)
            text = ("✔ " if report.ok else "✖ ") + report.text
            self.test_sinha_result.setText(text)
            self.test_finished.emit("sinha", report.ok, text)

        def failed(exc: Exception) -> None:
            self.test_sinha_button.setEnabled(True)
            self.test_sinha_result.setText("✖ " + str(exc))
            self.test_finished.emit("sinha", False, str(exc))

        self._runner.submit(work, done, failed)

    def edit_alerts(self) -> None:
        """The alerts sub-dialog; what it returns is saved with the rest by Save."""
        try:
            settings = self.form_settings()
        except ValueError as exc:
            self._show_error(exc)
            return
        dialog = AlertsDialog(settings, self._context.secrets, self._runner, self)
        self.alerts_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._alerts = dialog.form_alerts()
            typed = {name: value for name, value in dialog.typed_secrets().items() if value}
            self._alert_secrets.update(typed)

    def _run_test(self, target: str, button: QPushButton, result: QLabel, method: str) -> None:
        try:
            service = self._test_service()
        except ValueError as exc:
            result.setText(str(exc))
            return
        button.setEnabled(False)
        result.setText(self.tr("Testing…"))

        def work() -> None:
            try:
                getattr(service, method)()
            finally:
                service.close()

        def done(_value: object) -> None:
            button.setEnabled(True)
            result.setText("✔ " + self.tr("Connection works."))
            result.setProperty("tone", "ok")
            self.test_finished.emit(target, True, result.text())

        def failed(exc: Exception) -> None:
            button.setEnabled(True)
            result.setText("✖ " + str(exc))
            self.test_finished.emit(target, False, str(exc))

        self._runner.submit(work, done, failed)

    # -- saving -----------------------------------------------------------------------------

    def save(self) -> None:
        try:
            settings = self.form_settings()
            typed = self.typed_secrets()
        except ValueError as exc:
            self._show_error(exc)
            return
        context = self._context
        self.buttons.setEnabled(False)
        self.error_label.setText(self.tr("Saving…"))

        login_item = self.login_item

        def work() -> tuple[Settings, str]:
            effective = context.save(settings, typed)  # file and passwords: one step
            if context.demo:
                return effective, ""
            try:  # the settings are saved either way; a refused login item is reported
                autostart.apply(effective.app.autostart, login_item)
            except OSError as exc:
                return effective, str(exc)
            return effective, ""

        self._runner.submit(work, self._on_saved, self._on_save_failed)

    def _on_saved(self, result: tuple[Settings, str]) -> None:
        effective, login_error = result
        self.buttons.setEnabled(True)
        self.error_label.setText("")
        self.db_password.edit.clear()
        self.sinha_password.edit.clear()
        self.pseudonym_key.clear()
        self.proxy_password.edit.clear()
        self._alert_secrets.clear()
        self.saved.emit(effective)
        if login_error:
            self.error_label.setText(
                self.tr(
                    "The settings were saved, but starting at login could not be changed: %1"
                ).replace("%1", login_error)
            )
            return
        self.accept()

    def _on_save_failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        self._show_error(exc)

    def _show_error(self, exc: Exception) -> None:
        message = getattr(exc, "message", None) or str(exc)
        self.error_label.setText(message)
