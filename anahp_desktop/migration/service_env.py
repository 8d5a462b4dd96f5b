"""The old service's configuration: its ``.env`` file or its environment.

The file is read the way Docker Compose reads it (docs.docker.com/compose/env-file):
``NAME=value`` lines, ``#`` comments, optional ``export``, single quotes taken
literally, double quotes with ``\\n``-style escapes, ``$NAME`` / ``${NAME}`` (with
``:-``, ``-``, ``:?``, ``?``, ``:+``, ``+``) expanded in unquoted and double-quoted
values, ``$$`` for a dollar sign. That is how the service received its values,
so a password holding a ``$`` is migrated as the service used it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from anahp_desktop.errors import ConfigurationError
from anahp_desktop.translation import _

#: what the service's own settings were called (its README)
DATABASE_URL = "DATABASE_URL"
SINHA_API_URL = "SINHA_API_URL"
SINHA_API_USER = "SINHA_API_USER"
SINHA_API_PASSWORD = "SINHA_API_PASSWORD"
LAST_SYNC_TIMESTAMP_FILE = "LAST_SYNC_TIMESTAMP_FILE"
#: the token endpoint's settings: this app has no endpoint, so they are no longer needed
JWT_VARIABLES = ("SECRET_KEY", "ALGORITHM", "ACCESS_TOKEN_EXPIRE_MINUTES")
REQUIRED = (DATABASE_URL, SINHA_API_URL, SINHA_API_USER, SINHA_API_PASSWORD)
KNOWN = (*REQUIRED, LAST_SYNC_TIMESTAMP_FILE, *JWT_VARIABLES)

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_EXPANSION = re.compile(
    r"\$(?:(?P<dollar>\$)|(?P<plain>[A-Za-z_][A-Za-z0-9_]*)"
    r"|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\})"
)
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\", '"': '"', "$": "$"}


@dataclass(frozen=True)
class ServiceEnvironment:
    """What the service was configured with; ``origin`` names the file or the environment."""

    origin: str
    database_url: str
    sinha_url: str
    sinha_user: str
    sinha_password: str
    timestamp_file: str
    jwt_settings: tuple[str, ...]  # names present, never values
    other_names: tuple[str, ...]  # names this app does not use
    expanded: tuple[str, ...]  # names whose value held a $ expression (expanded like Compose)


def read_env_file(path: Path, environment: Mapping[str, str] | None = None) -> ServiceEnvironment:
    """The service's ``.env``; ``environment`` fills ``$NAME`` references (as Compose does)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigurationError(
            _("The file {path} does not exist: give the old service's .env file.").format(path=path)
        ) from None
    except OSError as exc:
        raise ConfigurationError(
            _("Cannot read the file {path}: {reason}.").format(path=path, reason=exc.strerror)
        ) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigurationError(
            _("The file {path} is not UTF-8 text; save it as UTF-8 and try again.").format(
                path=path
            )
        ) from None
    values, expanded = parse_env(text, str(path), environment or {})
    return _service_environment(values, str(path), expanded)


def from_environment(environment: Mapping[str, str]) -> ServiceEnvironment:
    """The service's settings from this process's environment (a container, a service)."""
    names = {*KNOWN}
    values = {name: value for name, value in environment.items() if name in names}
    return _service_environment(values, _("the environment"), ())


def parse_env(
    text: str, origin: str, environment: Mapping[str, str]
) -> tuple[dict[str, str], tuple[str, ...]]:
    """``NAME -> value`` as Compose reads the file, and the names whose value was expanded."""
    values: dict[str, str] = {}
    expanded: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("export "):
            stripped = stripped[len("export ") :].lstrip()
        name, equals, rest = stripped.partition("=")
        name = name.strip()
        if not _NAME.fullmatch(name):
            raise ConfigurationError(
                _("Line {number} of {origin} is not NAME=value.").format(
                    number=number, origin=origin
                )
            )
        if not equals:  # "NAME" alone: Compose takes it from the environment
            if name in environment:
                values[name] = environment[name]
            continue
        value, was_expanded = _value(rest.strip(), number, origin, {**environment, **values})
        values[name] = value
        if was_expanded:
            expanded.append(name)
    return values, tuple(expanded)


def _value(raw: str, number: int, origin: str, known: Mapping[str, str]) -> tuple[str, bool]:
    if raw[:1] in ("'", '"'):
        quote = raw[0]
        end = _closing_quote(raw, quote)
        if end < 0:
            raise ConfigurationError(
                _("Line {number} of {origin} opens a quote it never closes.").format(
                    number=number, origin=origin
                )
            )
        tail = raw[end + 1 :].strip()
        if tail and not tail.startswith("#"):
            raise ConfigurationError(
                _("Line {number} of {origin} has text after the closing quote.").format(
                    number=number, origin=origin
                )
            )
        body = raw[1:end]
        if quote == "'":
            return body.replace("\\'", "'"), False
        return _expand(_unescape(body), number, origin, known)
    comment = re.search(r"\s#", raw)
    if comment:
        raw = raw[: comment.start()].rstrip()
    return _expand(raw, number, origin, known)


def _closing_quote(raw: str, quote: str) -> int:
    index = 1
    while index < len(raw):
        if raw[index] == "\\":
            index += 2
            continue
        if raw[index] == quote:
            return index
        index += 1
    return -1


def _unescape(body: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), body)


def _expand(value: str, number: int, origin: str, known: Mapping[str, str]) -> tuple[str, bool]:
    expanded = False

    def substitute(match: re.Match[str]) -> str:
        nonlocal expanded
        expanded = True
        if match.group("dollar"):
            return "$"
        name = match.group("plain") or match.group("braced")
        current = known.get(name)
        op, arg = match.group("op"), match.group("arg") or ""
        empty = not current
        if op in (":-", "-"):
            use_default = empty if op == ":-" else current is None
            return arg if use_default else current or ""
        if op in (":?", "?"):
            if empty if op == ":?" else current is None:
                raise ConfigurationError(
                    _("Line {number} of {origin} needs {name}, which is not set.").format(
                        number=number, origin=origin, name=name
                    )
                )
            return current or ""
        if op in (":+", "+"):
            present = not empty if op == ":+" else current is not None
            return arg if present else ""
        return current or ""

    return _EXPANSION.sub(substitute, value), expanded


def _service_environment(
    values: Mapping[str, str], origin: str, expanded: tuple[str, ...]
) -> ServiceEnvironment:
    missing = [name for name in REQUIRED if not values.get(name, "").strip()]
    if missing:
        raise ConfigurationError(
            _(
                "{origin} lacks {names}: the old service could not have run without them "
                "(or used built-in values this app cannot know). Add them and try again."
            ).format(origin=origin, names=", ".join(missing))
        )
    return ServiceEnvironment(
        origin=origin,
        database_url=values[DATABASE_URL].strip(),
        sinha_url=values[SINHA_API_URL].strip(),
        sinha_user=values[SINHA_API_USER].strip(),
        sinha_password=values[SINHA_API_PASSWORD],
        timestamp_file=values.get(LAST_SYNC_TIMESTAMP_FILE, "").strip(),
        jwt_settings=tuple(name for name in JWT_VARIABLES if name in values),
        other_names=tuple(sorted(name for name in values if name not in KNOWN)),
        expanded=tuple(name for name in expanded if name in KNOWN),
    )
