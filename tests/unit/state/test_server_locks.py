"""Session-owned run locks: PostgreSQL (the real server) and SQL Server (the stand-in).

Each holder's lock lives on a connection of its own; it is refused to every other
session, seen by probes without being taken, lost when the server ends the session
(``pg_terminate_backend``, a DBA's KILL, a dropped network) and free again at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text

from anahp_desktop.config.settings import SourceSettings
from anahp_desktop.errors import StateStoreError
from anahp_desktop.source.connection import create_database_engine
from anahp_desktop.state.server_locks import (
    APPLOCK_RESOURCE,
    PG_KEYS,
    PostgresRunLock,
    SqlServerRunLock,
)
from tests.helpers.fake_mssql import FakeSqlServer
from tests.helpers.pg import fresh_database

LOCK_BACKEND_PID = text(
    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = :a AND objid = :b "
    "AND objsubid = 2 AND granted"
)


@pytest.fixture
def pg_engine() -> Iterator[Engine]:
    with fresh_database() as url:
        engine = create_engine(url, pool_pre_ping=True)
        try:
            yield engine
        finally:
            engine.dispose()


def lock_backend(engine: Engine) -> int | None:
    with engine.connect() as conn:
        pid: int | None = conn.execute(
            LOCK_BACKEND_PID, {"a": PG_KEYS[0], "b": PG_KEYS[1]}
        ).scalar()
    return pid


def test_postgres_one_holder_at_a_time_and_probes_do_not_take_it(pg_engine: Engine) -> None:
    first, second = PostgresRunLock(pg_engine), PostgresRunLock(pg_engine)
    assert not first.held_by_anyone()
    assert first.try_acquire()
    assert not second.try_acquire()
    assert first.still_held() and not second.still_held()
    assert second.held_by_anyone() and first.held_by_anyone()
    first.release()
    assert not second.held_by_anyone()
    assert second.try_acquire()
    second.release()


def test_postgres_holds_it_on_an_idle_session_of_its_own_with_keepalives(pg_engine: Engine) -> None:
    lock = PostgresRunLock(pg_engine)
    assert lock.try_acquire()
    try:
        pid = lock_backend(pg_engine)
        with pg_engine.connect() as conn:
            state = conn.execute(
                text("SELECT state FROM pg_stat_activity WHERE pid = :p"), {"p": pid}
            ).scalar()
            assert conn.execute(text("SELECT pg_backend_pid()")).scalar() != pid
        assert state == "idle"  # never "idle in transaction": no snapshot pinned for the run
        assert pg_engine.pool.checkedout() == 0  # type: ignore[attr-defined]  # a QueuePool  # not the pool's: nobody else can use it
    finally:
        lock.release()
    assert lock_backend(pg_engine) is None


def test_postgres_a_terminated_session_loses_the_lock_and_frees_it_at_once(
    pg_engine: Engine,
) -> None:
    holder, next_one = PostgresRunLock(pg_engine), PostgresRunLock(pg_engine)
    assert holder.try_acquire()
    pid = lock_backend(pg_engine)
    with pg_engine.connect() as conn:
        assert conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar()
        conn.commit()
    assert not holder.still_held()
    assert next_one.try_acquire()
    holder.release()  # never raises, and never frees the new holder's lock
    assert next_one.still_held()
    next_one.release()


def test_postgres_an_unreachable_server_is_a_sentence_not_already_running() -> None:
    engine = create_database_engine(
        create_engine("postgresql+psycopg://u:p@127.0.0.1:1/db").url,
        SourceSettings(login_timeout_s=2),
    )
    with pytest.raises(StateStoreError, match="state store"):
        PostgresRunLock(engine).try_acquire()


# -- SQL Server, through the stand-in -------------------------------------------------------


@pytest.fixture
def server() -> FakeSqlServer:
    return FakeSqlServer()


@pytest.fixture
def mssql_engine(server: FakeSqlServer) -> Iterator[Engine]:
    engine = create_database_engine(
        create_engine("mssql+pyodbc://u:p@sql01/hospital?driver=FreeTDS").url,
        SourceSettings(),
        module=server.module(),
    )
    yield engine
    engine.dispose()


def test_sql_server_takes_a_session_lock_without_waiting_and_releases_it(
    server: FakeSqlServer, mssql_engine: Engine
) -> None:
    first, second = SqlServerRunLock(mssql_engine), SqlServerRunLock(mssql_engine)
    assert not first.held_by_anyone()
    assert first.try_acquire()
    assert not second.try_acquire()  # sp_getapplock answered -1: another session has it
    assert first.still_held() and not second.still_held()
    assert second.held_by_anyone()
    first.release()
    assert server.applocks.held == {}
    assert second.try_acquire()
    second.release()
    calls = [what for _session, what, _answer in server.applocks.calls]
    assert calls[:2] == ["APPLOCK_TEST", "sp_getapplock"]
    assert "sp_releaseapplock" in calls
    take = server.statements(r"sp_getapplock")[0]
    assert take.params == (APPLOCK_RESOURCE,)
    assert server.statements(r"sp_getapplock")[1].connection != take.connection


def test_sql_server_a_killed_session_loses_the_lock(
    server: FakeSqlServer, mssql_engine: Engine
) -> None:
    holder, next_one = SqlServerRunLock(mssql_engine), SqlServerRunLock(mssql_engine)
    assert holder.try_acquire()
    (session, _count) = server.applocks.held[("public", APPLOCK_RESOURCE)]
    server.applocks.kill(session)
    assert not holder.still_held()
    assert next_one.try_acquire()
    holder.release()
    assert next_one.still_held()
    next_one.release()


@pytest.mark.parametrize("code", [-2, -3, -999, None])
def test_sql_server_a_refusal_other_than_a_timeout_is_never_already_running(
    server: FakeSqlServer, mssql_engine: Engine, monkeypatch: pytest.MonkeyPatch, code: Any
) -> None:
    def answer(session: int, sql: str, params: tuple[Any, ...]) -> Any:
        if "sp_getapplock" in sql:
            return ["result"], [(code,)]
        return original(session, sql, params)

    original = server.applocks.answer
    monkeypatch.setattr(server.applocks, "answer", answer)
    with pytest.raises(StateStoreError, match=f"sp_getapplock returned {code}"):
        SqlServerRunLock(mssql_engine).try_acquire()


def test_sql_server_two_sessions_at_the_same_instant_exactly_one_gets_it(
    server: FakeSqlServer, mssql_engine: Engine
) -> None:
    locks = [SqlServerRunLock(mssql_engine) for _ in range(4)]
    barrier = threading.Barrier(len(locks))
    results: list[bool] = []

    def take(lock: SqlServerRunLock) -> None:
        barrier.wait()
        results.append(lock.try_acquire())

    threads = [threading.Thread(target=take, args=(lock,)) for lock in locks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    for lock in locks:
        lock.release()
    assert server.applocks.held == {}
