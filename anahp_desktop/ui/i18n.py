"""The GUI's language: Qt catalogues for the widgets, gettext for engine messages."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from anahp_desktop import translation
from anahp_desktop.ui.resources import translation_path

# the object name of the translators installed here (a later install replaces them)
TRANSLATOR_NAME = "anahp-catalogue"


def install(app: QCoreApplication, setting: str | None) -> str:
    """Load the app's and Qt's own catalogues for ``setting``; returns the language chosen.

    The translators are parented to ``app`` so they live as long as it does. Those
    of an earlier call are removed first: the catalogues leave out texts identical
    to their source, so Qt would otherwise find them in the earlier language.
    """
    language = translation.install(setting)
    QLocale.setDefault(QLocale(language))
    for earlier in app.findChildren(QTranslator, TRANSLATOR_NAME):
        app.removeTranslator(earlier)
        earlier.setParent(None)
    ours = QTranslator(app)
    ours.setObjectName(TRANSLATOR_NAME)
    if ours.load(str(translation_path(language))):
        app.installTranslator(ours)
    qt_base = QTranslator(app)
    qt_base.setObjectName(TRANSLATOR_NAME)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if language != "en" and qt_base.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt_base)
    return language
