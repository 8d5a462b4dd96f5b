"""The GUI's language: Qt catalogues for the widgets, gettext for engine messages."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from anahp_desktop import translation
from anahp_desktop.ui.resources import translation_path

LANGUAGE_CHOICES = ("system", "pt_BR", "en")


def install(app: QCoreApplication, setting: str | None) -> str:
    """Load the app's and Qt's own catalogues for ``setting``; returns the language chosen.

    The translators are parented to ``app`` so they live as long as it does.
    """
    language = translation.install(setting)
    QLocale.setDefault(QLocale(language))
    ours = QTranslator(app)
    if ours.load(str(translation_path(language))):
        app.installTranslator(ours)
    qt_base = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if language != "en" and qt_base.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt_base)
    return language
