"""The question Quit asks during a run: let it finish, cancel it, or keep the app open."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from anahp_desktop.ui import message_box
from anahp_desktop.ui.quit_lifecycle import QUIT_CANCEL, QUIT_STAY, QUIT_WAIT


def ask_quit_choice(parent: QWidget) -> str:
    """QUIT_WAIT, QUIT_CANCEL or QUIT_STAY (closing the box: stay).

    Its texts keep the translation context "MainWindow" they had in the window.
    """
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("MainWindow", "A sync is running"))
    box.setText(
        QCoreApplication.translate(
            "MainWindow", "A sync is running. What should happen before the app closes?"
        )
    )
    wait = box.addButton(
        QCoreApplication.translate("MainWindow", "Let it finish, then quit"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    cancel = box.addButton(
        QCoreApplication.translate("MainWindow", "Cancel after the batches on their way and quit"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    box.addButton(
        QCoreApplication.translate("MainWindow", "Keep the app open"),
        QMessageBox.ButtonRole.RejectRole,
    )
    message_box.fit_title(box)
    box.exec()
    clicked = box.clickedButton()
    if clicked is wait:
        return QUIT_WAIT
    if clicked is cancel:
        return QUIT_CANCEL
    return QUIT_STAY
