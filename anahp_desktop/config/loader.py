"""Reading and writing the settings file, and the environment overrides.

Precedence, highest first: environment variables (the names the old FastAPI
service used), the TOML file (``--config PATH``, ``ANAHP_CONFIG`` or the
platform config directory), then the defaults in :mod:`.settings`.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir
from pydantic import ValidationError

from anahp_desktop.config.settings import Settings
from anahp_desktop.errors import ConfigurationError
from anahp_desktop.translation import _

APP_DIR_NAME = "anahp-sync"
CONFIG_ENV = "ANAHP_CONFIG"

#: environment variable -> (section, field)
ENV_OVERRIDES: Mapping[str, tuple[str, str]] = {
    "DATABASE_URL": ("source", "url"),
    "STATE_DATABASE_URL": ("state", "url"),
    "SINHA_API_URL": ("sinha", "url"),
    "SINHA_API_USER": ("sinha", "user"),
}


@dataclass(frozen=True)
class LoadedConfig:
    """The effective settings, where they came from, and what the file alone says."""

    settings: Settings
    path: Path
    file_settings: Settings
    overridden: frozenset[tuple[str, str]] = field(default_factory=frozenset)


def default_config_path() -> Path:
    return Path(user_config_dir(APP_DIR_NAME, appauthor=False)) / "config.toml"


def config_path(
    explicit: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None
) -> Path:
    env = os.environ if env is None else env
    if explicit:
        return Path(explicit)
    if env.get(CONFIG_ENV):
        return Path(env[CONFIG_ENV])
    return default_config_path()


def load(
    explicit: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None
) -> LoadedConfig:
    """Load settings; a missing file means defaults, a broken one a ConfigurationError."""
    env = os.environ if env is None else env
    path = config_path(explicit, env)
    raw = _read_toml(path)
    file_settings = _validate(raw, path)
    merged, overridden = _apply_env(raw, env)
    settings = _validate(merged, path) if overridden else file_settings
    return LoadedConfig(settings, path, file_settings, frozenset(overridden))


def save(settings: Settings, path: Path) -> None:
    """Write settings as TOML, atomically, with any password removed from URLs.

    A one-off save; a program that saves more than once keeps one
    :class:`~anahp_desktop.config.writer.ConfigWriter` for its file.
    """
    from anahp_desktop.config.writer import ConfigWriter

    ConfigWriter(path).save(settings)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigurationError(
            _("Cannot read the settings file {path}: {reason}").format(
                path=path, reason=exc.strerror
            )
        ) from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(
            _("The settings file {path} is not valid TOML: {reason}").format(path=path, reason=exc)
        ) from exc


def _apply_env(
    raw: dict[str, Any], env: Mapping[str, str]
) -> tuple[dict[str, Any], set[tuple[str, str]]]:
    merged = {section: dict(values) for section, values in raw.items() if isinstance(values, dict)}
    merged.update({k: v for k, v in raw.items() if not isinstance(v, dict)})
    overridden: set[tuple[str, str]] = set()
    for variable, (section, name) in ENV_OVERRIDES.items():
        value = env.get(variable)
        if value:
            merged.setdefault(section, {})[name] = value
            overridden.add((section, name))
    return merged, overridden


def _validate(raw: dict[str, Any], path: Path) -> Settings:
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ConfigurationError(
            _("Setting {name} in {path} is invalid: {reason}").format(
                name=where, path=path, reason=first["msg"]
            )
        ) from None
