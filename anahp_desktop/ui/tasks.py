"""Run short blocking calls (queries, connection tests, keyring) off the GUI thread.

``TaskRunner.submit(fn, on_done, on_error)`` runs ``fn`` on a thread pool and
delivers its result or exception back on the GUI thread through a queued
signal. Widgets never call the database, the network or the keyring directly.

There is one QObject for all tasks (the runner itself, which lives on the GUI
thread and outlives its pool): a QObject per task, dropped by Python while a
pool thread or a queued event still pointed at it, crashed the app now and
then.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

OnDone = Callable[[Any], None] | None
OnError = Callable[[Exception], None] | None


class TaskRunner(QObject):
    """A small pool for the app's background calls.

    Signals:
        busy_changed(bool): some task is running / none is.
    """

    busy_changed = Signal(bool)
    _task_finished = Signal(object, bool, object)  # task id, succeeded, result or exception

    def __init__(self, parent: QObject | None = None, threads: int = 3) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._callbacks: dict[int, tuple[OnDone, OnError]] = {}
        self._ids = itertools.count()
        # emitted on pool threads, received here on the GUI thread: a queued connection
        self._task_finished.connect(self._deliver)

    def submit(
        self, fn: Callable[[], Any], on_done: OnDone = None, on_error: OnError = None
    ) -> None:
        task_id = next(self._ids)
        self._callbacks[task_id] = (on_done, on_error)
        if len(self._callbacks) == 1:
            self.busy_changed.emit(True)
        self._pool.start(lambda: self._run(task_id, fn))

    @property
    def pending(self) -> int:
        return len(self._callbacks)

    def wait(self, msecs: int = 10_000) -> bool:
        """Wait for running tasks (at quit); True when all finished."""
        return bool(self._pool.waitForDone(msecs))

    def _run(self, task_id: int, fn: Callable[[], Any]) -> None:
        """On a pool thread."""
        try:
            result = fn()
        except Exception as exc:  # delivered to the caller, who shows the message
            if not _expected(exc):
                log.exception("background task failed")
            self._task_finished.emit(task_id, False, exc)
        else:
            self._task_finished.emit(task_id, True, result)

    @Slot(object, bool, object)
    def _deliver(self, task_id: int, succeeded: bool, value: object) -> None:
        on_done, on_error = self._callbacks.pop(task_id, (None, None))
        if not self._callbacks:
            self.busy_changed.emit(False)
        if succeeded:
            if on_done is not None:
                on_done(value)
        elif on_error is not None and isinstance(value, Exception):
            on_error(value)


def _expected(exc: Exception) -> bool:
    from anahp_desktop.errors import AnahpError

    return isinstance(exc, AnahpError)
