"""A rowcount SQL Server cannot tell (-1 under SET NOCOUNT ON) is an error, never "done"."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from anahp_desktop.domain.values import CursorState
from anahp_desktop.errors import StateStoreError
from anahp_desktop.state.store import StateStore
from tests.helpers.fake_mssql import FakeSqlServer

MOMENT = datetime(2026, 10, 1, 8, 0, 0, 123456)


def bare_store(tmp_path: Path, *, nocount_default: bool) -> StateStore:
    """A store on the stand-in WITHOUT the app's connection set-up (no SET NOCOUNT OFF)."""
    server = FakeSqlServer().with_state(tmp_path / "state.sqlite", nocount_default=nocount_default)
    engine = create_engine(
        "mssql+pyodbc://u:p@sql01/hospital?driver=FreeTDS", module=server.module()
    )
    return StateStore(engine, clock=lambda: MOMENT)


def test_a_watermark_update_whose_rowcount_is_unknown_fails_instead_of_skipping_the_insert(
    tmp_path: Path,
) -> None:
    store = bare_store(tmp_path, nocount_default=True)
    with pytest.raises(StateStoreError, match="NOCOUNT") as caught:
        store.set_cursor_state("sinha_export", CursorState(MOMENT, "1", None))
    assert caught.value.problem == "nocount"
    with pytest.raises(StateStoreError, match="NOCOUNT"):
        store.set_watermark("sinha_export", MOMENT, "1")
    assert store.get_cursor_state("sinha_export") is None  # nothing half written


def test_with_real_rowcounts_the_first_watermark_row_is_inserted_then_updated(
    tmp_path: Path,
) -> None:
    store = bare_store(tmp_path, nocount_default=False)
    moment = MOMENT.replace(microsecond=123000)  # this bare engine binds at milliseconds
    store.set_cursor_state("sinha_export", CursorState(moment, "1", None))
    store.set_cursor_state("sinha_export", CursorState(moment, "2", "0x0000000000000002"))
    assert store.get_cursor_state("sinha_export") == CursorState(moment, "2", "0x0000000000000002")


def test_state_tables_an_earlier_version_put_in_dbo_are_moved_with_their_rows() -> None:
    """The move is one guarded batch: only dbo's own state tables, only once."""
    from anahp_desktop.state import migrate, schema

    sql = migrate.move_from_dbo_sql("anahp")
    assert sql.startswith(
        "IF OBJECT_ID(N'dbo.anahp_alembic_version', N'U') IS NOT NULL "
        "AND OBJECT_ID(N'anahp.anahp_alembic_version', N'U') IS NULL BEGIN "
    )
    assert sql.endswith(" END")
    moved = re.findall(r"ALTER SCHEMA \[anahp\] TRANSFER dbo\.(\w+);", sql)
    assert moved == ["anahp_alembic_version", *(t.name for t in schema.metadata.sorted_tables)]
    for name in moved:
        assert f"IF OBJECT_ID(N'dbo.{name}', N'U') IS NOT NULL ALTER SCHEMA" in sql


def test_the_migration_lock_leaves_its_pooled_connection_with_nocount_off() -> None:
    """SET NOCOUNT ON keeps the procedure's counts out of the result, and must not outlive it."""
    from anahp_desktop.state import migrate

    batch = migrate.MSSQL_MIGRATION_LOCK
    assert batch.startswith("SET NOCOUNT ON;")
    assert batch.endswith("SET NOCOUNT OFF; SELECT @result AS result")
