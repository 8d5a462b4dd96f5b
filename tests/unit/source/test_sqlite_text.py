"""A SQLite page is decoded by C unless it holds text that is not UTF-8 (source/sqlite_text.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError

from anahp_desktop.source.scan_state import ScanStart
from anahp_desktop.source.sqlite_text import LENIENT_TEXT, undecodable_text
from anahp_desktop.source.view_reader import ViewReader
from tests.helpers.source_db import SourceDb

ROWS = 20


class CountingLenient:
    """The connection's lenient factory, counting the values it decodes."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, raw: bytes) -> str:
        self.calls += 1
        text_value: str = LENIENT_TEXT(raw)
        return text_value


@pytest.fixture
def lenient() -> CountingLenient:
    return CountingLenient()


@pytest.fixture
def engine(source_db: SourceDb, lenient: CountingLenient) -> Iterator[Engine]:
    source_db.add_valid(ROWS)
    engine = create_engine(source_db.url)

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.text_factory = lenient  # as source/connection.py sets LENIENT_TEXT

    event.listen(engine, "connect", on_connect)
    yield engine
    engine.dispose()


def read_all(engine: Engine) -> list[Any]:
    reader = ViewReader(engine, "sinha_export")
    page = reader.fetch_page(None, reader.scan_query(ScanStart(), None, None, 1000), 1000)
    return list(page.rows)


def factory_now(engine: Engine) -> Any:
    with engine.connect() as conn:
        return conn.connection.driver_connection.text_factory  # type: ignore[union-attr]


def test_a_clean_page_never_calls_the_lenient_factory(
    engine: Engine, lenient: CountingLenient
) -> None:
    rows = read_all(engine)
    assert len(rows) == ROWS
    assert rows[0].setor == "Clínica Médica"  # non-ASCII text, decoded by C
    assert lenient.calls == 0
    assert factory_now(engine) is lenient  # the connection's own factory is back


def test_a_page_with_broken_text_is_read_again_leniently(
    source_db: SourceDb, engine: Engine, lenient: CountingLenient
) -> None:
    source_db.execute(
        "INSERT INTO src SELECT 'raw-1', updated_at, cnes, CAST(x'41ff54' AS TEXT), "
        "data_internacao, data_alta, tipo_alta, cid_principal, sexo, data_nascimento, "
        "convenio, setor FROM src LIMIT 1"
    )
    rows = read_all(engine)
    assert len(rows) == ROWS + 1  # no row lost to the broken one
    broken = next(row for row in rows if row.id == "raw-1")
    assert broken.atendimento == "A\udcffT"  # the byte kept as a lone surrogate for the validator
    assert lenient.calls > 0
    assert factory_now(engine) is lenient


def test_undecodable_text_is_what_sqlite3_raises_for_it() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.execute("INSERT INTO t VALUES (CAST(x'41ff' AS TEXT))")
    with pytest.raises(sqlite3.OperationalError) as raised:
        conn.execute("SELECT x FROM t").fetchall()
    conn.close()
    assert undecodable_text(raised.value)
    assert not undecodable_text(sqlite3.OperationalError("database is locked"))


def test_undecodable_text_sees_through_sqlalchemy(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with engine.connect() as conn:
        conn.execute(text("CREATE TABLE t (x TEXT)"))
        conn.execute(text("INSERT INTO t VALUES (CAST(x'41ff' AS TEXT))"))
        with pytest.raises(DBAPIError) as raised:
            conn.execute(text("SELECT x FROM t")).all()
    engine.dispose()
    assert undecodable_text(raised.value)
