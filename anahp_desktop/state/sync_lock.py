"""One sync at a time: the run lock, the row that names its holder, and what is said.

A run takes the lock (:mod:`.run_lock`) before anything else and keeps it to
the end; the lock dies with its holder, so the run after a crash starts at
once. A second run is refused with who holds it and since when (the row of
:mod:`.holder`); a row left by a process of this machine that no longer
exists is never shown as running. Before each request and after each batch
the sender asks :meth:`SyncLock.check`: a run whose lock was lost (its
connection to the state store dropped or was killed) stops there.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, assert_never

from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.errors import StateStoreError, SyncAlreadyRunningError, SyncLockLostError
from anahp_desktop.processes import process_exists
from anahp_desktop.state import holder as holder_row
from anahp_desktop.state.holder import LockHolder
from anahp_desktop.state.run_lock import RunLock, run_lock_for
from anahp_desktop.state.store import StateStore
from anahp_desktop.translation import _

#: a refused start looks again this often while the holder has not said who it is
POLL_S = 0.05
#: how long a refused start waits when the lock's recorded holder is dead or unnamed:
#: a dead holder's database session ends a moment after its process (the server
#: notices the closed connection), and a holder that has just started names itself
#: within milliseconds
UNNAMED_HOLDER_WAIT_S = 5.0

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunningSync:
    """A sync holds the lock now; ``holder`` is None while it has not said who it is."""

    holder: LockHolder | None


class SyncLock:
    """The lock of one run; use as a context manager around it."""

    def __init__(
        self,
        store: StateStore,
        trigger: Trigger,
        *,
        lock: RunLock | None = None,
        exists: Callable[[int], bool] = process_exists,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._store = store
        self._lock = lock or run_lock_for(store.engine)
        self._exists = exists
        self._sleep = sleep
        self.me = LockHolder.this_process(trigger)
        self.token = uuid.uuid4().hex
        self._checking = threading.Lock()
        self._held = False
        self._lost = False

    def acquire(self) -> None:
        """Take the lock or raise SyncAlreadyRunningError naming the holder."""
        deadline = time.monotonic() + UNNAMED_HOLDER_WAIT_S
        while not self._lock.try_acquire():
            self._sleep(POLL_S)  # a holder that has just taken it is writing its row
            running = self._named_holder()
            if running is not None:
                raise SyncAlreadyRunningError(already_running_message(running), running)
            if time.monotonic() >= deadline:
                raise SyncAlreadyRunningError(already_running_message(None))
        try:
            holder_row.claim(self._store, self.token, self.me)
        except BaseException:
            self._lock.release()
            raise
        self._held = True

    def check(self) -> None:
        """Raise SyncLockLostError unless this run still holds the lock (thread-safe)."""
        with self._checking:
            if not self._lost and self._lock.still_held():
                return
            self._lost = True
        raise SyncLockLostError(
            _(
                "The sync lock was lost ({why}); the run stopped before sending anything more. "
                "The next run continues from here."
            ).format(why=_(self._lock.lost_reason))
        )

    def release(self) -> None:
        if not self._held:
            return
        self._held = False
        try:
            holder_row.clear(self._store, self.token)
        except StateStoreError as exc:
            log.warning("could not clear the sync lock's holder row: %s", exc)
        finally:
            self._lock.release()

    def __enter__(self) -> SyncLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()

    def _named_holder(self) -> LockHolder | None:
        """The recorded holder, unless it is unnamed or a process here that is gone."""
        recorded = holder_row.read(self._store)
        if recorded is None or recorded.gone(self._exists):
            return None
        return recorded


def running_sync(
    store: StateStore,
    lock: RunLock | None = None,
    exists: Callable[[int], bool] = process_exists,
) -> RunningSync | None:
    """Who runs a sync now (None: nobody), for ``status`` and the window."""
    lock = lock or run_lock_for(store.engine)
    if not lock.held_by_anyone():
        return None
    recorded = holder_row.read(store)
    if recorded is not None and recorded.gone(exists):
        return None  # its session ends as the server notices: nothing runs
    return RunningSync(recorded)


def already_running_message(holder: LockHolder | None) -> str:
    if holder is None:
        return _(
            "Another copy of the app holds the sync lock and has not said yet where it runs "
            "(it may be starting); try again when it finishes."
        )
    return _(
        "A sync is already running on {host} (process {pid}, {how}) since {since}; "
        "try again when it finishes."
    ).format(**holder_words(holder))


def running_now_text(running: RunningSync | None) -> str:
    """One line of ``anahp-sync status``."""
    if running is None:
        return _("Sync running now: none.")
    if running.holder is None:
        return _("Sync running now: yes, in a copy of the app that has not said yet where it runs.")
    return _("Sync running now: on {host} (process {pid}, {how}) since {since}.").format(
        **holder_words(running.holder)
    )


def holder_words(holder: LockHolder) -> dict[str, Any]:
    """The parts of a holder's description, translated (times in UTC)."""
    how = _how(holder.trigger)
    since = (
        holder.since.strftime("%Y-%m-%d %H:%M:%S") + " UTC"
        if holder.since
        else _("an unknown time")
    )
    return {
        "host": holder.host or _("an unknown computer"),
        "pid": holder.pid if holder.pid is not None else "?",
        "how": how,
        "since": since,
    }


def _how(trigger: Trigger | None) -> str:
    match trigger:
        case Trigger.CLI:
            return _("started from the command line")
        case Trigger.SCHEDULED:
            return _("started by the schedule")
        case Trigger.MANUAL:
            return _("started in the desktop app")
        case Trigger.RETRY:
            return _("sending waiting batches again")
        case Trigger.IMPORTED | None:  # no run is imported: an earlier version's holder
            return _("started by an earlier version")
        case _:
            assert_never(trigger)
