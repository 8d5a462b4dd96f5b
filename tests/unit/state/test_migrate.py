"""A store already at the newest revision is checked with one read: no Alembic, no write lock."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, inspect

from anahp_desktop.state import migrate, schema

UP_TO_DATE_RUN = """
import sys
from sqlalchemy import create_engine
from anahp_desktop.state import migrate
migrate.upgrade(create_engine("sqlite:///" + sys.argv[1]))
print("alembic" in sys.modules)
"""


def test_head_is_the_newest_migration() -> None:
    assert migrate.head_revision() == migrate.HEAD


def test_an_up_to_date_store_is_checked_without_importing_alembic(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    migrate.upgrade(create_engine(f"sqlite:///{path}"))
    done = subprocess.run(
        [sys.executable, "-c", UP_TO_DATE_RUN, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert done.stdout.split()[-1] == "False"


def test_an_up_to_date_store_is_checked_while_another_process_writes(tmp_path: Path) -> None:
    """A run starting while another one stores a page does not wait for its write lock."""
    path = tmp_path / "state.sqlite"
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 2})
    migrate.upgrade(engine)
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        migrate.upgrade(engine)  # before: BEGIN IMMEDIATE waited 2 s, then 'database is locked'
        assert time.monotonic() - started < 1
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_store_behind_the_newest_revision_is_still_migrated(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE sinha_store_identity")
        db.execute(f"UPDATE {migrate.VERSION_TABLE} SET version_num = '0002'")
    db.close()
    migrate.upgrade(engine)
    assert "sinha_store_identity" in inspect(engine).get_table_names()
    with engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.HEAD
    assert set(inspect(engine).get_table_names()) >= set(schema.metadata.tables)


def test_a_new_sqlite_store_gets_large_pages_and_an_old_one_keeps_its_own(tmp_path: Path) -> None:
    """Batch bodies are large: a new store uses 16 KB pages; an existing file is never rebuilt."""
    new = tmp_path / "new.sqlite"
    migrate.upgrade(create_engine(f"sqlite:///{new}"))
    with sqlite3.connect(new) as db:
        assert db.execute("PRAGMA page_size").fetchone()[0] == migrate.SQLITE_PAGE_SIZE
    db.close()

    old = tmp_path / "old.sqlite"
    with sqlite3.connect(old) as db:  # a file an earlier version made, before its first table
        db.execute("CREATE TABLE hospital_notes (note TEXT)")
    db.close()
    migrate.upgrade(create_engine(f"sqlite:///{old}"))
    with sqlite3.connect(old) as db:
        assert db.execute("PRAGMA page_size").fetchone()[0] == 4096
        assert migrate.VERSION_TABLE in {
            name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    db.close()
