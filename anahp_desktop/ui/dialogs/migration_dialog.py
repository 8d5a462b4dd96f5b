"""Migrate from the previous service: its .env and timestamp file, a simulation, then the migration.

The simulation and the migration run on the TaskRunner (files, databases and
the keyring are never touched on the GUI thread). The report is the engine's
own text (:mod:`anahp_desktop.migration.report`), the same the command line
prints, in the window's language. "Migrate" is possible only right after a
simulation of exactly what is in the fields.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from anahp_desktop.errors import AnahpError
from anahp_desktop.migration import steps
from anahp_desktop.migration.plan import suggested_state_url
from anahp_desktop.ui.context import AppContext
from anahp_desktop.ui.dialogs.settings_dialog import state_url_from_text
from anahp_desktop.ui.tasks import TaskRunner

UTC_ZONE = "UTC"


class MigrationDialog(QDialog):
    """Signals: simulated(): a dry run's report is shown; migrated(Settings): written; failed(str)."""

    simulated = Signal()
    migrated = Signal(object)
    failed = Signal(str)

    def __init__(
        self, context: AppContext, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._runner = runner
        self._dry_run: steps.DryRun | None = None
        self._busy = False
        self.setWindowTitle(self.tr("Migrate from the previous service"))
        self.setMinimumWidth(620)
        self.resize(860, 620)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Stop the previous service first. Then choose its .env file and the file "
                "where it kept the time of its last successful sync (LAST_SYNC_TIMESTAMP_FILE). "
                "Simulate shows what the first sync will send; nothing changes until you click "
                "Migrate. Records the previous service delivered are never sent again."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(self._form())
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.report.setPlaceholderText(self.tr("The simulation's report appears here."))
        layout.addWidget(self.report, 1)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorText")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        layout.addWidget(self._buttons())
        self._update_buttons()

    # -- building ---------------------------------------------------------------------------

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        self.env_file = QLineEdit()
        self.env_file.setPlaceholderText(
            self.tr("the .env file beside the service's docker-compose.yml")
        )
        self.timestamp_file = QLineEdit()
        self.timestamp_file.setPlaceholderText(
            self.tr("empty: the path the .env names (LAST_SYNC_TIMESTAMP_FILE)")
        )
        self.zone = QComboBox()
        view_zone = self._context.settings.source.timezone
        self.zone.addItem(self.tr("As written in the file (it has an offset)"), None)
        self.zone.addItem(self.tr("UTC (a Docker container's clock)"), UTC_ZONE)
        if view_zone != UTC_ZONE:
            self.zone.addItem(
                self.tr("%1 (the view's time zone)").replace("%1", view_zone), view_zone
            )
        self.state_place = QLineEdit(_path_of(suggested_state_url()))
        self.state_place.setPlaceholderText(self.tr("empty: in the hospital database"))
        form.addRow(
            self.tr("The service's .env:"), self._with_browse(self.env_file, self._choose_env)
        )
        form.addRow(
            self.tr("Last sync file:"), self._with_browse(self.timestamp_file, self._choose_stamp)
        )
        form.addRow(self.tr("Its time zone:"), self.zone)
        form.addRow(
            self.tr("This app's state:"), self._with_browse(self.state_place, self._choose_state)
        )
        for field in (self.env_file, self.timestamp_file, self.state_place):
            field.textChanged.connect(self._fields_changed)
        self.zone.currentIndexChanged.connect(self._fields_changed)
        return form

    def _with_browse(self, field: QLineEdit, choose: Any) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(field, 1)
        button = QPushButton(self.tr("Browse…"))
        button.clicked.connect(choose)
        layout.addWidget(button)
        return row

    def _buttons(self) -> QDialogButtonBox:
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(self.tr("Close"))
        self.simulate_button = QPushButton(self.tr("Simulate"))
        self.migrate_button = QPushButton(self.tr("Migrate"))
        self.migrate_button.setObjectName("primaryButton")
        self.buttons.addButton(self.simulate_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.migrate_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.simulate_button.clicked.connect(self.simulate)
        self.migrate_button.clicked.connect(self.migrate)
        self.buttons.rejected.connect(self.reject)
        return self.buttons

    # -- choosing files (dialogs only; nothing is read here) ----------------------------------

    def _choose_env(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("The previous service's .env"))
        if path:
            self.env_file.setText(path)

    def _choose_stamp(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("The last sync file"))
        if path:
            self.timestamp_file.setText(path)

    def _choose_state(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Where this app keeps its state"), "state.sqlite", "SQLite (*.sqlite)"
        )
        if path:
            self.state_place.setText(path)

    # -- actions ----------------------------------------------------------------------------

    def simulate(self) -> None:
        env = self.env_file.text().strip()
        if not env:
            self._show_error(self.tr("Choose the previous service's .env file."))
            return
        stamp = self.timestamp_file.text().strip()
        context = self._context
        zone = self.zone.currentData()
        state = state_url_from_text(self.state_place.text())
        self._set_busy(True, self.tr("Simulating…"))
        self._runner.submit(
            lambda: steps.dry_run(
                Path(env),
                Path(stamp) if stamp else None,
                timestamp_zone=zone,
                state_url=state,
                config_path=context.config_path,
                secrets=context.keyring,
            ),
            self._on_simulated,
            self._on_failed,
        )

    def migrate(self) -> None:
        dry = self._dry_run
        if dry is None:
            return
        context = self._context
        self._set_busy(True, self.tr("Migrating…"))
        self._runner.submit(
            lambda: steps.migrate(dry.plan, context.keyring, context.config_path),
            self._on_migrated,
            self._on_failed,
        )

    def _on_simulated(self, result: steps.DryRun) -> None:
        self._dry_run = result
        self.report.setPlainText(result.text)
        self._set_busy(False, "")
        self.simulated.emit()

    def _on_migrated(self, result: steps.Migrated) -> None:
        self._dry_run = None
        self.report.appendPlainText("\n" + result.text)
        self.report.moveCursor(QTextCursor.MoveOperation.End)  # the summary, at the end, in view
        self.report.ensureCursorVisible()
        self._set_busy(False, "")
        self._show_note(self.tr("The migration is done. Close this window for the first sync."))
        self.close_button.setText(self.tr("Done"))
        self.migrated.emit(result.settings)

    def _on_failed(self, exc: Exception) -> None:
        self._set_busy(False, "")
        if isinstance(exc, AnahpError):
            self._show_error(exc.message)
        else:  # a bug: logged with its traceback by the TaskRunner
            self._show_error(
                self.tr("Unexpected error; nothing was changed. Details are in the log file.")
            )

    def reject(self) -> None:
        if self._busy:
            return  # the simulation or the migration finishes first; its result is shown
        super().reject()

    # -- state ------------------------------------------------------------------------------

    def _fields_changed(self) -> None:
        self._dry_run = None  # what was simulated is no longer what is in the fields
        self._update_buttons()

    def _set_busy(self, busy: bool, text: str) -> None:
        self._busy = busy
        self._show_note(text)
        self._update_buttons()

    def _show_note(self, text: str, *, error: bool = False) -> None:
        self.error_label.setObjectName("errorText" if error else "muted")
        style = self.error_label.style()
        style.unpolish(self.error_label)  # the style sheet picks the colour by object name
        style.polish(self.error_label)
        self.error_label.setText(text)

    def _show_error(self, message: str) -> None:
        self._show_note(message, error=True)
        self.failed.emit(message)

    def _update_buttons(self) -> None:
        self.simulate_button.setEnabled(not self._busy)
        self.migrate_button.setEnabled(not self._busy and self._dry_run is not None)
        self.close_button.setEnabled(not self._busy)


def _path_of(url: str) -> str:
    """A SQLite URL shown as the file path the operator recognises."""
    prefix = "sqlite:///"
    return url[len(prefix) :] if url.startswith(prefix) else url
