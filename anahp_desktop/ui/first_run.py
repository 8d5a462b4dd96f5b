"""A new installation's first question: is the previous service already in use?

Asked once the main window is on screen, when this computer has no settings
file yet (and not in the demo). "Yes" opens the migration from the previous
service, so nothing it delivered is sent again; "No" opens the settings.
Nothing here reads or writes a file: the window's context already knows
whether the settings file exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from anahp_desktop.ui.dialogs.migration_dialog import MigrationDialog

if TYPE_CHECKING:
    from anahp_desktop.ui.main_window import MainWindow


class FirstRunQuestion(QObject):
    """Signals: answered(bool): True when the operator uses the previous service."""

    answered = Signal(bool)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.box = QMessageBox(window)
        self.box.setIcon(QMessageBox.Icon.Question)
        self.box.setWindowTitle(self.tr("Welcome to ANAHP Sync"))
        self.box.setText(self.tr("Do you already use the previous service?"))
        self.box.setInformativeText(
            self.tr(
                "If the ANAHP Data Sync Service (the FastAPI server in Docker) already sends this "
                "hospital's discharges to SINHA, migrate from it: its settings and the time of "
                "its last sync come over, and nothing it delivered is sent again."
            )
        )
        self.yes_button = self.box.addButton(
            self.tr("Yes, migrate from it"), QMessageBox.ButtonRole.YesRole
        )
        self.no_button = self.box.addButton(
            self.tr("No, set up from scratch"), QMessageBox.ButtonRole.NoRole
        )
        self.box.setDefaultButton(self.yes_button)
        self.box.buttonClicked.connect(self._on_clicked)
        self.dialog: QWidget | None = None

    def ask(self) -> None:
        self.box.open()  # window-modal, without a nested event loop

    def _on_clicked(self, button: QAbstractButton) -> None:
        uses_service = button is self.yes_button
        if uses_service:
            dialog = MigrationDialog(self._window.context, self._window.runner, self._window)
            dialog.migrated.connect(self._window.apply_settings)
            dialog.setModal(True)
            dialog.show()
            self.dialog = dialog
        else:
            self.dialog = self._window.open_settings()
        self.answered.emit(uses_service)
