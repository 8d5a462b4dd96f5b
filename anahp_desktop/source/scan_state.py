"""Where a read of the view stands: plain values passed between reader, cursor and run.

Kept apart from the SQL so the state store, the runner and the desktop app
can use them without knowing how a dialect compares timestamps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Position:
    """Where a keyset scan continues: strictly after ``(updated_at, id)``.

    ``exact`` is SQL Server's own text of ``updated_at`` at 100 ns
    (``2026-10-01 08:00:00.1234567``): Python keeps microseconds and pyodbc
    truncates, so only this text continues a scan exactly. ``version`` is the
    row's ``rowversion`` when the rowversion cursor is used. Both are filled by
    the reader; a Position built from a row by hand still works, one microsecond
    at a time (see ``ViewSql.after``).
    """

    updated_at: datetime
    id: int | str
    exact: str | None = field(default=None, compare=False)
    version: bytes | None = None


@dataclass(frozen=True)
class ScanStart:
    """Where a run starts reading: ``updated_at >= lower``, ``rowversion > after_version``,
    or the Change Tracking changes after version ``after_change`` (None: read everything).

    Whatever the cursor, versions stamped at or before ``floor`` are never read:
    the service this app replaced delivered them (see :mod:`anahp_desktop.migration`),
    and the lookback window must not send them a second time.
    """

    lower: datetime | None = None
    after_version: bytes | None = None
    floor: datetime | None = None
    after_change: int | None = None


@dataclass(frozen=True)
class ScanBound:
    """Read from the database once, before any row of the run.

    ``now_utc`` is SQL Server's clock (``SYSUTCDATETIME()``), which caps the
    watermark instead of this machine's clock; ``upper_version`` is
    ``MIN_ACTIVE_ROWVERSION()``: every row below it had committed when it was read.
    """

    now_utc: datetime | None = None
    upper_version: bytes | None = None
    #: Change Tracking: CHANGE_TRACKING_CURRENT_VERSION() and the oldest version still kept
    change_version: int | None = None
    min_valid_version: int | None = None


@dataclass
class ScanEnd:
    """What a scan has read so far; complete once its last page came back short."""

    rows: int = 0
    last: Position | None = None
    max_updated_at: datetime | None = None
    complete: bool = False
    #: Change Tracking: the version this scan read up to (the next watermark)
    change_version: int | None = None

    def saw(self, last: Position, rows: int = 1, latest: datetime | None = None) -> None:
        """``rows`` more rows read, ending at ``last``; ``latest``: their greatest updated_at."""
        self.rows += rows
        self.last = last
        latest = latest or last.updated_at
        if self.max_updated_at is None or latest > self.max_updated_at:
            self.max_updated_at = latest


def version_text(version: bytes) -> str:
    """A rowversion as stored in ``sinha_watermark.cursor_value``."""
    return "0x" + version.hex().upper()


def version_bytes(text: str) -> bytes:
    digits = text[2:] if text[:2].lower() == "0x" else text
    value = bytes.fromhex(digits)
    if len(value) != 8:
        raise ValueError(f"not a rowversion: {text!r}")
    return value


def version_before(version: bytes) -> bytes | None:
    """The rowversion just below ``version`` (None below the first one)."""
    number = int.from_bytes(version, "big")
    return (number - 1).to_bytes(8, "big") if number > 0 else None
