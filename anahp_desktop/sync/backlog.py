"""How many records are left to send: the one count ``status`` and a run's summary share.

Left to send = records in stored batches still open + records of the view the
next full run reads that are neither in a live batch nor rejected. A run that
stops early (a batch failed, SINHA went away) has stored only the batches it
reached; counting those alone said "1,000 pending" where ``status`` said 19,000.
"""

from __future__ import annotations

from anahp_desktop.source.view_reader import ViewReader
from anahp_desktop.state.store import StateStore
from anahp_desktop.sync.next_run import NextRunPlan


def unread_records(store: StateStore, reader: ViewReader, view: str, lookback_minutes: int) -> int:
    """Records of the view the next run reads that no batch holds and no rejection names."""
    return NextRunPlan.read(store, reader, view, lookback_minutes).unread(store, reader)
