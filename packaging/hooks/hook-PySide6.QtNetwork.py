"""PyInstaller's own hook for PySide6.QtNetwork, minus the plugins the app does not use.

The app's QtNetwork use is the single-instance local socket; HTTP goes through httpx.
So neither the TLS/network-information plugins nor the OpenSSL copies PyInstaller adds
for Qt's TLS backend on Windows (collect_qtnetwork_files) are collected.
"""

from PyInstaller.utils.hooks.qt import add_qt6_dependencies
from qt_parts import filtered

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries, datas = filtered(binaries, datas)
