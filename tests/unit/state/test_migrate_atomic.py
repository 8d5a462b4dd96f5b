"""A run killed during its first migration must not leave a state store no run can open.

pysqlite runs DDL outside transactions, so without an explicit BEGIN a SIGKILL
between two CREATE TABLEs left half the tables and no version stamp, and every
later run failed on "table already exists" (found by the crash test).
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import Engine, create_engine, inspect

from anahp_desktop.state import migrate, schema

KILLED_MID_MIGRATION = textwrap.dedent(
    """
    import sys, time
    from alembic.operations import Operations
    from sqlalchemy import create_engine
    from anahp_desktop.state import migrate

    original = Operations.create_table
    calls = []

    def create_table(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            print("two tables created", flush=True)
            time.sleep(60)  # killed here
        return original(self, *args, **kwargs)

    Operations.create_table = create_table
    migrate.upgrade(create_engine("sqlite:///" + sys.argv[1]))
    """
)


def test_sigkill_during_the_first_migration_leaves_nothing_half_done(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_MID_MIGRATION, str(path)],
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "two tables created"
        child.send_signal(signal.SIGKILL)
        child.wait()
    engine = create_engine(f"sqlite:///{path}")
    assert inspect(engine).get_table_names() == []  # rolled back, not half there
    migrate.upgrade(engine)
    assert set(inspect(engine).get_table_names()) == {
        *schema.metadata.tables,
        migrate.VERSION_TABLE,
    }
    engine.dispose()


def test_copies_making_their_first_start_together_all_find_the_tables_ready() -> None:
    """PostgreSQL: one creates the tables, the others wait for it instead of failing."""
    import threading

    from tests.helpers.pg import fresh_database

    with fresh_database() as url:
        engines = [create_engine(url) for _ in range(3)]
        barrier = threading.Barrier(len(engines))
        failures: list[BaseException] = []

        def first_start(engine: Engine) -> None:
            barrier.wait()
            try:
                migrate.upgrade(engine)
            except BaseException as exc:
                failures.append(exc)

        threads = [threading.Thread(target=first_start, args=(e,)) for e in engines]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        try:
            assert failures == []
            with engines[0].connect() as conn:
                assert migrate.current_revision(conn) == migrate.head_revision()
        finally:
            for engine in engines:
                engine.dispose()


def test_the_sql_server_migration_lock_is_held_by_the_migrations_transaction() -> None:
    lock = migrate.MSSQL_MIGRATION_LOCK
    assert lock.startswith("SET NOCOUNT ON; IF @@TRANCOUNT = 0 BEGIN TRANSACTION;")
    assert "@LockOwner = 'Transaction'" in lock and lock.endswith("SELECT @result AS result")
