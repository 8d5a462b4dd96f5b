"""A SQLite state file's own problems get their own sentences, from SQLite's real errors."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, event

from anahp_desktop.config.settings import Settings
from anahp_desktop.domain.values import CursorState
from anahp_desktop.errors import StateStoreError
from anahp_desktop.state import migrate, sqlite_problems
from anahp_desktop.state.store import StateStore
from anahp_desktop.sync.service import SyncService
from tests.helpers.cli import run_cli
from tests.helpers.fixtures import memory_secrets


def store_with(path: Path, pragma: str | None = None) -> StateStore:
    engine = create_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    if pragma:

        def on_connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute(pragma)

        event.listen(engine, "connect", on_connect)
    return StateStore(engine)


def write_a_lot(store: StateStore) -> None:
    for n in range(200):
        store.set_cursor_state(f"view-{n:04d}-" + "x" * 40, CursorState(None, None, "y" * 50))


def expect(action: Callable[[], object], category: str, *fragments: str) -> str:
    with pytest.raises(StateStoreError) as caught:
        action()
    assert caught.value.category == category
    for fragment in fragments:
        assert fragment in caught.value.message
    assert (
        "sql/mssql" not in caught.value.message and "reported an error" not in caught.value.message
    )
    return caught.value.message


def test_a_full_disk_is_said_as_such_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    pages = store_with(path).engine.connect().exec_driver_sql("PRAGMA page_count").scalar()
    store = store_with(path, f"PRAGMA max_page_count = {pages}")  # SQLITE_FULL, as a full disk
    expect(lambda: write_a_lot(store), "state_disk_full", f"holds the state store {path} is full")


def test_a_read_only_state_file_is_not_sent_to_the_dba(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    store = store_with(path, "PRAGMA query_only = ON")  # SQLITE_READONLY, as a read-only file
    expect(lambda: write_a_lot(store), "state_read_only", f"{path} is read-only for this account")


def test_a_damaged_state_file_says_restore_or_fresh_start(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    path.write_bytes(b"this is not a database, it was overwritten " * 200)
    settings = Settings.model_validate({"state": {"url": f"sqlite:///{path}"}})
    service = SyncService(settings, memory_secrets())
    message = expect(lambda: service.store, "state_corrupt", f"{path} is damaged")
    assert "anahp-sync state fresh-start" in message
    service.close()


def test_a_file_that_cannot_be_opened_is_recognised_from_sqlites_own_text(tmp_path: Path) -> None:
    with pytest.raises(sqlite3.OperationalError) as real:
        sqlite3.connect(tmp_path / "no-such-folder" / "state.sqlite")
    assert sqlite_problems.classify(real.value) is sqlite_problems.SqliteProblem.CANNOT_OPEN


def test_the_cli_says_it_in_one_sentence_with_rc_2_for_a_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    path.write_bytes(b"garbage" * 1000)
    config = tmp_path / "config.toml"
    config.write_text(
        f'[source]\nurl = "sqlite:///{tmp_path / "s.sqlite"}"\n[state]\nurl = "sqlite:///{path}"\n'
    )
    result = run_cli("--config", str(config), "status")
    assert result.code == 2
    assert result.stderr.startswith(f"Error: The state store file {path} is damaged")
    assert len(result.stderr.splitlines()) == 1
