"""Where the next run starts reading the view: one answer for the run, ``status`` and the preview.

The next run first sends again the batches earlier runs stored but did not
deliver, then reads the view from the configured cursor's start (the
watermark minus the lookback, the last ``rowversion`` read, or the last Change
Tracking version), above the migration floor. The run reads from
:attr:`NextRunPlan.start`, ``status`` counts from it (:meth:`NextRunPlan.unread`)
and the pending view pages from it (:class:`anahp_desktop.sync.pending.PendingPreview`),
so the three cannot disagree: with the rowversion cursor a late commit stamped
before the watermark is sent by the next run, counted by ``status`` and listed
by the pending view alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from anahp_desktop.domain.values import CursorState
from anahp_desktop.source.cursor import run_start
from anahp_desktop.source.scan_state import ScanStart
from anahp_desktop.source.view_reader import ViewReader
from anahp_desktop.state.handled import handled_since
from anahp_desktop.state.store import StateStore


@dataclass(frozen=True)
class NextRunPlan:
    """The cursor state the next run starts from, and where that puts its first read."""

    state: CursorState | None
    start: ScanStart

    @classmethod
    def read(
        cls, store: StateStore, reader: ViewReader, view: str, lookback_minutes: int
    ) -> NextRunPlan:
        state = store.get_cursor_state(view)
        return cls(state, run_start(reader.cursor, state, timedelta(minutes=lookback_minutes)))

    @property
    def incremental(self) -> bool:
        """The read starts after a version (rowversion, Change Tracking), not at a time."""
        return self.start.after_version is not None or self.start.after_change is not None

    def unread(self, store: StateStore, reader: ViewReader) -> int:
        """Records of the view from the start on that no batch holds and no rejection names.

        A time-based start re-reads the lookback window, whose rows are mostly
        handled already: those are taken off. A version-based start reads only rows
        changed since, none of them handled yet.
        """
        handled = 0 if self.incremental else handled_since(store, self.start.lower)
        return max(0, reader.count(self.start) - handled)
