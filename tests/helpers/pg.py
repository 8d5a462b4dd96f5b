"""PostgreSQL for tests: a fresh database per test on the server scripts/test started.

``ANAHP_TEST_PG_URL`` points at a database whose role may create databases. Without it
the PostgreSQL tests are skipped on a developer machine and fail under CI=1, so CI
can never pass by silently not running them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from anahp_desktop.source.contract import COLUMN_NAMES


def admin_url() -> str:
    url = os.environ.get("ANAHP_TEST_PG_URL", "")
    if not url:
        message = (
            "PostgreSQL test server not available (ANAHP_TEST_PG_URL unset; scripts/test starts it)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return url


@contextmanager
def fresh_database() -> Iterator[str]:
    """A new empty database; dropped afterwards (connections terminated first)."""
    base = make_url(admin_url())
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            # our own connections only: an autovacuum worker there is a superuser's, which a
            # test role may not terminate (the run failed); DROP DATABASE stops it by itself
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = :n AND pid <> pg_backend_pid() AND usename = current_user"
                ),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


PG_TYPES = {
    "id": "text",
    "updated_at": "timestamp(6)",
    "cnes": "text",
    "atendimento": "text",
    "data_internacao": "timestamp(6)",
    "data_alta": "timestamp(6)",
    "tipo_alta": "text",
    "cid_principal": "text",
    "sexo": "text",
    "data_nascimento": "date",
    "convenio": "text",
    "setor": "text",
}


class PgSourceDb:
    """Same interface as tests.helpers.source_db.SourceDb, on a real PostgreSQL server.

    ``state_url`` is "source": the state store lives in the source database (chosen
    explicitly: the default is a local SQLite file), so PostgreSQL holds both.
    """

    def __init__(self, url: str, view: str = "sinha_export") -> None:
        self.url = url
        self.view = view
        self.state_url = "source"
        self.engine = create_engine(url)
        import itertools

        self._ids = itertools.count(1)

    def create(self) -> PgSourceDb:
        columns = ", ".join(f"{name} {PG_TYPES[name]}" for name in COLUMN_NAMES)
        with self.engine.begin() as conn:
            conn.execute(text(f"CREATE TABLE src ({columns})"))
            conn.execute(text("CREATE INDEX ix_src_keyset ON src (updated_at, id)"))
            conn.execute(
                text(f"CREATE VIEW {self.view} AS SELECT {', '.join(COLUMN_NAMES)} FROM src")
            )
        return self

    def insert(self, rows: list[dict[str, Any]]) -> None:
        names = ", ".join(COLUMN_NAMES)
        params = ", ".join(f":{n}" for n in COLUMN_NAMES)
        with self.engine.begin() as conn:
            conn.execute(
                text(f"INSERT INTO src ({names}) VALUES ({params})"),
                [{n: _pg_value(n, row.get(n)) for n in COLUMN_NAMES} for row in rows],
            )

    def add_valid(
        self, count: int, start: datetime | None = None, step: Any = None, **overrides: Any
    ) -> list[dict[str, Any]]:
        from datetime import timedelta

        from tests.helpers.source_db import BASE_TIME, valid_row

        start = start or BASE_TIME
        step = timedelta(seconds=1) if step is None else step
        rows = [valid_row(next(self._ids), start + i * step, **overrides) for i in range(count)]
        self.insert(rows)
        return rows

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> None:
        converted = sql
        values: dict[str, Any] = {}
        for index, value in enumerate(params):
            converted = converted.replace("?", f":p{index}", 1)
            values[f"p{index}"] = value
        with self.engine.begin() as conn:
            conn.execute(text(converted), values)

    def dispose(self) -> None:
        self.engine.dispose()


def _pg_value(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name == "id":
        return str(value)
    if PG_TYPES[name].startswith("timestamp") and isinstance(value, str):
        return datetime.fromisoformat(value)
    if PG_TYPES[name] == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    return value
