"""The app's icons: the window icon and the tray's idle, syncing and error states."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from anahp_desktop.ui.resources import icon_path

IDLE, SYNCING, ERROR = "idle", "syncing", "error"


def app_icon() -> QIcon:
    return QIcon(str(icon_path("app")))


def tray_icon(state: str) -> QIcon:
    return QIcon(str(icon_path(f"tray-{state}")))


def nav_icon(name: str) -> QIcon:
    return QIcon(str(icon_path(f"nav-{name}")))
