"""The console's encoding, set explicitly: UTF-8 in and out, whatever the code page.

Python on Windows talks UTF-16 to a real console window, but a pipe or a file
gets the ANSI code page (cp1252 in Brazil) -- so a password with "ç" piped into
``anahp-sync secrets set`` was decoded as cp1252 and stored wrongly, and
redirected output was garbled. The streams are set to UTF-8 explicitly (input
accepts the byte order mark PowerShell writes). Input that is not UTF-8 (cmd.exe
with ``chcp 850``) is refused with a sentence rather than stored wrongly.
"""

from __future__ import annotations

import contextlib
import io
import sys
from typing import Any

from anahp_desktop.errors import ConfigurationError
from anahp_desktop.translation import _


def use_utf8() -> None:
    _reconfigure(sys.stdout, encoding="utf-8", errors="backslashreplace")
    _reconfigure(sys.stderr, encoding="utf-8", errors="backslashreplace")
    _reconfigure(sys.stdin, encoding="utf-8-sig", errors="strict")


def _reconfigure(stream: Any, **options: str) -> None:
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None:  # no stream at all (a windowed program), or not a text stream
        return
    with contextlib.suppress(ValueError, OSError, io.UnsupportedOperation):
        reconfigure(**options)  # fails only once something was read: keep what it has


def read_line() -> str:
    """One line of piped input, without its line ending; a sentence when it is not UTF-8."""
    try:
        return sys.stdin.readline().rstrip("\r\n")
    except UnicodeDecodeError as exc:
        raise ConfigurationError(
            _(
                "What was piped in is not UTF-8 text, so nothing was stored: in PowerShell run "
                "[Console]::OutputEncoding = $OutputEncoding = [Text.Encoding]::UTF8 first, in "
                "the command prompt chcp 65001, or type the value when asked."
            )
        ) from exc
