"""The time, as the app keeps and shows it.

Three clocks meet in a sync: the state store keeps naive UTC (every
database compares it the same way), the view's ``updated_at`` values are
naive local times of the hospital's zone (``source.timezone``), and JSON,
batch bodies and alerts say UTC with a ``Z``. These helpers do each
conversion once; the clock itself is injected (:class:`Clock`), so tests
and the benchmark move time instead of waiting for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Literal

Timespec = Literal["auto", "seconds", "milliseconds", "microseconds"]


def utc_now() -> datetime:
    """Now, naive UTC: how the state store keeps every app timestamp."""
    return datetime.now(UTC).replace(tzinfo=None)


def aware_utc_now() -> datetime:
    """Now, UTC with its zone (schedules compare it with the computer's local time)."""
    return datetime.now(UTC)


def to_source_local(moment_utc: datetime, zone: tzinfo) -> datetime:
    """A naive UTC moment as the view's timestamps are written (naive, in ``zone``)."""
    return moment_utc.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)


def utc_text(moment: datetime, timespec: Timespec = "auto") -> str:
    """ISO 8601 with ``Z``: ``2026-10-01T11:00:00Z``. Naive values are taken as UTC."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec=timespec) + "Z"


def optional_utc_text(moment: datetime | None, timespec: Timespec = "auto") -> str | None:
    return None if moment is None else utc_text(moment, timespec)


@dataclass(frozen=True)
class Clock:
    """An injectable clock: called, it returns naive UTC like :func:`utc_now`."""

    now: Callable[[], datetime] = utc_now

    def __call__(self) -> datetime:
        return self.now()

    def source_now(self, zone: tzinfo) -> datetime:
        """Now as the view's ``updated_at`` values are written (naive, in ``zone``)."""
        return to_source_local(self.now(), zone)

    def stamp(self) -> str:
        """Now as a batch body's ``gerado_em``: UTC to the second, with ``Z``."""
        return utc_text(self.now(), "seconds")
