"""The app's icons: the window icon and the tray's idle, syncing and error states."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtGui import QIcon

from anahp_desktop.ui.resources import icon_path


class TrayState(StrEnum):
    """The tray icon's states (its file is ``tray-<state>``)."""

    IDLE = "idle"
    SYNCING = "syncing"
    ERROR = "error"


IDLE, SYNCING, ERROR = TrayState.IDLE, TrayState.SYNCING, TrayState.ERROR


def app_icon() -> QIcon:
    return QIcon(str(icon_path("app")))


def tray_icon(state: TrayState) -> QIcon:
    return QIcon(str(icon_path(f"tray-{state}")))


def nav_icon(name: str) -> QIcon:
    return QIcon(str(icon_path(f"nav-{name}")))
