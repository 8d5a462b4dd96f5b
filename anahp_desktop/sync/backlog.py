"""How many records are left to send: the one count ``status`` and a run's summary share.

Left to send = records in stored batches still open + records of the view the
next full run reads that are neither in a live batch nor rejected. A run that
stops early (a batch failed, SINHA went away) has stored only the batches it
reached; counting those alone said "1,000 pending" where ``status`` said 19,000.
"""

from __future__ import annotations

from datetime import timedelta

from anahp_desktop.source.cursor import run_start
from anahp_desktop.source.view_reader import ViewReader
from anahp_desktop.state import queries
from anahp_desktop.state.store import StateStore


def unread_records(store: StateStore, reader: ViewReader, view: str, lookback_minutes: int) -> int:
    """Records of the view from the cursor on that no batch holds and no rejection names."""
    state = store.get_cursor_state(view)
    start = run_start(reader.cursor, state, timedelta(minutes=lookback_minutes))
    incremental = start.after_version is not None or start.after_change is not None
    handled = 0 if incremental else queries.handled_since(store, start.lower)
    return max(0, reader.count(start) - handled)
