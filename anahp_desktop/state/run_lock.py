"""The lock a sync holds for its whole run, one kind per state-store database.

Each lies with its holder, so a killed run never blocks the next one:

* SQLite (one machine): an OS file lock beside the state file, which the
  operating system drops when the process ends (:mod:`.file_lock`);
* PostgreSQL: a session advisory lock on a connection of its own;
* SQL Server: ``sp_getapplock`` owned by a session of its own
  (:mod:`.server_locks` for both).

No time is involved: nothing expires, and no machine's clock is read.
"""

from __future__ import annotations

import contextlib
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine
from sqlalchemy.engine import URL

from anahp_desktop.errors import ConfigurationError, StateStoreError
from anahp_desktop.state.file_lock import FileLock, LockCalls
from anahp_desktop.state.server_locks import PostgresRunLock, SqlServerRunLock
from anahp_desktop.translation import N_, _

#: the longest a process may hold the gate (microseconds in practice)
GATE_WAIT_S = 5.0


class RunLock(Protocol):
    """What the sync needs from a lock; none of it waits for a holder."""

    #: why such a lock can be lost, for the operator (untranslated: pass it through _())
    lost_reason: str

    def try_acquire(self) -> bool:
        """Take it now, or answer False when another holder has it."""

    def still_held(self) -> bool:
        """Whether this holder still has it (False on any doubt)."""

    def release(self) -> None:
        """Let go; never raises (the holder's end frees it anyway)."""

    def held_by_anyone(self) -> bool:
        """Whether some holder has it now, without getting in a starting run's way."""


def run_lock_for(engine: Engine) -> RunLock:
    name = engine.dialect.name
    if name == "sqlite":
        return FileRunLock(sqlite_file(engine.url))
    if name == "postgresql":
        return PostgresRunLock(engine)
    if name == "mssql":
        return SqlServerRunLock(engine)
    raise ConfigurationError(
        _(
            "The state store's database ({name}) offers no sync lock: use SQL Server, "
            "PostgreSQL or a SQLite file."
        ).format(name=name)
    )


def sqlite_file(url: URL) -> Path:
    """The state file a SQLite URL names (plain path or ``file:`` URI)."""
    database = url.database or ""
    memory = url.query.get("mode") == "memory"
    if database.startswith("file:"):
        parts = urllib.parse.urlsplit(database)
        database = urllib.parse.unquote(parts.path)
        memory = memory or "mode=memory" in parts.query
    if not database or database == ":memory:" or memory:
        raise ConfigurationError(
            _("An in-memory SQLite state store cannot hold the sync lock: give it a file.")
        )
    return Path(database).resolve()


class FileRunLock:
    """``<state file>.sync.lock``, taken and tested only while holding ``.sync.gate``.

    Testing whether the lock is held (``anahp-sync status``, the window) means
    trying to take it. A test that held it for a moment would make a sync
    starting at that moment give up, so both take the gate first: a start
    and a test never meet on the lock itself. The gate is held for the few
    microseconds of one try, never while a run goes on.
    """

    lost_reason = N_("its lock file was removed or replaced")

    def __init__(self, database: Path, calls: LockCalls | None = None) -> None:
        self._calls = calls
        self._run = FileLock(database.with_name(database.name + ".sync.lock"), calls)
        self._gate_path = database.with_name(database.name + ".sync.gate")

    @property
    def path(self) -> Path:
        return self._run.path

    def try_acquire(self) -> bool:
        with self._gate():
            return self._run.try_lock()

    def still_held(self) -> bool:
        return self._run.still_ours()

    def release(self) -> None:
        with contextlib.suppress(OSError):  # the descriptor is closed anyway: the lock drops
            self._run.unlock()

    def held_by_anyone(self) -> bool:
        probe = FileLock(self._run.path, self._calls)
        with self._gate():
            if probe.try_lock():
                probe.unlock()
                return False
            return True

    @contextmanager
    def _gate(self) -> Iterator[None]:
        gate = FileLock(self._gate_path, self._calls)
        if not gate.lock_within(GATE_WAIT_S):
            raise StateStoreError(
                _(
                    "Another process keeps the sync lock's gate file {path} locked; "
                    "close stopped copies of the app and try again."
                ).format(path=self._gate_path)
            )
        try:
            yield
        finally:
            gate.unlock()
