from __future__ import annotations

import keyring
import keyring.backend
import keyring.errors
import pytest

from anahp_desktop.errors import ConfigurationError, SecretsUnavailableError
from anahp_desktop.secrets import KeyringBackend, MemoryBackend, SecretName, Secrets


class ExplodingBackend:
    """Fails the test if anything asks the keyring."""

    def get(self, name: SecretName) -> str | None:
        raise AssertionError(f"keyring touched for {name}")

    set = delete = get


def test_environment_wins_and_the_keyring_is_never_touched() -> None:
    env = {
        "SINHA_API_PASSWORD": "a",
        "ANAHP_PSEUDONYM_KEY": "b",
        "DATABASE_PASSWORD": "c",
        "ANAHP_PROXY_PASSWORD": "d",
        "ANAHP_SMTP_PASSWORD": "e",
        "ANAHP_ALERT_WEBHOOK_URL": "f",
    }
    secrets = Secrets(ExplodingBackend(), env=env)  # type: ignore[arg-type]
    assert [secrets.require(n) for n in SecretName] == ["c", "a", "b", "d", "e", "f"]


def test_keyring_is_used_when_the_environment_is_silent() -> None:
    secrets = Secrets(MemoryBackend({SecretName.SINHA_PASSWORD: "kr"}), env={})
    assert secrets.get(SecretName.SINHA_PASSWORD) == "kr"
    assert secrets.get(SecretName.PSEUDONYM_KEY) is None


def test_missing_secret_names_both_ways_to_fix_it() -> None:
    with pytest.raises(ConfigurationError) as caught:
        Secrets(MemoryBackend(), env={}).require(SecretName.SINHA_PASSWORD)
    message = caught.value.message
    assert "anahp-sync secrets set sinha-password" in message and "SINHA_API_PASSWORD" in message


def test_no_usable_keyring_is_one_clear_sentence_and_no_plaintext_fallback() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        secrets = Secrets(KeyringBackend(), env={})
        with pytest.raises(SecretsUnavailableError) as caught:
            secrets.get(SecretName.PSEUDONYM_KEY)
        assert "ANAHP_PSEUDONYM_KEY" in caught.value.message and "keyring" in caught.value.message
        with pytest.raises(SecretsUnavailableError):
            secrets.set(SecretName.PSEUDONYM_KEY, "value")
    finally:
        keyring.set_keyring(previous)


class DictKeyring(keyring.backend.KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.store:
            raise keyring.errors.PasswordDeleteError(username)
        del self.store[(service, username)]


def test_keyring_backend_round_trip_under_the_app_service_name() -> None:
    previous = keyring.get_keyring()
    fake = DictKeyring()
    keyring.set_keyring(fake)
    try:
        secrets = Secrets(KeyringBackend(), env={})
        secrets.set(SecretName.DATABASE_PASSWORD, "p;w{d}")
        assert fake.store == {("anahp-sync", "database-password"): "p;w{d}"}
        assert secrets.is_stored(SecretName.DATABASE_PASSWORD)
        secrets.delete(SecretName.DATABASE_PASSWORD)
        secrets.delete(SecretName.DATABASE_PASSWORD)  # deleting twice is fine
        assert not secrets.is_stored(SecretName.DATABASE_PASSWORD)
    finally:
        keyring.set_keyring(previous)


def test_empty_secret_is_refused() -> None:
    with pytest.raises(ConfigurationError):
        Secrets(MemoryBackend(), env={}).set(SecretName.SINHA_PASSWORD, "")
