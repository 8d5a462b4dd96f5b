"""Where the app's log files are, and opening that folder in the file manager."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from anahp_desktop import applog


def log_file() -> Path:
    """The current log file (older ones sit next to it as ``.1``, ``.2``...)."""
    return applog.current_file() or applog.log_dir() / applog.DESKTOP_LOG_FILE_NAME


def open_log_folder() -> bool:
    """Show the log folder (Explorer, Finder, the desktop's file manager); False if none opened."""
    folder = applog.log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))
