"""The window an operator sees when the app hits a bug: what happened, that nothing was
lost, where the log file is; keep working or quit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from anahp_desktop.ui import icons, log_folder
from anahp_desktop.ui.fonts import use_fixed_font


@dataclass(frozen=True)
class ErrorReport:
    """What the operator is told about one unhandled exception (never its message or data)."""

    error_type: str
    file_name: str  # the app's own frame closest to the error: "main_window.py"
    line: int
    thread: str
    log_file: Path

    @property
    def where(self) -> str:
        return f"{self.file_name}, line {self.line}"


class UnexpectedErrorDialog(QDialog):
    """Signals: quit_requested(): the operator chose to quit the app."""

    quit_requested = Signal()

    def __init__(self, report: ErrorReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.repeats = 0
        self.setWindowTitle(self.tr("ANAHP Sync: unexpected error"))
        self.setWindowIcon(icons.app_icon())
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        symbol = QLabel()
        style = self.style()
        symbol.setPixmap(
            style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(48, 48)
        )
        symbol.setAlignment(Qt.AlignmentFlag.AlignTop)
        top.addWidget(symbol)
        text = QVBoxLayout()
        headline = QLabel(self.tr("Something went wrong inside ANAHP Sync."))
        headline.setObjectName("sectionTitle")
        text.addWidget(headline)
        self.what = QLabel(
            self.tr(
                "The app hit an error it did not expect (%1 in %2) and could not finish what it "
                "was doing. Nothing was lost: records that were not delivered stay pending, and "
                "the next sync sends them."
            )
            .replace("%1", report.error_type)
            .replace(
                "%2",
                self.tr("%1, line %2")
                .replace("%1", report.file_name)
                .replace("%2", str(report.line)),
            )
        )
        self.log_intro = QLabel(self.tr("The details were written to the log file:"))
        self.log_label = QLabel(str(report.log_file))
        self.log_label.setObjectName("monoValue")
        use_fixed_font(self.log_label)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.advice = QLabel(
            self.tr(
                "You can keep working. If it happens again, send that file to support, "
                "or quit and start the app again."
            )
        )
        self.repeat_label = QLabel()
        self.repeat_label.setObjectName("errorText")
        self.repeat_label.hide()
        for label in (self.what, self.log_intro, self.log_label, self.advice, self.repeat_label):
            label.setWordWrap(True)
            text.addWidget(label)
        top.addLayout(text, 1)
        layout.addLayout(top)
        self.buttons = QDialogButtonBox()
        self.open_button = QPushButton(self.tr("Open log folder"))
        self.keep_button = QPushButton(self.tr("Keep working"))
        self.quit_button = QPushButton(self.tr("Quit ANAHP Sync"))
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_button.setDefault(True)  # Enter or Space never quits by accident
        self.keep_button.setFocus()
        layout.addWidget(self.buttons)
        self.open_button.clicked.connect(self.open_log_folder)
        self.keep_button.clicked.connect(self.reject)
        self.quit_button.clicked.connect(self._on_quit)

    def add_repeat(self) -> None:
        """Another unexpected error while this window is open: count it, do not stack windows."""
        self.repeats += 1
        self.repeat_label.setText(
            self.tr("It happened %n more time(s) since this window opened.", "", self.repeats)
        )
        self.repeat_label.show()

    def open_log_folder(self) -> None:
        if not log_folder.open_log_folder():
            self.advice.setText(
                self.tr("The folder could not be opened here; it is %1").replace(
                    "%1", str(self.report.log_file.parent)
                )
            )

    def _on_quit(self) -> None:
        self.accept()
        self.quit_requested.emit()
