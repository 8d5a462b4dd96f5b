"""A run that loses its lock mid-way stops before its next request, cleanly.

PostgreSQL: the lock's session is ended with ``pg_terminate_backend`` (what a DBA, a
failover or a dropped network does); SQLite: the lock file is replaced under the run.
Another copy can start the moment the lock is gone; the old holder notices before it
sends anything more, its batches stay open, and the next run finishes them exactly once.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.statuses import AttemptStatus, RunStatus, Trigger
from anahp_desktop.state.schema import operations_log
from anahp_desktop.state.server_locks import PG_KEYS
from anahp_desktop.state.sync_lock import SyncLock
from anahp_desktop.sync.events import BatchFinished, SyncEvent
from anahp_desktop.sync.service import SyncService
from tests.helpers.outcomes import sinha_versions
from tests.helpers.source_db import SourceDb

LOST = "The sync lock was lost ("


def assert_nothing_left_running_and_next_run_completes(
    service: SyncService, make_service: Callable[..., SyncService], emulator: SinhaEmulator
) -> None:
    with service.store.reading() as conn:
        statuses = set(conn.execute(select(operations_log.c.status)).scalars())
    assert AttemptStatus.RUNNING not in statuses
    after = make_service(service.settings).run(Trigger.CLI)
    assert after.complete, after.message
    versions = sinha_versions(emulator)
    assert len(versions) == len(set(versions)) == 100


@pytest.mark.parametrize("source_db", ["postgresql"], indirect=True)
@pytest.mark.parametrize("in_flight", [1, 2])
def test_a_terminated_lock_session_stops_the_holder_before_its_next_post(
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
    in_flight: int,
) -> None:
    source_db.add_valid(100)  # 10 batches of 10
    service = make_service(sync={"max_in_flight": in_flight})
    admin = create_engine(source_db.url, isolation_level="AUTOCOMMIT")
    seen: dict[str, int] = {}

    def terminate_the_lock_after_batch_3(event: SyncEvent) -> None:
        if not isinstance(event, BatchFinished) or event.number != 3 or seen:
            return
        with admin.connect() as conn:
            pid = conn.execute(
                text(
                    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = :a "
                    "AND objid = :b AND objsubid = 2 AND granted"
                ),
                {"a": PG_KEYS[0], "b": PG_KEYS[1]},
            ).scalar_one()
            assert conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar()
            seen["posts"] = emulator.state.posts
            while conn.execute(
                text("SELECT count(*) FROM pg_stat_activity WHERE pid = :p"), {"p": pid}
            ).scalar():
                time.sleep(0.01)  # the backend ends a moment after it is told to
        with SyncLock(
            service.store, Trigger.SCHEDULED
        ):  # the lock is free at once: another may start
            seen["next holder started"] = 1

    try:
        summary = service.run(Trigger.CLI, listener=terminate_the_lock_after_batch_3)
    finally:
        admin.dispose()
    assert seen["next holder started"] == 1
    # one at a time: nothing after the kill; two at a time: at most the one already on its way
    assert emulator.state.posts - seen["posts"] <= in_flight - 1
    assert summary.status == RunStatus.CANCELLED
    assert summary.error_category == "lock_lost"
    assert summary.message is not None and summary.message.startswith(
        LOST + "the state store closed the connection that held it)"
    )
    assert summary.pending > 0
    assert_nothing_left_running_and_next_run_completes(service, make_service, emulator)


def test_a_replaced_lock_file_stops_the_holder_before_its_next_post(
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
    tmp_path: Path,
) -> None:
    source_db.add_valid(100)
    service = make_service()
    lock_file = Path(source_db.state_url.removeprefix("sqlite:///") + ".sync.lock")
    seen: dict[str, int] = {}

    def replace_the_lock_file_after_batch_3(event: SyncEvent) -> None:
        if isinstance(event, BatchFinished) and event.number == 3:
            (tmp_path / "other.lock").write_text("")
            os.replace(tmp_path / "other.lock", lock_file)
            seen["posts"] = emulator.state.posts

    summary = service.run(Trigger.CLI, listener=replace_the_lock_file_after_batch_3)
    assert emulator.state.posts == seen["posts"] == 3
    assert summary.status == RunStatus.CANCELLED and summary.error_category == "lock_lost"
    assert summary.message is not None and summary.message.startswith(
        LOST + "its lock file was removed or replaced)"
    )
    assert_nothing_left_running_and_next_run_completes(service, make_service, emulator)
