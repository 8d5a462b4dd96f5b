"""Reading and writing the settings file, and the environment overrides.

Precedence, highest first: environment variables (the names the old FastAPI
service used), the TOML file (``--config PATH``, ``ANAHP_CONFIG`` or the
platform config directory), then the defaults in :mod:`.settings`.

A file named explicitly (``--config`` or ``ANAHP_CONFIG``) must exist: a typo
must not run on defaults. Only the default file may be missing (first start).
Files written by Windows tools are read as they come: UTF-8 with or without a
BOM, UTF-16 or UTF-32 with a BOM (PowerShell 5.1); anything else (Notepad's
"ANSI") is answered with a sentence, not a crash. The file is written UTF-8,
readable by this account only.
"""

from __future__ import annotations

import codecs
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
from anahp_desktop.private_files import private_dir
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
    explicit: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    *,
    to_create: bool = False,
) -> LoadedConfig:
    """Load settings; a missing default file means defaults, a broken or missing named
    one a ConfigurationError -- unless ``to_create``: a command that writes the file
    (``migrate-from-service``) starts from defaults where there is none yet."""
    env = os.environ if env is None else env
    path = config_path(explicit, env)
    raw = _read_toml(path, named_by=None if to_create else _named_by(explicit, env))
    file_settings = _validate(raw, path)
    merged, overridden = _apply_env(raw, env)
    settings = _validate(merged, path) if overridden else file_settings
    return LoadedConfig(settings, path, file_settings, frozenset(overridden))


def save(settings: Settings, path: Path) -> None:
    """Write settings as TOML, atomically and owner-only, with any password removed from URLs.

    A one-off save; a program that saves more than once keeps one
    :class:`~anahp_desktop.config.writer.ConfigWriter` for its file.
    """
    from anahp_desktop.config.writer import ConfigWriter

    private_dir(path.parent, close=path.parent == default_config_path().parent)
    ConfigWriter(path).save(settings)


def _named_by(explicit: str | os.PathLike[str] | None, env: Mapping[str, str]) -> str | None:
    """What named the file, when something did (then it must exist)."""
    if explicit:
        return "--config"
    if env.get(CONFIG_ENV):
        return CONFIG_ENV
    return None


#: byte order marks, longest first (UTF-32's starts like UTF-16's)
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_settings_text(data: bytes, path: Path) -> str:
    """The file's text: UTF-8, or whatever its BOM says; a sentence for anything else."""
    encoding = next((name for bom, name in BOMS if data.startswith(bom)), "utf-8")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        pass
    if b"\0" in data:
        hint = _("it looks like UTF-16 without a byte order mark")
    else:
        hint = _('it looks like Windows "ANSI" (Windows-1252)')
    raise ConfigurationError(
        _(
            "The settings file {path} is not UTF-8 text ({hint}): save it again as UTF-8 "
            "(in Notepad: Save as, Encoding: UTF-8)."
        ).format(path=path, hint=hint)
    )


def _read_toml(path: Path, *, named_by: str | None = None) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if named_by is None:
            return {}  # the default file: first start, defaults apply
        raise ConfigurationError(
            _("The settings file {path} (named by {source}) does not exist.").format(
                path=path, source=named_by
            )
        ) from None
    except OSError as exc:
        raise ConfigurationError(
            _("Cannot read the settings file {path}: {reason}").format(
                path=path, reason=exc.strerror
            )
        ) from exc
    text = decode_settings_text(data, path)
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
