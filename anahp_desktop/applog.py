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
import traceback
from pathlib import Path
from types import TracebackType
from typing import TextIO

from platformdirs import user_log_dir

from anahp_desktop.config.loader import APP_DIR_NAME
from anahp_desktop.errors import AnahpError

LOG_FILE_NAME = "anahp-sync.log"
MAX_BYTES = 2_000_000
BACKUPS = 5


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
