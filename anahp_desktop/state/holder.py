"""Who holds the sync lock: the row ``sinha_lease.sync``, for the status and the messages.

The lock (:mod:`.run_lock`) alone decides who may run. This row only tells
operators who runs: the host, the process, what started it and since when.
The holder writes it right after taking the lock and clears it before letting
go; a holder that dies leaves it behind, and the next holder overwrites it.
Nothing compares its time with a clock: "since" is written by the database
server's clock where there is one (SQL Server ``SYSUTCDATETIME()``, PostgreSQL
``now()``), by this machine's for SQLite, and is only ever shown.

The table is the lease of earlier versions. ``expires_at`` now means only
"held until released" (far future) or "released": a copy from before the lock
reads it as its lease, so it stays out while a holder of this version runs.
No rowcount is read here: with ``SET NOCOUNT ON`` SQL Server reports -1.
"""

from __future__ import annotations

import json
import os
import re
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Insert, Select, Update, func, insert, select, update

from anahp_desktop.domain.statuses import Trigger, known
from anahp_desktop.processes import process_exists
from anahp_desktop.state.schema import lease
from anahp_desktop.state.store import StateStore

HOLDER_ROW = "sync"
HELD_UNTIL_RELEASED = datetime(9999, 12, 31)
RELEASED = datetime(1970, 1, 1)
INFO_SIZE = 200
#: what copies before the lock wrote: "host pid 123 (cli)"
_OLD_INFO = re.compile(r"^(?P<host>.+) pid (?P<pid>\d+) \((?P<trigger>[^)]*)\)$")


@dataclass(frozen=True)
class LockHolder:
    """A run that holds (or held) the lock; ``since`` is naive UTC."""

    host: str
    pid: int | None
    trigger: Trigger | None  # None: an earlier version's, or not said
    since: datetime | None = None

    @classmethod
    def this_process(cls, trigger: Trigger | None) -> LockHolder:
        return cls(socket.gethostname(), os.getpid(), trigger)

    @classmethod
    def parse(cls, info: str | None, since: datetime | None) -> LockHolder:
        """From the stored text: this version's JSON, or an earlier version's sentence."""
        text = info or ""
        try:
            data = json.loads(text)
            trigger = known(Trigger, str(data["trigger"]))
            return cls(str(data["host"]), _int_or_none(data.get("pid")), trigger, since)
        except (ValueError, TypeError, KeyError):
            pass
        if match := _OLD_INFO.match(text):
            return cls(match["host"], int(match["pid"]), known(Trigger, match["trigger"]), since)
        return cls(text, None, None, since)

    def info(self) -> str:
        host = self.host[: INFO_SIZE // 2]
        return json.dumps({"host": host, "pid": self.pid, "trigger": self.trigger or ""})

    def on_this_host(self, this_host: str | None = None) -> bool:
        return self.host.casefold() == (this_host or socket.gethostname()).casefold()

    def gone(
        self, exists: Callable[[int], bool] = process_exists, this_host: str | None = None
    ) -> bool:
        """True when recorded by a process of this machine that no longer exists."""
        return self.pid is not None and self.on_this_host(this_host) and not exists(self.pid)


def claim(store: StateStore, token: str, holder: LockHolder) -> None:
    """Write this run as the holder (call right after taking the lock)."""
    find, change, add = claim_statements(store.engine.dialect.name, token, holder, store.clock())
    with store.transaction() as conn:
        if conn.execute(find).first() is None:
            conn.execute(add)
        else:
            conn.execute(change)


def clear(store: StateStore, token: str) -> None:
    """Say the lock is free, if this run still is the recorded holder."""
    with store.transaction() as conn:
        conn.execute(clear_statement(token))


def clear_this_process(store: StateStore) -> None:
    """Before a process ends with its run still out (``run --every`` stopped hard).

    Its end frees the lock by itself; this clears the row naming it first, so no
    view goes on showing it even for a moment. A row naming another holder stays.
    """
    me = LockHolder.this_process(None)
    query = select(lease.c.holder, lease.c.holder_info).where(lease.c.name == HOLDER_ROW)
    with store.transaction() as conn:
        row = conn.execute(query).first()
        if row is None or row.holder is None:
            return
        recorded = LockHolder.parse(row.holder_info, None)
        if recorded.pid == me.pid and recorded.on_this_host(me.host):
            conn.execute(clear_statement(row.holder))


def read(store: StateStore) -> LockHolder | None:
    """The recorded holder, or None when the row says released (or was never written)."""
    query = select(lease.c.holder, lease.c.holder_info, lease.c.acquired_at).where(
        lease.c.name == HOLDER_ROW
    )
    with store.reading() as conn:
        row = conn.execute(query).first()
    if row is None or row.holder is None:
        return None
    return LockHolder.parse(row.holder_info, row.acquired_at)


def claim_statements(
    dialect: str, token: str, holder: LockHolder, now: datetime
) -> tuple[Select[Any], Update, Insert]:
    """(find the row, update it, insert it): "since" from the server's clock where there is one."""
    values = {
        "holder": token,
        "holder_info": holder.info(),
        "acquired_at": database_now(dialect, now),
        "expires_at": HELD_UNTIL_RELEASED,
    }
    find = select(lease.c.name).where(lease.c.name == HOLDER_ROW)
    change = update(lease).where(lease.c.name == HOLDER_ROW).values(**values)
    add = insert(lease).values(name=HOLDER_ROW, **values)
    return find, change, add


def clear_statement(token: str) -> Update:
    return (
        update(lease)
        .where(lease.c.name == HOLDER_ROW, lease.c.holder == token)
        .values(holder=None, holder_info=None, expires_at=RELEASED)
    )


def database_now(dialect: str, here: datetime) -> Any:
    """UTC now, as the database server tells it (SQLite has no server: this machine's)."""
    if dialect == "mssql":
        return func.SYSUTCDATETIME()
    if dialect == "postgresql":
        return func.timezone("UTC", func.now())
    return here


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
