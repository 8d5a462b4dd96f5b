"""Run short blocking calls (queries, connection tests, keyring) off the GUI thread.

``TaskRunner.submit(fn, on_done, on_error)`` runs ``fn`` on a thread pool and
delivers its result or exception back on the GUI thread through a queued
signal. Widgets never call the database, the network or the keyring directly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the GUI thread and is emitted from the pool thread, so delivery is queued.

    The slots are methods of this QObject (not lambdas) so Qt delivers them on
    the thread the relay lives in, whatever thread emitted.
    """

    done = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        finish: Callable[[_Relay], None],
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[Exception], None] | None,
    ) -> None:
        super().__init__()
        self._finish = finish
        self._on_done = on_done
        self._on_error = on_error
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_failed)

    @Slot(object)
    def _deliver_done(self, value: object) -> None:
        self._finish(self)
        if self._on_done is not None:
            self._on_done(value)

    @Slot(object)
    def _deliver_failed(self, exc: object) -> None:
        self._finish(self)
        if self._on_error is not None and isinstance(exc, Exception):
            self._on_error(exc)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # delivered to the caller, who shows the message
            if not _expected(exc):
                log.exception("background task failed")
            self._relay.failed.emit(exc)
        else:
            self._relay.done.emit(result)


class TaskRunner(QObject):
    """A small pool for the app's background calls.

    Signals:
        busy_changed(bool): some task is running / none is.
    """

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, threads: int = 3) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._relays: set[_Relay] = set()

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        relay = _Relay(self._finish, on_done, on_error)
        self._relays.add(relay)
        if len(self._relays) == 1:
            self.busy_changed.emit(True)
        self._pool.start(_Task(fn, relay))

    @property
    def pending(self) -> int:
        return len(self._relays)

    def wait(self, msecs: int = 10_000) -> bool:
        """Wait for running tasks (at quit); True when all finished."""
        return bool(self._pool.waitForDone(msecs))

    def _finish(self, relay: _Relay) -> None:
        self._relays.discard(relay)
        relay.deleteLater()
        if not self._relays:
            self.busy_changed.emit(False)


def _expected(exc: Exception) -> bool:
    from anahp_desktop.errors import AnahpError

    return isinstance(exc, AnahpError)
