"""Qt's own file dialog, as the export and state-store dialogs show it, in Portuguese."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from anahp_desktop.ui.resources import translation_path
from anahp_desktop.ui.style import STYLE_SHEET


def test_the_file_dialog_is_portuguese_and_not_painted_by_the_app(
    qtbot: QtBot, qapp: QApplication
) -> None:
    ours, qt_base = QTranslator(), QTranslator()
    assert ours.load(str(translation_path("pt_BR")))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    assert qt_base.load("qtbase_pt_BR", qt_dir)
    for translator in (ours, qt_base):  # the app's order (ui/i18n.py): Qt's is searched first
        QCoreApplication.installTranslator(translator)
    try:
        dialog = QFileDialog(None, "x", "", "CSV (*.csv)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        qtbot.addWidget(dialog)
        labels = {label.text() for label in dialog.findChildren(QLabel)}
    finally:
        for translator in (ours, qt_base):
            QCoreApplication.removeTranslator(translator)
    assert {"&Procurar em:", "&Nome do arquivo:", "Arquivos do &tipo:"} <= labels
    # Qt names its dialog's sidebar "sidebar": the app's style must not select that name
    assert dialog.findChild(QWidget, "sidebar") is not None
    assert "#sidebar" not in STYLE_SHEET
