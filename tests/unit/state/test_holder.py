"""The row that names the lock's holder: what it stores, how it reads, whose clock it takes."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.dialects import postgresql

from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.state import holder as holder_row
from anahp_desktop.state import migrate
from anahp_desktop.state.holder import HELD_UNTIL_RELEASED, RELEASED, LockHolder
from anahp_desktop.state.schema import lease
from anahp_desktop.state.store import StateStore
from tests.helpers import mssql_rules

NOW = datetime(2026, 10, 1, 15, 0, 0)


class NoCountCursor(sqlite3.Cursor):
    """A cursor that reports every rowcount as -1, as SQL Server does under SET NOCOUNT ON."""

    @property
    def rowcount(self) -> int:
        return -1


class NoCountConnection(sqlite3.Connection):
    def cursor(self, factory: Any = NoCountCursor) -> Any:
        return super().cursor(factory)


def make_store(path: Path, *, nocount: bool = False) -> StateStore:
    plain = create_engine(f"sqlite:///{path}")
    migrate.upgrade(plain, "the state store")  # (Alembic itself checks its rowcounts)
    plain.dispose()
    connect_args = {"factory": NoCountConnection} if nocount else {}
    engine = create_engine(f"sqlite:///{path}", connect_args=connect_args)
    return StateStore(engine, clock=lambda: NOW)


def test_the_holder_is_stored_as_data_and_read_back(tmp_path: Path) -> None:
    store = make_store(tmp_path / "s.sqlite")
    me = LockHolder("PC-FATURAMENTO", 4321, Trigger.SCHEDULED)
    holder_row.claim(store, "token-1", me)
    assert holder_row.read(store) == LockHolder("PC-FATURAMENTO", 4321, Trigger.SCHEDULED, NOW)
    with store.reading() as conn:
        row = conn.execute(select(lease)).one()
    assert row.holder == "token-1" and row.expires_at == HELD_UNTIL_RELEASED
    holder_row.clear(store, "someone-else")  # a later holder's row is never cleared
    assert holder_row.read(store) is not None
    holder_row.clear(store, "token-1")
    assert holder_row.read(store) is None
    with store.reading() as conn:
        assert conn.execute(select(lease.c.expires_at)).scalar() == RELEASED


def test_with_every_rowcount_at_minus_one_the_holder_is_still_written(tmp_path: Path) -> None:
    """SET NOCOUNT ON makes SQL Server report -1: the row must not depend on rowcounts."""
    store = make_store(tmp_path / "s.sqlite", nocount=True)
    with store.transaction() as conn:
        assert conn.exec_driver_sql("UPDATE sinha_runs SET pending = 0").rowcount == -1
    holder_row.claim(store, "first", LockHolder("A", 1, Trigger.CLI))  # insert: no row yet
    assert holder_row.read(store) == LockHolder("A", 1, Trigger.CLI, NOW)
    holder_row.claim(store, "second", LockHolder("B", 2, Trigger.MANUAL))  # update
    assert holder_row.read(store) == LockHolder("B", 2, Trigger.MANUAL, NOW)
    with store.reading() as conn:
        assert conn.execute(select(lease.c.holder)).scalars().all() == ["second"]


def test_rows_written_by_copies_before_the_lock_are_understood() -> None:
    assert LockHolder.parse("sala-ti pid 30759 (cli)", NOW) == LockHolder(
        "sala-ti", 30759, Trigger.CLI, NOW
    )
    assert LockHolder.parse("who knows", None) == LockHolder("who knows", None, None, None)
    assert LockHolder.parse(None, None) == LockHolder("", None, None, None)
    long = LockHolder("h" * 300, 7, Trigger.CLI)
    assert len(long.info()) <= holder_row.INFO_SIZE
    assert LockHolder.parse(long.info(), None).host == "h" * 100


def test_only_a_process_of_this_machine_that_no_longer_exists_is_gone() -> None:
    exists = {10}.__contains__  # pid 10 runs, pid 11 does not
    assert LockHolder("this-pc", 11, Trigger.CLI).gone(exists, this_host="THIS-PC")
    assert not LockHolder("this-pc", 10, Trigger.CLI).gone(exists, this_host="this-pc")
    assert not LockHolder("other-pc", 11, Trigger.CLI).gone(
        exists, this_host="this-pc"
    )  # can't tell
    assert not LockHolder("this-pc", None, None).gone(exists, this_host="this-pc")


def test_sql_server_writes_since_with_its_own_clock_never_the_workstations() -> None:
    me = LockHolder("PC-1", 9, Trigger.CLI)
    find, change, add = holder_row.claim_statements("mssql", "t" * 32, me, NOW)
    reserved = {"trigger"}
    for statement in (find, change, add, holder_row.clear_statement("t" * 32)):
        assert mssql_rules.problems(statement, reserved_columns=reserved) == []
    update_sql = str(mssql_rules.compile_mssql(change))
    insert_sql = str(mssql_rules.compile_mssql(add))
    assert "acquired_at=SYSUTCDATETIME()" in update_sql
    assert "(name, holder, holder_info, acquired_at, expires_at)" in insert_sql
    # expires_at: a constant (state timestamps travel as text, state/timestamps.py)
    assert "VALUES (?, ?, ?, SYSUTCDATETIME(), CONVERT(DATETIME2(7), ?, 121))" in insert_sql
    for statement in (change, add):  # the workstation's time is never sent
        assert NOW not in mssql_rules.compile_mssql(statement).params.values()


def test_postgresql_writes_since_with_the_servers_clock() -> None:
    _find, change, _add = holder_row.claim_statements(
        "postgresql", "t", LockHolder("h", 1, Trigger.CLI), NOW
    )
    sql = str(change.compile(dialect=postgresql.dialect()))
    assert re.search(r"acquired_at=timezone\(%\(timezone_1\)s(::VARCHAR)?, now\(\)\)", sql), sql
    assert holder_row.database_now("sqlite", NOW) == NOW  # SQLite has only this machine


@pytest.mark.parametrize("dialect", ["mssql", "postgresql", "sqlite"])
def test_the_row_is_found_by_a_select_never_by_a_rowcount(dialect: str) -> None:
    find, _change, _add = holder_row.claim_statements(
        dialect, "t", LockHolder("h", 1, Trigger.CLI), NOW
    )
    assert "sinha_lease.name" in str(find)


def test_a_process_ending_with_its_run_out_clears_only_its_own_row(tmp_path: Path) -> None:
    store = make_store(tmp_path / "s.sqlite")
    holder_row.claim(store, "other", LockHolder("SERVIDOR-2", 77, Trigger.SCHEDULED))
    holder_row.clear_this_process(store)
    assert holder_row.read(store) == LockHolder("SERVIDOR-2", 77, Trigger.SCHEDULED, NOW)
    holder_row.claim(store, "mine", LockHolder.this_process(Trigger.SCHEDULED))
    holder_row.clear_this_process(store)
    assert holder_row.read(store) is None
