"""The app's own log files: rotating, in the platform log directory.

What goes there is for support: run outcomes, error categories and messages,
tracebacks of bugs. Never passwords (they are never in a message) and never
patient data (records are identified by their ids only).
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from platformdirs import user_log_dir

from anahp_desktop.config.loader import APP_DIR_NAME

LOG_FILE_NAME = "anahp-sync.log"
MAX_BYTES = 2_000_000
BACKUPS = 5


def log_dir() -> Path:
    return Path(user_log_dir(APP_DIR_NAME, appauthor=False))


def setup(level: int = logging.INFO, directory: Path | None = None) -> Path | None:
    """Send the ``anahp_desktop`` loggers to a rotating file; returns its path (None if unwritable)."""
    directory = directory or log_dir()
    path = directory / LOG_FILE_NAME
    logger = logging.getLogger("anahp_desktop")
    for handler in list(logger.handlers):
        if getattr(handler, "_anahp_file", False):
            return path
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError:
        return None
    handler._anahp_file = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    return path
