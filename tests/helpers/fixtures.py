"""Fixtures: a SINHA emulator on loopback, source databases, settings and services."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from anahp_desktop.config.settings import Settings
from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.secrets import MemoryBackend, SecretName, Secrets
from anahp_desktop.sinha.retry_policy import RetryPolicy
from anahp_desktop.sync.service import SyncService
from tests.helpers.pg import PgSourceDb, fresh_database
from tests.helpers.source_db import SourceDb

SINHA_USER = "hospital"
SINHA_PASSWORD = "s3nha-test-password"
PSEUDONYM_KEY = "test-pseudonym-key-Wq3v9Zr1Lk7Tx5Bn"


def no_wait_policy(max_attempts: int = 5) -> RetryPolicy:
    return RetryPolicy(max_attempts, 0.0, 0.0, sleep=lambda _s: None, rng=random.Random(1))


def memory_secrets(**extra: str) -> Secrets:
    values = {SecretName.SINHA_PASSWORD: SINHA_PASSWORD, SecretName.PSEUDONYM_KEY: PSEUDONYM_KEY}
    values.update({SecretName(k.replace("_", "-")): v for k, v in extra.items()})
    return Secrets(MemoryBackend(values), env={})


@pytest.fixture
def emulator() -> Iterator[SinhaEmulator]:
    with SinhaEmulator(SINHA_USER, SINHA_PASSWORD) as server:
        yield server


@pytest.fixture
def source_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SourceDb | PgSourceDb]:
    """The source database: SQLite by default; ``indirect`` param "postgresql" for the real server."""
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        yield SourceDb(tmp_path / "source.sqlite").create()
        return
    with fresh_database() as url:
        db = PgSourceDb(url).create()
        try:
            yield db
        finally:
            db.dispose()


#: apply to a module or test to run it on both backends (source and state store)
both_backends = pytest.mark.parametrize("source_db", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def make_settings(
    tmp_path: Path, source_db: SourceDb, emulator: SinhaEmulator
) -> Callable[..., Settings]:
    def make(**sections: dict[str, Any]) -> Settings:
        data: dict[str, Any] = {
            "source": {"url": source_db.url, "timezone": "America/Sao_Paulo"},
            "state": {"url": source_db.state_url},
            "sinha": {
                "url": emulator.url,
                "user": SINHA_USER,
                "read_timeout_s": 5,
                "connect_timeout_s": 2,
            },
            # one batch at a time: these tests assert the exact order of attempts; the
            # window of two has its own (tests/integration/test_sending_window.py)
            "sync": {"batch_size": 10, "page_size": 50, "max_in_flight": 1},
        }
        for section, values in sections.items():
            data.setdefault(section, {}).update(values)
        return Settings.model_validate(data)

    return make


@pytest.fixture
def make_service(make_settings: Callable[..., Settings]) -> Iterator[Callable[..., SyncService]]:
    services: list[SyncService] = []

    def make(
        settings: Settings | None = None, *, max_attempts: int = 5, **sections: dict[str, Any]
    ) -> SyncService:
        service = SyncService(
            settings or make_settings(**sections),
            memory_secrets(),
            policy=no_wait_policy(max_attempts),
        )
        services.append(service)
        return service

    yield make
    for service in services:
        service.close()
