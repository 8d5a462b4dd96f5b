"""One sync at a time, across processes and machines: a lease row in the state store.

A holder takes the lease when it is free or expired, renews it while it
works, and gives it back at the end. A holder killed with SIGKILL cannot give
it back; the lease then expires after ``ttl`` seconds and the next run takes
it. Times are the machines' UTC clocks: keep them synchronised (NTP), or
give a TTL larger than the worst skew.
"""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from anahp_desktop.errors import StateStoreError, SyncAlreadyRunningError
from anahp_desktop.state.queries import escape_like
from anahp_desktop.state.schema import lease
from anahp_desktop.state.store import StateStore, translate
from anahp_desktop.translation import _

LEASE_NAME = "sync"
EXPIRED = datetime(1970, 1, 1)


@dataclass(frozen=True)
class LeaseHolder:
    holder: str | None
    info: str | None
    expires_at: datetime


def describe_self(trigger: str) -> str:
    return f"{socket.gethostname()} pid {os.getpid()} ({trigger})"[:200]


class Lease:
    """The sync lease; use as a context manager around a run."""

    def __init__(self, store: StateStore, ttl_s: int, info: str, name: str = LEASE_NAME) -> None:
        self._store = store
        self._ttl = timedelta(seconds=ttl_s)
        self._info = info
        self._name = name
        self.token = uuid.uuid4().hex
        self._stop = threading.Event()
        self._lost = threading.Event()
        self._heartbeat: threading.Thread | None = None

    @property
    def lost(self) -> bool:
        """True once a renewal found the lease taken by someone else."""
        return self._lost.is_set()

    def acquire(self) -> None:
        if not self._try_acquire():
            holder = current_holder(self._store, self._name)
            raise SyncAlreadyRunningError(
                _("A sync is already running ({holder}); try again when it finishes.").format(
                    holder=holder.info if holder and holder.info else _("another copy of the app")
                )
            )

    def start_heartbeat(self, on_lost: Callable[[], None] | None = None) -> None:
        interval = max(self._ttl.total_seconds() / 3, 1.0)

        def beat() -> None:
            while not self._stop.wait(interval):
                try:
                    renewed = self.renew()
                except StateStoreError:
                    continue  # a passing database error: try again before the lease expires
                if not renewed:
                    self._lost.set()
                    if on_lost:
                        on_lost()
                    return

        self._heartbeat = threading.Thread(target=beat, name="sync-lease", daemon=True)
        self._heartbeat.start()

    def renew(self) -> bool:
        now = self._store.clock()
        with self._store.transaction() as conn:
            result = conn.execute(
                update(lease)
                .where(lease.c.name == self._name, lease.c.holder == self.token)
                .values(expires_at=now + self._ttl)
            )
        return bool(result.rowcount)

    def release(self) -> None:
        self._stop.set()
        if self._heartbeat is not None:
            self._heartbeat.join(timeout=5)
        with self._store.transaction() as conn:
            conn.execute(
                update(lease)
                .where(lease.c.name == self._name, lease.c.holder == self.token)
                .values(holder=None, holder_info=None, expires_at=EXPIRED)
            )

    def __enter__(self) -> Lease:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()

    def _try_acquire(self) -> bool:
        now = self._store.clock()
        values = {
            "holder": self.token,
            "holder_info": self._info,
            "acquired_at": now,
            "expires_at": now + self._ttl,
        }
        with self._store.transaction() as conn:
            taken = conn.execute(
                update(lease)
                .where(lease.c.name == self._name, lease.c.expires_at < now)
                .values(**values)
            ).rowcount
        if taken:
            return True
        try:
            with self._store.engine.begin() as conn:
                exists = conn.execute(
                    select(lease.c.name).where(lease.c.name == self._name)
                ).first()
                if exists:
                    return False
                conn.execute(insert(lease).values(name=self._name, **values))
        except IntegrityError:
            return False  # another process inserted the row first
        except SQLAlchemyError as exc:
            raise translate(exc) from exc
        return True


def release_held_by_this_process(store: StateStore, name: str = LEASE_NAME) -> None:
    """Give back a lease this process holds without the run's ``finally`` getting there.

    For ``run --every`` told to stop while a request to SINHA is still out: the
    process ends now, and the next run must not wait for the TTL (nor be told that a
    sync is running). The batch on its way stays "sending" and is looked up first.
    """
    prefix = escape_like(f"{socket.gethostname()} pid {os.getpid()} (")  # as describe_self
    with store.transaction() as conn:
        conn.execute(
            update(lease)
            .where(lease.c.name == name, lease.c.holder_info.like(prefix + "%", escape="\\"))
            .values(holder=None, holder_info=None, expires_at=EXPIRED)
        )


def current_holder(store: StateStore, name: str = LEASE_NAME) -> LeaseHolder | None:
    """Who holds the lease now, or None when it is free or expired."""
    with store.reading() as conn:
        row = conn.execute(
            select(lease.c.holder, lease.c.holder_info, lease.c.expires_at).where(
                lease.c.name == name
            )
        ).first()
    if row is None or row.holder is None or row.expires_at < store.clock():
        return None
    return LeaseHolder(row.holder, row.holder_info, row.expires_at)
