"""The one writer of a settings file: unique temporary files, patience with Windows, one step.

On Windows ``os.replace`` fails with ``PermissionError`` while any other
program has the target open without sharing delete access -- an antivirus
scan, the search indexer, Notepad, a second ``anahp-sync`` reading it -- and
those handles go away within a second or so. So the replace is retried a few
times before the operator hears about it. Every save writes its own temporary
file (two quick Pause/Resume clicks used to write the same ``.tmp`` from two
threads), and saves through one :class:`ConfigWriter` never overlap.

Passwords typed with the settings are written to their store in the same
step: they are stored only after the new file is on disk next to the old one,
and put back as they were when the file cannot take its place, so the operator
never sees settings half-saved.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import tomli_w

from anahp_desktop.config.settings import Settings
from anahp_desktop.config.urls import strip_password
from anahp_desktop.errors import AnahpError, ConfigurationError
from anahp_desktop.private_files import default_permissions, private_dir
from anahp_desktop.secrets import SecretName, Secrets
from anahp_desktop.translation import _

log = logging.getLogger(__name__)

#: waits between attempts to put the new file in place (about 1.5 s in all)
RETRY_DELAYS_S = (0.05, 0.1, 0.2, 0.4, 0.8)

#: called with the temporary file before it replaces the settings file (permissions, ACLs)
Secure = Callable[[Path], None]
Replace = Callable[[Path, Path], None]


def _owner_only(path: Path) -> None:
    default_permissions().close_file(path)


def render(settings: Settings) -> str:
    """The TOML text of ``settings``, with any password removed from URLs."""
    data = settings.model_dump(mode="json")
    data["source"]["url"] = strip_password(data["source"]["url"])
    data["state"]["url"] = strip_password(data["state"]["url"])
    return tomli_w.dumps(_drop_none(data))


class ConfigWriter:
    """Writes one settings file; thread-safe. ``replace`` and ``sleep`` are injectable."""

    def __init__(
        self,
        path: Path,
        *,
        secure: Secure | None = None,
        replace: Replace | None = None,
        sleep: Callable[[float], None] | None = None,
        label: str = "",
    ) -> None:
        self.path = path
        self.label = label or _("settings file")
        #: by default readable by this account only (mkstemp's 0600; a protected DACL on Windows)
        self._secure = secure if secure is not None else _owner_only
        self._replace = replace  # None: os.replace, looked up at each save
        self._sleep = sleep or time.sleep
        self._lock = threading.Lock()

    def save(
        self,
        settings: Settings,
        typed: Mapping[SecretName, str] | None = None,
        store: Secrets | None = None,
    ) -> None:
        """Write ``settings`` and, as one step, the non-empty ``typed`` secrets into ``store``."""
        to_store = {name: value for name, value in (typed or {}).items() if value}
        if to_store and store is None:
            raise ValueError("typed secrets need a store")
        self._write(render(settings), to_store, store)

    def write_text(self, text: str) -> None:
        """Write ``text`` as the file's whole content, the same careful way."""
        self._write(text, {}, None)

    def _write(self, text: str, to_store: Mapping[SecretName, str], store: Secrets | None) -> None:
        with self._lock:
            temporary = self._write_temporary(text)
            try:
                previous = self._store_secrets(to_store, store)
                try:
                    self._put_in_place(temporary)
                except BaseException:
                    _restore(previous, store)
                    raise
            finally:
                with contextlib.suppress(FileNotFoundError):
                    temporary.unlink()

    def _write_temporary(self, text: str) -> Path:
        folder = self.path.parent
        try:
            private_dir(folder)  # folders made here are owner-only; existing ones are left alone
            handle, name = tempfile.mkstemp(prefix=f"{self.path.name}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise self._cannot_write(exc) from exc
        temporary = Path(name)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
            if self._secure is not None:
                self._secure(temporary)
        except BaseException as exc:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
            if isinstance(exc, OSError):
                raise self._cannot_write(exc) from exc
            raise
        return temporary

    def _store_secrets(
        self, to_store: Mapping[SecretName, str], store: Secrets | None
    ) -> dict[SecretName, str | None]:
        """Store each secret, remembering what was there; on failure put those back."""
        previous: dict[SecretName, str | None] = {}
        if store is None:
            return previous
        try:
            for name, value in to_store.items():
                previous[name] = store.backend.get(name)
                store.set(name, value)
        except BaseException:
            _restore(previous, store)
            raise
        return previous

    def _put_in_place(self, temporary: Path) -> None:
        for attempt, delay in enumerate((*RETRY_DELAYS_S, None)):
            try:
                (self._replace or os.replace)(temporary, self.path)
                return
            except PermissionError as exc:
                if delay is None:
                    raise ConfigurationError(
                        _(
                            "The {file} {path} is held open by another program (an antivirus "
                            "scan, an editor, another copy of ANAHP Sync), so nothing was saved: "
                            "close it and try again."
                        ).format(file=self.label, path=self.path)
                    ) from exc
                log.info("settings file busy (attempt %d): %s", attempt + 1, exc)
                self._sleep(delay)
            except OSError as exc:
                raise self._cannot_write(exc) from exc

    def _cannot_write(self, exc: OSError) -> ConfigurationError:
        return ConfigurationError(
            _("Cannot write the {file} {path}: {reason}").format(
                file=self.label, path=self.path, reason=exc.strerror or type(exc).__name__
            )
        )


def _restore(previous: Mapping[SecretName, str | None], store: Secrets | None) -> None:
    """Put secrets back as they were; a failure here is logged, the first error is the one told."""
    if store is None:
        return
    for name, value in previous.items():
        try:
            if value:
                store.set(name, value)
            else:
                store.delete(name)
        except AnahpError:
            log.exception("could not put the %s back after a failed save", name.value)


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    """TOML has no null: leave unset optional values out of the file."""
    return {
        key: _drop_none(value) if isinstance(value, dict) else value
        for key, value in data.items()
        if value is not None
    }
