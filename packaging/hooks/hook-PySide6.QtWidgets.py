"""PyInstaller's own hook for PySide6.QtWidgets, minus the Qt plugins and catalogues the app does not use."""

from PyInstaller.utils.hooks.qt import add_qt6_dependencies
from qt_parts import filtered

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries, datas = filtered(binaries, datas)
