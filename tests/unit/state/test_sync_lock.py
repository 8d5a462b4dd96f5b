"""The sync lock as a run uses it: refusals that name the holder, dead holders, lost locks."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from contextlib import nullcontext
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from anahp_desktop.config.settings import SourceSettings
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.errors import SyncAlreadyRunningError, SyncLockLostError
from anahp_desktop.source.connection import create_database_engine
from anahp_desktop.state import holder as holder_row
from anahp_desktop.state import migrate, sync_lock
from anahp_desktop.state.holder import LockHolder
from anahp_desktop.state.run_lock import RunLock
from anahp_desktop.state.server_locks import SqlServerRunLock
from anahp_desktop.state.store import StateStore
from anahp_desktop.state.sync_lock import (
    RunningSync,
    SyncLock,
    already_running_message,
    running_now_text,
    running_sync,
)
from tests.helpers.fake_mssql import FakeSqlServer
from tests.helpers.pg import fresh_database

NOW = datetime(2026, 10, 1, 15, 0, 0)
HOST = socket.gethostname()


def make_store(url: str) -> StateStore:
    engine = create_engine(url)
    migrate.upgrade(engine, "the state store")
    return StateStore(engine, clock=lambda: NOW)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[StateStore]:
    state = make_store(f"sqlite:///{tmp_path / 'state.sqlite'}")
    yield state
    state.engine.dispose()


class ScriptedLock:
    """A run lock whose answers the test decides."""

    lost_reason = "the test took it away"

    def __init__(self, refusals: int = 0) -> None:
        self.refusals = refusals
        self.tries = 0
        self.holding = False
        self.released = 0

    def try_acquire(self) -> bool:
        self.tries += 1
        if self.tries <= self.refusals:
            return False
        self.holding = True
        return True

    def still_held(self) -> bool:
        return self.holding

    def release(self) -> None:
        self.holding = False
        self.released += 1

    def held_by_anyone(self) -> bool:
        return self.holding or self.tries < self.refusals


def test_a_second_run_is_refused_naming_the_holder_and_since_when(store: StateStore) -> None:
    with SyncLock(store, Trigger.CLI), pytest.raises(SyncAlreadyRunningError) as refused:
        SyncLock(store, Trigger.MANUAL).acquire()
    assert refused.value.holder == LockHolder(HOST, os.getpid(), Trigger.CLI, NOW)
    assert refused.value.message == (
        f"A sync is already running on {HOST} (process {os.getpid()}, started from the "
        "command line) since 2026-10-01 15:00:00 UTC; try again when it finishes."
    )
    assert holder_row.read(store) is None  # released: the row says so
    with SyncLock(store, Trigger.MANUAL):  # and the next one runs
        pass


def test_a_holder_row_left_by_a_dead_process_here_is_waited_out_not_named(
    store: StateStore,
) -> None:
    """After a crash a database may free the dead session's lock a moment late: wait, don't refuse."""
    holder_row.claim(store, "dead", LockHolder(HOST, 999_999, Trigger.CLI))
    lock = ScriptedLock(refusals=3)
    naps: list[float] = []
    mine = SyncLock(
        store, Trigger.SCHEDULED, lock=lock, exists=lambda pid: False, sleep=naps.append
    )
    mine.acquire()
    assert lock.tries == 4 and naps == [sync_lock.POLL_S] * 3
    assert holder_row.read(store) == LockHolder(HOST, os.getpid(), Trigger.SCHEDULED, NOW)
    mine.release()
    assert lock.released == 1


def test_a_holder_that_never_names_itself_is_refused_without_a_name(
    store: StateStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync_lock, "UNNAMED_HOLDER_WAIT_S", 0.2)
    holder_row.claim(store, "dead", LockHolder(HOST, 999_999, Trigger.CLI))
    lock = ScriptedLock(refusals=10**6)
    with pytest.raises(SyncAlreadyRunningError) as refused:
        SyncLock(store, Trigger.CLI, lock=lock, exists=lambda pid: False).acquire()
    assert refused.value.holder is None
    assert "999999" not in refused.value.message
    assert refused.value.message == already_running_message(None)
    assert not lock.holding


def test_a_holder_on_another_machine_is_named_at_once(store: StateStore) -> None:
    holder_row.claim(store, "other", LockHolder("SERVIDOR-2", 77, Trigger.SCHEDULED))
    lock = ScriptedLock(refusals=10**6)
    with pytest.raises(SyncAlreadyRunningError, match=r"on SERVIDOR-2 \(process 77, started by"):
        SyncLock(store, Trigger.CLI, lock=lock, sleep=lambda _s: None).acquire()
    assert lock.tries == 1


def test_a_lost_lock_stops_the_run_and_stays_lost(store: StateStore) -> None:
    lock = ScriptedLock()
    mine = SyncLock(store, Trigger.CLI, lock=lock)
    mine.acquire()
    mine.check()
    lock.holding = False
    with pytest.raises(
        SyncLockLostError, match=r"The sync lock was lost \(the test took it away\)"
    ):
        mine.check()
    lock.holding = True  # a lock once lost is not trusted again
    with pytest.raises(SyncLockLostError):
        mine.check()
    mine.release()


def test_the_status_names_a_live_holder_and_never_a_dead_one(store: StateStore) -> None:
    assert running_sync(store) is None
    with SyncLock(store, Trigger.CLI):
        running = running_sync(store)
    assert running == RunningSync(LockHolder(HOST, os.getpid(), Trigger.CLI, NOW))
    assert running_now_text(running) == (
        f"Sync running now: on {HOST} (process {os.getpid()}, started from the command line) "
        "since 2026-10-01 15:00:00 UTC."
    )
    assert running_sync(store) is None
    assert running_now_text(None) == "Sync running now: none."
    held = ScriptedLock()
    held.holding = True
    holder_row.claim(store, "dead", LockHolder(HOST, 999_999, Trigger.CLI))
    assert running_sync(store, held, exists=lambda pid: False) is None
    holder_row.clear(store, "dead")
    assert running_sync(store, held) == RunningSync(None)  # held, not yet named


# -- two copies at the same instant, on each database --------------------------------------------


@pytest.mark.parametrize("backend", ["sqlite", "postgresql", "mssql"])
def test_copies_started_at_the_same_instant_exactly_one_runs(tmp_path: Path, backend: str) -> None:
    with fresh_database() if backend == "postgresql" else nullcontext(None) as pg_url:
        store = make_store(pg_url or f"sqlite:///{tmp_path / 'state.sqlite'}")
        server = FakeSqlServer()
        mssql = create_database_engine(
            create_engine("mssql+pyodbc://u:p@sql01/hospital?driver=FreeTDS").url,
            SourceSettings(),
            module=server.module(),
        )

        def lock() -> RunLock | None:  # SQL Server: its applock through the stand-in
            return SqlServerRunLock(mssql) if backend == "mssql" else None

        copies = [
            SyncLock(store, Trigger.SCHEDULED if i else Trigger.MANUAL, lock=lock())
            for i in range(4)
        ]
        barrier = threading.Barrier(len(copies))
        outcomes: list[str] = []

        def start(copy: SyncLock) -> None:
            barrier.wait()
            try:
                copy.acquire()
            except SyncAlreadyRunningError as exc:
                outcomes.append(f"refused: {exc.holder is not None}")
            else:
                outcomes.append("runs")

        threads = [threading.Thread(target=start, args=(copy,)) for copy in copies]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        try:
            assert sorted(outcomes) == ["refused: True"] * 3 + ["runs"]
        finally:
            for copy in copies:
                copy.release()
            store.engine.dispose()
            mssql.dispose()
        if backend == "mssql":
            assert server.applocks.held == {}
