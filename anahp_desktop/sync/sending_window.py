"""How many batches are on their way to SINHA at once.

A request to SINHA spends most of its time waiting: for the network and for
the server to store the batch. One batch at a time, a run can never be faster
than (requests x round trip), whatever the engine does in between. With a
window of two, the next batch's request travels while the previous one waits
for its answer.

Nothing about a single batch changes: each is still written as an intent
before it is handed over, logged as "running" and marked possibly sent before
its request, looked up before it is sent again, and closed with its answer
in one transaction -- by exactly one sender thread at a time, so a batch is
never posted twice at once. What changes is only that SINHA may receive two
batches in the other order (record versions carry ``atualizado_em``; the
contract asks nothing of the order, and a failed batch retried later was
always delivered after the ones behind it). A window of 1 sends on the
caller's thread, exactly as before.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Generic, TypeVar

from anahp_desktop.errors import SyncCancelledError
from anahp_desktop.sync.events import Listener, SyncEvent
from anahp_desktop.translation import _

#: how often a wait for a sender looks at the cancel event (Windows runs a signal handler
#: only when the main thread is back in Python, never during a wait without a timeout)
POLL_S = 0.2

#: what a send is given to name its batch (an id, or the batch just stored)
Batch = TypeVar("Batch")


class SendingWindow(Generic[Batch]):
    """Sends batches with at most ``size`` in flight.

    The first error of any send stops the window: :meth:`submit` and
    :meth:`finish` raise it, and :meth:`close` waits for the batches still in
    flight (a request is never abandoned half-way). What each batch did is
    counted by the sender itself, as it happens: a batch that stops the run
    returns nothing, yet it was sent and failed.
    """

    def __init__(
        self,
        send: Callable[[Batch, int], None],
        size: int,
        cancel: threading.Event | None = None,
    ) -> None:
        self._send = send
        self._cancel = cancel or threading.Event()
        self._size = max(1, size)
        self._pool = (
            ThreadPoolExecutor(self._size, thread_name_prefix="sync-send")
            if self._size > 1
            else None
        )
        self._running: set[Future[None]] = set()
        self._error: BaseException | None = None

    def submit(self, batch: Batch, estimate: int) -> None:
        """Send one batch, or start sending it once fewer than ``size`` are in flight."""
        self._raise_error()
        if self._pool is None:
            self._send(batch, estimate)
            return
        while len(self._running) >= self._size:
            self._collect(wait(self._running, POLL_S, return_when=FIRST_COMPLETED).done)
            self._raise_error()
            if self._cancel.is_set():
                raise SyncCancelledError(_("Sync cancelled by the operator."))
        self._running.add(self._pool.submit(self._send, batch, estimate))

    def finish(self) -> None:
        """Wait for every batch in flight; raises the first error of any of them."""
        self._wait_all()
        self._raise_error()

    def close(self) -> None:
        """Wait for the batches in flight and stop the threads; never raises."""
        self._wait_all()
        if self._pool is not None:
            self._pool.shutdown(wait=True)

    def _wait_all(self) -> None:
        while self._running:  # in short waits: a signal handler must get its turn
            self._collect(wait(self._running, POLL_S).done)

    def _collect(self, done: set[Future[None]]) -> None:
        for future in done:
            self._running.discard(future)
            try:
                future.result()
            except BaseException as exc:  # handed to the run by _raise_error
                if self._error is None:
                    self._error = exc

    def _raise_error(self) -> None:
        error = self._error
        if error is not None:
            self._error = None
            raise error


def one_at_a_time(listener: Listener) -> Listener:
    """The listener, called by one thread at a time (senders report from their own threads)."""
    lock = threading.Lock()

    def serialized(event: SyncEvent) -> None:
        with lock:
            listener(event)

    return serialized
