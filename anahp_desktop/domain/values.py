"""Value types the reader, the validator, the sender and the state store all pass around.

They live below their users: the state store keeps record keys and the
cursor's state without knowing how the view is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple


class RecordKey(NamedTuple):
    """A record version: the unit that is delivered exactly once."""

    record_id: str
    updated_at: datetime


@dataclass(frozen=True)
class CursorState:
    """What ``sinha_watermark`` holds for one view.

    ``updated_at`` is never rounded up from what the view holds (it is the
    exact value cut to microseconds); ``cursor_value`` is the last
    ``rowversion`` read (``0x`` and 16 hex digits) for the rowversion cursor,
    or the last Change Tracking version read. ``floor`` is set once, by
    ``migrate-from-service``: the previous service's last successful sync. It
    is kept in a row of its own and never moves.
    """

    updated_at: datetime | None = None
    record_id: str | None = None
    cursor_value: str | None = None
    floor: datetime | None = None
