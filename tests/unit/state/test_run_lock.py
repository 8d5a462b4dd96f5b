"""The run lock per database: which kind, where its file lives, and probing without harm."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from anahp_desktop.errors import ConfigurationError
from anahp_desktop.state.run_lock import FileRunLock, run_lock_for, sqlite_file
from anahp_desktop.state.server_locks import PostgresRunLock, SqlServerRunLock


def test_each_database_gets_its_own_kind_of_lock(tmp_path: Path) -> None:
    lock = run_lock_for(create_engine(f"sqlite:///{tmp_path / 'state.sqlite'}"))
    assert isinstance(lock, FileRunLock)
    assert lock.path == tmp_path / "state.sqlite.sync.lock"
    pg = create_engine("postgresql+psycopg://u:p@127.0.0.1:1/db")
    assert isinstance(run_lock_for(pg), PostgresRunLock)
    mssql = create_engine("mssql+pyodbc://u:p@sql01/hospital?driver=FreeTDS")
    assert isinstance(run_lock_for(mssql), SqlServerRunLock)
    with pytest.raises(ConfigurationError, match=r"\(mysql\) offers no sync lock"):
        run_lock_for(SimpleNamespace(dialect=SimpleNamespace(name="mysql")))  # type: ignore[arg-type]


def test_every_spelling_of_one_state_file_shares_one_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    expected = (tmp_path / "state.sqlite").resolve()
    assert sqlite_file(make_url("sqlite:///state.sqlite")) == expected
    assert sqlite_file(make_url(f"sqlite:///{tmp_path}/./state.sqlite")) == expected
    assert sqlite_file(make_url(f"sqlite:///file:{tmp_path}/state.sqlite?mode=rw&uri=true")) == (
        expected
    )


@pytest.mark.parametrize(
    "url", ["sqlite://", "sqlite:///:memory:", "sqlite:///file:x?mode=memory&uri=true"]
)
def test_an_in_memory_state_store_is_refused_with_a_sentence(url: str) -> None:
    with pytest.raises(ConfigurationError, match="in-memory SQLite state store"):
        sqlite_file(make_url(url))


def test_asking_whether_it_is_held_never_takes_it(tmp_path: Path) -> None:
    holder, probe = FileRunLock(tmp_path / "s.sqlite"), FileRunLock(tmp_path / "s.sqlite")
    assert not probe.held_by_anyone()
    assert holder.try_acquire()
    assert probe.held_by_anyone() and holder.still_held()
    holder.release()
    assert not probe.held_by_anyone()
    assert not holder.still_held()


PROBE_SCRIPT = """
import sys, time
from pathlib import Path
from anahp_desktop.state.run_lock import FileRunLock
probe = FileRunLock(Path(sys.argv[1]))
print("probing", flush=True)
while True:
    probe.held_by_anyone()
"""


def test_a_start_never_fails_because_someone_was_asking(tmp_path: Path) -> None:
    """The status and the window probe all the time; a sync starting meanwhile must get the lock."""
    state = tmp_path / "s.sqlite"
    probers = [
        subprocess.Popen(
            [sys.executable, "-c", PROBE_SCRIPT, str(state)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    refused = 0
    try:
        for prober in probers:
            assert prober.stdout is not None and prober.stdout.readline() == "probing\n"
        for _ in range(3000):
            lock = FileRunLock(state)
            if lock.try_acquire():
                lock.release()
            else:
                refused += 1
    finally:
        for prober in probers:
            prober.kill()
            prober.wait()
            assert prober.stdout is not None
            prober.stdout.close()
    assert refused == 0
