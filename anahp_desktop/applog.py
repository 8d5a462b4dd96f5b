"""The app's own log files: rotating, in the platform log directory.

What goes there is for support: run outcomes, error categories and messages,
tracebacks of bugs. Never passwords (they are never in a message) and never
patient data (records are identified by their ids only). Two guards make sure:
credentials that slip into a text are masked, and a traceback keeps its stack but
withholds the message of errors that may quote data (a database error lists the
statement's parameters, a ValueError the value it choked on).
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from platformdirs import user_log_dir

from anahp_desktop.config.loader import APP_DIR_NAME
from anahp_desktop.errors import AnahpError
from anahp_desktop.private_files import create_private_file, private_dir

#: each program writes its own file: on Windows a file another process holds open cannot be
#: renamed, so a rotating log shared by the tray app and the scheduled CLI could never roll over
CLI_PROGRAM = "anahp-sync"
DESKTOP_PROGRAM = "anahp-desktop"
LOG_FILE_NAME = f"{CLI_PROGRAM}.log"
DESKTOP_LOG_FILE_NAME = f"{DESKTOP_PROGRAM}.log"
MAX_BYTES = 2_000_000
BACKUPS = 5
#: after a rollover Windows refused (two copies of one program), wait this long to try again
ROLLOVER_RETRY_S = 60.0


#: credentials that could reach a message or a traceback (a connection string, a URL, a
#: header) are masked in whatever is written, as a last line of defence
SECRET_PATTERNS = (
    re.compile(r"(?i)(\b(?:pwd|password|passwd|senha)\s*[=:]\s*)(\{[^}]*\}|[^;\s,'\"&]+)"),
    re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://[^\s:/@]+:)([^\s@/]+)(?=@)"),
    re.compile(r"(?i)(\bauthorization\b['\"]?\s*[:=,]\s*['\"]?(?:basic|bearer)\s+)([\w+/=.-]+)"),
)


def scrub(text: str) -> str:
    """``text`` with passwords and credentials replaced by ``***``."""
    for pattern in SECRET_PATTERNS:
        text = pattern.sub(r"\1***", text)
    return text


#: errors whose message is safe to keep: the engine's own sentences, module and file names
SAFE_MESSAGES: tuple[type[BaseException], ...] = (AnahpError, ImportError, OSError)
WITHHELD = "(message withheld from the log: it may quote record data)"
CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"


def _chain(exc: BaseException) -> list[tuple[BaseException, str]]:
    """The exception and the ones it was raised from, oldest first, each with the text that
    leads from it to the next (as Python prints them)."""
    chain: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    link = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, CAUSE
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, CONTEXT
        else:
            current = None
    return chain[::-1]


def format_traceback(exc: BaseException) -> str:
    """Like ``traceback.format_exception``, but without the messages that may quote data."""
    parts: list[str] = []
    for error, link in _chain(exc):
        if error.__traceback__ is not None:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_tb(error.__traceback__))
        message = str(error) if isinstance(error, SAFE_MESSAGES) else WITHHELD
        module = type(error).__module__
        name = (
            type(error).__qualname__
            if module == "builtins"
            else f"{module}.{type(error).__qualname__}"
        )
        parts.append(f"{name}: {message}\n{link}")
    return "".join(parts).rstrip("\n")


class ScrubbingFormatter(logging.Formatter):
    """Formats as usual, then masks credentials; tracebacks withhold data-bearing messages."""

    def formatException(
        self,
        ei: tuple[type[BaseException], BaseException, TracebackType | None]
        | tuple[None, None, None],
    ) -> str:
        if ei[1] is None:
            return ""
        return format_traceback(ei[1])

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


class TolerantRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Rotates like its base class, but a file held by another process does not lose records.

    On Windows a file another process has open cannot be renamed: a second copy of
    the same program (two scheduled runs, a run started by hand during the task's)
    makes the rollover fail with ``PermissionError``, and the base class then drops
    the record and prints "--- Logging error ---" with a traceback on the console.
    Here the record is written to the current file instead, and the rollover is
    tried again a minute later. Each file (the first and every one after a rollover)
    is created readable by its owner only: the log says where health data is.
    """

    def __init__(self, *args: Any, clock: Callable[[], float] = time.monotonic, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._clock = clock
        self._retry_after = 0.0
        self.failed_rollovers = 0

    def shouldRollover(self, record: logging.LogRecord) -> int:
        if self._clock() < self._retry_after:
            return False
        return super().shouldRollover(record)

    def doRollover(self) -> None:
        try:
            super().doRollover()
        except PermissionError:
            self.failed_rollovers += 1
            self._retry_after = self._clock() + ROLLOVER_RETRY_S
            if self.stream is None:
                self.stream = self._open()

    def _open(self) -> Any:
        create_private_file(Path(self.baseFilename))
        return super()._open()


def log_dir() -> Path:
    return Path(user_log_dir(APP_DIR_NAME, appauthor=False))


def current_file() -> Path | None:
    """The file this process logs to (None before :func:`setup`)."""
    for handler in logging.getLogger("anahp_desktop").handlers:
        if getattr(handler, "_anahp_file", False):
            return Path(getattr(handler, "baseFilename"))  # noqa: B009 - a FileHandler's
    return None


def setup(
    level: int = logging.INFO, directory: Path | None = None, program: str = CLI_PROGRAM
) -> Path | None:
    """Send the ``anahp_desktop`` loggers to ``<program>.log``; returns its path (None if unwritable)."""
    existing = current_file()
    if existing is not None:
        return existing
    directory = directory or log_dir()
    path = directory / f"{program}.log"
    logger = logging.getLogger("anahp_desktop")
    try:
        private_dir(directory, close=True)
        handler = TolerantRotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError:
        return None
    handler._anahp_file = True  # type: ignore[attr-defined]
    handler.setFormatter(ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    return path


def to_stream(stream: TextIO, level: int = logging.INFO) -> None:
    """Log to ``stream`` instead of the file: a container's stdout, which its engine keeps."""
    logger = logging.getLogger("anahp_desktop")
    for handler in list(logger.handlers):
        if getattr(handler, "_anahp_file", False) or getattr(handler, "_anahp_stream", False):
            logger.removeHandler(handler)
            handler.close()
    handler = logging.StreamHandler(stream)
    handler._anahp_stream = True  # type: ignore[attr-defined]
    handler.setFormatter(ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
