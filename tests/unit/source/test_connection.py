"""Engines for SQL Server get a login timeout and a query timeout on every connection."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from anahp_desktop.config.settings import SourceSettings
from anahp_desktop.errors import ConfigurationError
from anahp_desktop.secrets import MemoryBackend, SecretName, Secrets
from anahp_desktop.source import connection
from anahp_desktop.source.connection import create_database_engine, source_url
from tests.helpers.fake_mssql import FakeSqlServer

SETTINGS = SourceSettings(
    host="sql01",
    database="hospital",
    username="sinha",
    driver="FreeTDS",
    login_timeout_s=7,
    query_timeout_s=120,
)
SECRETS = Secrets(MemoryBackend({SecretName.DATABASE_PASSWORD: "pw"}), env={})


def test_login_and_query_timeouts_reach_pyodbc() -> None:
    server = FakeSqlServer()
    engine = create_database_engine(source_url(SETTINGS, SECRETS), SETTINGS, module=server.module())
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
        dbapi = conn.connection.dbapi_connection
        assert dbapi is not None
        assert dbapi.connect_kwargs == {"timeout": 7}
        assert dbapi.timeout == 120
    engine.dispose()


def test_no_query_timeout_when_set_to_zero() -> None:
    server = FakeSqlServer()
    settings = SETTINGS.model_copy(update={"query_timeout_s": 0})
    engine = create_database_engine(source_url(settings, SECRETS), settings, module=server.module())
    with engine.connect() as conn:
        assert conn.connection.dbapi_connection.timeout == 0  # type: ignore[union-attr]
    engine.dispose()


def test_pyodbc_without_unixodbc_is_a_sentence_about_the_driver(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise ImportError("libodbc.so.2: cannot open shared object file")

    monkeypatch.setattr(connection, "create_engine", broken)
    with pytest.raises(ConfigurationError, match=r"driver .* is not installed"):
        create_database_engine(source_url(SETTINGS, SECRETS), SETTINGS)
