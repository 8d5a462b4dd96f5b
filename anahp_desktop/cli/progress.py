"""A one-line progress bar for ``anahp-sync sync`` on a terminal.

Drawn on stderr, only when stderr is a terminal and ``--json`` is off, so
scripts and the Task Scheduler get clean output.
"""

from __future__ import annotations

import io
import sys
import time
from typing import TextIO

from anahp_desktop.domain.statuses import BatchStatus
from anahp_desktop.sync.events import (
    AttemptFailed,
    BatchFinished,
    BatchStarted,
    Notice,
    RunStarted,
    SyncEvent,
)
from anahp_desktop.translation import _

WIDTH = 24


class ProgressBar:
    """A sync listener that redraws one line."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None) -> None:
        self._stream = stream or sys.stderr or io.StringIO()  # no stderr at all: draw nowhere
        self.enabled = _is_terminal(self._stream) if enabled is None else enabled
        self._total = 0
        self._done = 0
        self._records = 0
        self._started = time.monotonic()
        self._drawn = False

    def __call__(self, event: SyncEvent) -> None:
        if isinstance(event, Notice):
            self._print(event.message)
        if not self.enabled:
            return
        if isinstance(event, RunStarted):
            self._total = event.estimated_batches
            self._started = time.monotonic()
        elif isinstance(event, BatchStarted):
            self._total = max(self._total, event.estimated_total)
        elif isinstance(event, BatchFinished):
            self._done += 1
            if event.status == BatchStatus.DELIVERED:
                self._records += event.records
        elif isinstance(event, AttemptFailed) and event.retry_in_s is not None:
            self._print(
                _("Batch {id}: {message} Retrying in {seconds:.0f} s.").format(
                    id=event.id_lote, message=event.message, seconds=event.retry_in_s
                )
            )
        self._draw()

    def finish(self) -> None:
        if self.enabled and self._drawn:
            self._stream.write("\n")
            self._stream.flush()
            self._drawn = False

    def _draw(self) -> None:
        total = max(self._total, self._done, 1)
        filled = int(WIDTH * self._done / total)
        elapsed = max(time.monotonic() - self._started, 1e-6)
        line = _("Batches {done}/{total} [{bar}] {records} records sent, {rate:.0f}/s").format(
            done=self._done,
            total=total,
            bar="#" * filled + "." * (WIDTH - filled),
            records=self._records,
            rate=self._records / elapsed,
        )
        try:
            self._stream.write("\r" + line.ljust(78))
            self._stream.flush()
        except (OSError, ValueError):
            self.enabled = False
            return
        self._drawn = True

    def _print(self, message: str) -> None:
        try:
            if self._drawn:
                self._stream.write("\r" + " " * 78 + "\r")
            self._stream.write(message + "\n")
            self._stream.flush()
        except (OSError, ValueError):
            return  # a broken stderr must not end the run; the notice is in the summary
        if self._drawn:
            self._draw()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError):
        return False
