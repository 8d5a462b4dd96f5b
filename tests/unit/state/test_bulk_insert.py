"""The SQLite fast path stores exactly what SQLAlchemy's own insert stores."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Column, DateTime, Integer, MetaData, Table, Unicode, create_engine, insert
from sqlalchemy.dialects import mssql, postgresql

from anahp_desktop.state.bulk_insert import BulkInsert

VALUES = [
    ("L1", 0, "1001", datetime(2025, 3, 1, 10, 0, 0)),
    ("L1", 1, "1002", datetime(2025, 3, 1, 10, 0, 0, 1)),
    ("L1", 2, "00042", datetime(1999, 12, 31, 23, 59, 59, 999999)),
    ("L1", 3, "ação ñ 😀", datetime(2025, 3, 1, 10, 0, 0, 500000)),
]
COLUMNS = ("id_lote", "position", "record_id", "updated_at")


def _table(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("id_lote", Unicode(64), nullable=False),
        Column("position", Integer, nullable=False),
        Column("record_id", Unicode(64), nullable=False),
        Column("updated_at", DateTime, nullable=False),
    )


def test_the_stored_text_and_the_values_read_back_match_sqlalchemys_insert(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'bulk.sqlite'}")
    metadata = MetaData()
    fast, reference = _table(metadata, "fast"), _table(metadata, "reference")
    metadata.create_all(engine)
    with engine.begin() as conn:
        BulkInsert(fast, COLUMNS).execute(conn, VALUES)
        conn.execute(insert(reference), [dict(zip(COLUMNS, row, strict=False)) for row in VALUES])
    with engine.connect() as conn:
        raw = "SELECT id_lote, position, record_id, updated_at FROM {} ORDER BY position"
        assert (
            conn.exec_driver_sql(raw.format("fast")).all()
            == conn.exec_driver_sql(raw.format("reference")).all()
        )
        assert [tuple(r) for r in conn.execute(fast.select().order_by(fast.c.position))] == VALUES


def test_other_databases_keep_sqlalchemys_typed_path() -> None:
    table = _table(MetaData(), "t")
    bulk = BulkInsert(table, COLUMNS)
    assert bulk._compile(mssql.dialect()) is None
    assert bulk._compile(postgresql.dialect()) is None


def test_no_rows_is_no_statement(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    metadata = MetaData()
    table = _table(metadata, "t")
    metadata.create_all(engine)
    with engine.begin() as conn:
        BulkInsert(table, COLUMNS).execute(conn, [])
        assert conn.exec_driver_sql("SELECT count(*) FROM t").scalar() == 0


def test_the_datetime_shortcut_matches_the_dialects_processor_and_steps_aside_for_the_rest() -> (
    None
):

    from sqlalchemy.dialects import sqlite

    from anahp_desktop.state.bulk_insert import _faster

    dialect = sqlite.dialect()
    original = DateTime().dialect_impl(dialect).bind_processor(dialect)
    assert original is not None
    fast = _faster(original)
    assert (
        fast is not None and fast is not original
    )  # the shortcut applies to SQLite's default format
    aware = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
    for value in (*(row[3] for row in VALUES), aware, datetime(2025, 3, 1).date(), None):
        assert fast(value) == original(value)
    assert _faster(None) is None
    assert _faster(str.upper) is str.upper  # formats differently: the processor is kept
