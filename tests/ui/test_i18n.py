"""Choosing the window's language: a later choice replaces the earlier one whole."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from anahp_desktop.ui import i18n


def test_english_after_portuguese_leaves_no_portuguese_behind(qapp: QApplication) -> None:
    i18n.install(qapp, "pt_BR")
    try:
        assert QCoreApplication.translate("LogFilterBar", "Success") == "Sucesso"
    finally:
        i18n.install(qapp, "en")
    # the English catalogue leaves out texts equal to their source: none may come from pt_BR
    assert QCoreApplication.translate("LogFilterBar", "Success") == "Success"
    assert QCoreApplication.translate("LogView", "%Ln entry(ies)", None, 1) == "1 entry"
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "Look in:"
