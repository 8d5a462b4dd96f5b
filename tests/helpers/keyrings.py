"""A keyring backend kept in a dict, installed for one test: the real keyring API, no OS store."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import keyring.backend
import pytest


class DictKeyring(keyring.backend.KeyringBackend):
    """A keyring backend kept in a dict: the real keyring API, no OS store."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture
def test_keyring() -> Iterator[DictKeyring]:
    previous = keyring.get_keyring()
    backend = DictKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
