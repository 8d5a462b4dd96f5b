"""Passwords and keys: environment variables first, then the OS keyring.

Secrets never go to the settings file. With every secret given by an
environment variable the keyring is not touched at all (a scheduled task on a
server has no keyring session). With neither, the operator gets one sentence
naming both fixes; there is no silent plaintext fallback.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Protocol

from anahp_desktop import credential_manager
from anahp_desktop.errors import ConfigurationError, SecretsUnavailableError
from anahp_desktop.translation import _

KEYRING_SERVICE = "anahp-sync"
#: the demo's own keyring entries: a password saved in the demo never touches a real installation's
DEMO_KEYRING_SERVICE = "anahp-sync-demo"


class SecretName(StrEnum):
    DATABASE_PASSWORD = "database-password"
    SINHA_PASSWORD = "sinha-password"
    PSEUDONYM_KEY = "pseudonym-key"
    PROXY_PASSWORD = "proxy-password"
    SMTP_PASSWORD = "smtp-password"
    ALERT_WEBHOOK_URL = "alert-webhook-url"


ENV_VARIABLES: Mapping[SecretName, str] = {
    SecretName.DATABASE_PASSWORD: "DATABASE_PASSWORD",
    SecretName.SINHA_PASSWORD: "SINHA_API_PASSWORD",
    SecretName.PSEUDONYM_KEY: "ANAHP_PSEUDONYM_KEY",
    SecretName.PROXY_PASSWORD: "ANAHP_PROXY_PASSWORD",
    SecretName.SMTP_PASSWORD: "ANAHP_SMTP_PASSWORD",
    SecretName.ALERT_WEBHOOK_URL: "ANAHP_ALERT_WEBHOOK_URL",
}

#: needed only when a setting asks for them (a proxy user, e-mail or webhook alerts)
OPTIONAL_SECRETS = frozenset(
    {SecretName.PROXY_PASSWORD, SecretName.SMTP_PASSWORD, SecretName.ALERT_WEBHOOK_URL}
)


def describe(name: SecretName) -> str:
    """The operator's name for a secret."""
    return {
        SecretName.DATABASE_PASSWORD: _("database password"),
        SecretName.SINHA_PASSWORD: _("SINHA password"),
        SecretName.PSEUDONYM_KEY: _("pseudonymization key"),
        SecretName.PROXY_PASSWORD: _("proxy password"),
        SecretName.SMTP_PASSWORD: _("e-mail (SMTP) password"),
        SecretName.ALERT_WEBHOOK_URL: _("alert webhook URL"),
    }[name]


class SecretBackend(Protocol):
    """Where secrets are kept when no environment variable gives them."""

    def get(self, name: SecretName) -> str | None: ...

    def set(self, name: SecretName, value: str) -> None: ...

    def delete(self, name: SecretName) -> None: ...


class KeyringBackend:
    """The OS keyring (Windows Credential Manager, macOS Keychain, Secret Service)."""

    def __init__(self, service: str = KEYRING_SERVICE) -> None:
        self._service = service

    def get(self, name: SecretName) -> str | None:
        keyring, errors = _keyring()
        try:
            value: str | None = keyring.get_password(self._service, name.value)
        except errors.KeyringError as exc:
            raise _unavailable(name, exc) from None
        except Exception as exc:
            refusal = _windows_refusal(name, exc)
            if refusal is None:
                raise  # not a Windows error: a bug, with its traceback
            raise refusal from exc
        return value

    def set(self, name: SecretName, value: str) -> None:
        keyring, errors = _keyring()
        try:
            keyring.set_password(self._service, name.value, value)
        except errors.KeyringError as exc:
            raise _unavailable(name, exc) from None
        except Exception as exc:
            refusal = _windows_refusal(name, exc)
            if refusal is None:
                raise  # not a Windows error: a bug, with its traceback
            raise refusal from exc

    def delete(self, name: SecretName) -> None:
        keyring, errors = _keyring()
        try:
            keyring.delete_password(self._service, name.value)
        except errors.PasswordDeleteError:
            return
        except errors.KeyringError as exc:
            raise _unavailable(name, exc) from None
        except Exception as exc:
            refusal = _windows_refusal(name, exc)
            if refusal is None:
                raise  # not a Windows error: a bug, with its traceback
            raise refusal from exc


class MemoryBackend:
    """A keyring kept in memory: for the demo and for tests."""

    def __init__(self, initial: Mapping[SecretName, str] | None = None) -> None:
        self.values: dict[SecretName, str] = dict(initial or {})

    def get(self, name: SecretName) -> str | None:
        return self.values.get(name)

    def set(self, name: SecretName, value: str) -> None:
        self.values[name] = value

    def delete(self, name: SecretName) -> None:
        self.values.pop(name, None)


class Secrets:
    """Resolves secrets; the backend is created only when a secret is not in the environment."""

    def __init__(
        self, backend: SecretBackend | None = None, env: Mapping[str, str] | None = None
    ) -> None:
        self._backend = backend
        self._env = os.environ if env is None else env

    @property
    def backend(self) -> SecretBackend:
        if self._backend is None:
            self._backend = KeyringBackend()
        return self._backend

    def from_environment(self, name: SecretName) -> str | None:
        """The variable's value; None when it is not set; an error when it is set but empty.

        An empty variable is a mistake (a script that lost its value), not "use the
        keyring": silently falling back would hide it behind a keyring message.
        """
        variable = ENV_VARIABLES[name]
        value = self._env.get(variable)
        if value is None:
            return None
        if not value.strip():
            raise ConfigurationError(
                _(
                    "The environment variable {variable} is set but empty: give it the {secret}, "
                    "or remove it to use the keyring."
                ).format(variable=variable, secret=describe(name))
            )
        return value

    def get(self, name: SecretName) -> str | None:
        """The secret, or None when it is stored nowhere."""
        return self.from_environment(name) or self.backend.get(name)

    def require(self, name: SecretName) -> str:
        value = self.get(name)
        if not value:
            raise ConfigurationError(
                _(
                    "The {secret} is not set: run 'anahp-sync secrets set {name}' "
                    "(or use the settings window), or set the environment variable {variable}."
                ).format(secret=describe(name), name=name.value, variable=ENV_VARIABLES[name])
            )
        return value

    def is_stored(self, name: SecretName) -> bool:
        return bool(self.get(name))

    def set(self, name: SecretName, value: str) -> None:
        if not value:
            raise ConfigurationError(
                _("An empty {secret} cannot be stored.").format(secret=describe(name))
            )
        self.backend.set(name, value)
        if self.backend.get(name) != value:
            raise SecretsUnavailableError(
                _(
                    "The keyring accepted the {secret} but does not give it back, so nothing was "
                    "stored: use an OS keyring that keeps secrets (Windows Credential Manager, "
                    "macOS Keychain or Secret Service), or set the environment variable {variable}."
                ).format(secret=describe(name), variable=ENV_VARIABLES[name])
            )

    def delete(self, name: SecretName) -> None:
        self.backend.delete(name)


def _keyring() -> tuple[Any, Any]:
    """Import keyring lazily: it costs start-up time and may not be needed at all."""
    import keyring
    import keyring.errors

    return keyring, keyring.errors


def _windows_refusal(name: SecretName, exc: Exception) -> SecretsUnavailableError | None:
    """A Credential Manager error as the keyring sentence with Windows' error number.

    On Windows the keyring backend lets the Win32 error through instead of a
    ``KeyringError``: ``pywintypes.error`` (pywin32 or pywin32-ctypes) or an
    ``OSError``, both with ``winerror``. Anything else (None) is a bug.
    """
    error = credential_manager.windows_error(exc)
    if error is None:
        return None
    return SecretsUnavailableError(
        credential_manager.sentence(error, describe(name), ENV_VARIABLES[name], name.value)
    )


def _unavailable(name: SecretName, exc: Exception) -> SecretsUnavailableError:
    if type(exc).__name__ == "KeyringLocked":
        return KeyringLockedError(
            _(
                "The keyring is locked, so the {secret} cannot be read: unlock it (log in "
                "again, or open the system's keyring or password manager) and try again."
            ).format(secret=describe(name))
        )
    return SecretsUnavailableError(
        _(
            "No usable keyring to keep the {secret}: set the environment variable "
            "{variable}, or run the app in a session with an OS keyring (Windows Credential "
            "Manager, macOS Keychain or Secret Service) and store it with "
            "'anahp-sync secrets set {name}'."
        ).format(secret=describe(name), variable=ENV_VARIABLES[name], name=name.value)
    )


class KeyringLockedError(SecretsUnavailableError):
    """The keyring exists but is locked: unlocking it (not configuring anything) fixes it."""
