"""Everything the windows need to know about this installation, in one object.

Tests build one around a temporary source database and the emulator; the app
builds one from the settings file (or the demo). Nothing here touches Qt.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from anahp_desktop import secret_file
from anahp_desktop.config import loader
from anahp_desktop.config.settings import Settings
from anahp_desktop.config.writer import ConfigWriter
from anahp_desktop.secrets import SecretName, Secrets
from anahp_desktop.state.identity import identity_path
from anahp_desktop.sync.service import SyncService

ServiceFactory = Callable[[Settings, Secrets], SyncService]


def default_factory(settings: Settings, secrets: Secrets) -> SyncService:
    return SyncService(settings, secrets)


@dataclass
class AppContext:
    """The running app's settings, secrets and the one SyncService built from them.

    ``secrets`` is what the engine reads passwords from. ``keyring`` is where the
    settings window stores the passwords typed in: the same object normally; in
    the demo, the demo's own keyring entries while the demo keeps its built-in
    passwords. ``pin`` (the demo) puts back what saving must not change: the
    live database and emulator addresses.
    """

    settings: Settings
    config_path: Path
    secrets: Secrets
    keyring: Secrets
    overridden: frozenset[tuple[str, str]] = frozenset()
    demo: bool = False
    factory: ServiceFactory = default_factory
    pin: Callable[[Settings], Settings] | None = None
    _service: SyncService | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _writer: ConfigWriter | None = field(default=None, repr=False)

    @property
    def writer(self) -> ConfigWriter:
        """The one writer of the settings file (the window and Pause/Resume both save)."""
        with self._lock:
            if self._writer is None or self._writer.path != self.config_path:
                self._writer = ConfigWriter(self.config_path)
            return self._writer

    @property
    def service(self) -> SyncService:
        """The shared service (thread-safe: it builds its engines under a lock)."""
        with self._lock:
            if self._service is None:
                self._service = self.factory(self.settings, self.secrets)
            return self._service

    def replace_settings(self, settings: Settings) -> SyncService | None:
        """Use new settings from now on; returns the old service for the caller to close."""
        with self._lock:
            old, self._service = self._service, None
            self.settings = settings
        return old

    def save(self, settings: Settings, typed: Mapping[SecretName, str] | None = None) -> Settings:
        """Write the settings file (and, in the same step, ``typed`` passwords to the keyring).

        Returns the effective settings (environment overrides kept).
        """
        file_settings = settings
        if self.overridden:
            on_file = loader.load(self.config_path, env={}).settings
            data = settings.model_dump()
            for section, name in self.overridden:
                data[section][name] = getattr(getattr(on_file, section), name)
            file_settings = Settings.model_validate(data)
        self.writer.save(file_settings, typed, self.keyring)
        if self.pin is not None:
            return self.pin(settings)
        if self.demo:
            return settings
        return loader.load(self.config_path).settings

    def close(self) -> None:
        """Dispose of the service's database engines (at quit)."""
        with self._lock:
            service, self._service = self._service, None
        if service is not None:
            service.close()


def from_config(path: str | None) -> AppContext:
    """The context of a real installation; raises ConfigurationError for a broken file.

    A named file that does not exist yet is where the settings window will save (the
    window shows what it holds); only the command line refuses to run on a missing one.
    """
    loaded = loader.load(path, to_create=True)
    secrets = secret_file.for_settings(loaded.settings)
    record = identity_path(loaded.path)

    def factory(settings: Settings, secrets: Secrets) -> SyncService:
        return SyncService(settings, secrets, identity_file=record)

    return AppContext(
        settings=loaded.settings,
        config_path=loaded.path,
        secrets=secrets,
        keyring=secrets,
        overridden=loaded.overridden,
        factory=factory,
    )
