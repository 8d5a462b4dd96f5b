"""Database faults on a real PostgreSQL server (and SQLite where the fault is SQLite's own).

Each fault gives a clear error, leaves the watermark where it was, and the next run,
once the fault is gone, completes with every record delivered exactly once.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.errors import StateStoreError
from anahp_desktop.sync.events import BatchStarted, SyncEvent
from anahp_desktop.sync.service import SyncService
from tests.helpers.outcomes import sinha_versions
from tests.helpers.pg import PgSourceDb, admin_url
from tests.helpers.source_db import BASE_TIME, SourceDb

postgres_only = pytest.mark.parametrize("source_db", ["postgresql"], indirect=True)


def first_run_then_more(source_db, service: SyncService):  # type: ignore[no-untyped-def]
    """A completed run (so there is a watermark), then new rows waiting; returns the watermark."""
    source_db.add_valid(20)
    assert service.run(Trigger.CLI).complete
    mark = service.store.get_watermark("sinha_export")
    assert mark is not None
    source_db.add_valid(40, start=BASE_TIME + timedelta(hours=1))
    return mark


def assert_recovers(service: SyncService, emulator: SinhaEmulator, mark: object) -> None:
    summary = service.run(Trigger.CLI)
    assert summary.complete, summary.message
    assert service.store.get_watermark("sinha_export") > mark  # type: ignore[operator]
    versions = sinha_versions(emulator)
    assert len(versions) == len(set(versions)) == 60


@postgres_only
def test_source_unreachable_at_start(
    source_db: PgSourceDb,
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
    tmp_path: Path,
) -> None:
    good = make_service(state={"url": f"sqlite:///{tmp_path / 'state.sqlite'}"})
    mark = first_run_then_more(source_db, good)
    closed = make_url(source_db.url).set(port=1).render_as_string(hide_password=False)
    broken = make_service(
        source={"url": closed, "login_timeout_s": 2},
        state={"url": f"sqlite:///{tmp_path / 'state.sqlite'}"},
    )
    started = time.monotonic()
    summary = broken.run(Trigger.CLI)
    assert time.monotonic() - started < 10
    assert (summary.status, summary.error_category) == ("failed", "source_unreachable")
    assert "Cannot reach the hospital database" in (summary.message or "")
    assert good.store.get_watermark("sinha_export") == mark
    assert_recovers(good, emulator, mark)


@postgres_only
def test_connection_dropped_in_the_middle_of_extraction(
    source_db: PgSourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    service = make_service(sync={"page_size": 10, "batch_size": 10})
    mark = first_run_then_more(source_db, service)
    # every page query now takes 0.4 s, so the kill lands inside one
    with source_db.engine.begin() as conn:
        conn.execute(text("DROP VIEW sinha_export"))
        conn.execute(
            text(
                "CREATE VIEW sinha_export AS SELECT s.* FROM src s CROSS JOIN (SELECT pg_sleep(0.4)) AS slow"
            )
        )
    database = make_url(source_db.url).database
    killed = threading.Event()

    def kill_source_queries(event: SyncEvent) -> None:
        if isinstance(event, BatchStarted) and not killed.is_set():
            killed.set()
            threading.Thread(target=terminate_page_queries, args=(database,), daemon=True).start()

    summary = service.run(Trigger.CLI, listener=kill_source_queries)
    assert killed.is_set()
    assert summary.status == "failed", summary
    assert summary.error_category in ("source_disconnected", "source_unavailable", "source_other")
    assert "connection" in (summary.message or "").lower() or "database" in (summary.message or "")
    assert service.store.get_watermark("sinha_export") == mark
    assert_recovers(service, emulator, mark)


def terminate_page_queries(database: str | None) -> None:
    admin = create_engine(admin_url(), isolation_level="AUTOCOMMIT")
    deadline = time.monotonic() + 10
    try:
        while time.monotonic() < deadline:
            with admin.connect() as conn:
                done = conn.execute(
                    text(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE datname = :db AND state = 'active' AND query LIKE '%sinha_export%' "
                        "AND pid <> pg_backend_pid()"
                    ),
                    {"db": database},
                ).scalar()
            if done:
                return
            time.sleep(0.02)
    finally:
        admin.dispose()


def test_state_store_locked_by_another_program(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    service = make_service()
    mark = first_run_then_more(source_db, service)
    state_file = make_url(source_db.state_url).database
    assert state_file
    locker = sqlite3.connect(state_file, timeout=1)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StateStoreError) as caught:
            service.run(Trigger.CLI)
        assert "locked" in caught.value.message
    finally:
        locker.rollback()
        locker.close()
    assert service.store.get_watermark("sinha_export") == mark
    assert_recovers(service, emulator, mark)


@postgres_only
def test_state_store_read_only(
    source_db: PgSourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    service = make_service()
    mark = first_run_then_more(source_db, service)
    service.close()
    database = make_url(source_db.url).database
    admin = create_engine(admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{database}" SET default_transaction_read_only = on'))
    try:
        read_only = make_service(service.settings)
        with pytest.raises(StateStoreError) as caught:
            read_only.run(Trigger.CLI)
        assert "read-only" in caught.value.message
        assert caught.value.category == "state_read_only"
        read_only.close()
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(f'ALTER DATABASE "{database}" SET default_transaction_read_only = off')
            )
        admin.dispose()
    recovered = make_service(service.settings)
    assert recovered.store.get_watermark("sinha_export") == mark
    assert_recovers(recovered, emulator, mark)


@pytest.mark.parametrize("source_db", ["sqlite", "postgresql"], indirect=True)
def test_view_missing_a_column(
    source_db: SourceDb | PgSourceDb,
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
) -> None:
    service = make_service()
    mark = first_run_then_more(source_db, service)
    columns = "id, updated_at, cnes, atendimento, data_internacao, data_alta, tipo_alta, cid_principal, sexo, data_nascimento, convenio"
    source_db.execute("DROP VIEW sinha_export")
    source_db.execute(f"CREATE VIEW sinha_export AS SELECT {columns} FROM src")
    summary = service.run(Trigger.CLI)
    assert (summary.status, summary.error_category) == ("failed", "source_contract")
    assert "setor" in (summary.message or "")
    assert service.store.get_watermark("sinha_export") == mark
    source_db.execute("DROP VIEW sinha_export")
    source_db.execute(f"CREATE VIEW sinha_export AS SELECT {columns}, setor FROM src")
    assert_recovers(service, emulator, mark)


@postgres_only
def test_view_with_a_wrong_type(
    source_db: PgSourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    service = make_service()
    mark = first_run_then_more(source_db, service)
    others = "id, cnes, atendimento, data_internacao, data_alta, tipo_alta, cid_principal, sexo, data_nascimento, convenio, setor"
    source_db.execute("DROP VIEW sinha_export")
    source_db.execute(
        f"CREATE VIEW sinha_export AS SELECT CAST(updated_at AS text) AS updated_at, {others} FROM src"
    )
    summary = service.run(Trigger.CLI)
    assert (summary.status, summary.error_category) == ("failed", "source_contract")
    assert "updated_at" in (summary.message or "")
    assert service.store.get_watermark("sinha_export") == mark
    source_db.execute("DROP VIEW sinha_export")
    source_db.execute(f"CREATE VIEW sinha_export AS SELECT updated_at, {others} FROM src")
    assert_recovers(service, emulator, mark)
