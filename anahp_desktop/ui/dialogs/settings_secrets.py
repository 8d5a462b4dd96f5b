"""Secrets as the settings window sees them (no Qt): typed values first, then the stored ones."""

from __future__ import annotations

from dataclasses import dataclass

from anahp_desktop.errors import AnahpError
from anahp_desktop.secrets import SecretName, Secrets

SHOWN_SECRETS = (
    SecretName.DATABASE_PASSWORD,
    SecretName.SINHA_PASSWORD,
    SecretName.PSEUDONYM_KEY,
    SecretName.PROXY_PASSWORD,
)


class TypedFirst:
    """A secret backend for "Test connection": what the operator just typed, else the stored one."""

    def __init__(self, typed: dict[SecretName, str], stored: Secrets) -> None:
        self._typed = {name: value for name, value in typed.items() if value}
        self._stored = stored

    def get(self, name: SecretName) -> str | None:
        return self._typed.get(name) or self._stored.get(name)

    def set(self, name: SecretName, value: str) -> None:
        raise NotImplementedError("a connection test never stores anything")

    def delete(self, name: SecretName) -> None:
        raise NotImplementedError("a connection test never deletes anything")


def for_test(typed: dict[SecretName, str], stored: Secrets) -> Secrets:
    return Secrets(TypedFirst(typed, stored), env={})


@dataclass(frozen=True)
class SecretState:
    stored: bool
    from_environment: bool = False
    error: str = ""


def secret_states(keyring: Secrets) -> dict[SecretName, SecretState]:
    """Whether each password is stored (never its value); runs on a worker thread."""
    states: dict[SecretName, SecretState] = {}
    for name in SHOWN_SECRETS:
        if keyring.from_environment(name):
            states[name] = SecretState(True, from_environment=True)
            continue
        try:
            states[name] = SecretState(bool(keyring.backend.get(name)))
        except AnahpError as exc:
            states[name] = SecretState(False, error=exc.message)
    return states


def forget_secret(keyring: Secrets, name: SecretName) -> None:
    keyring.delete(name)
