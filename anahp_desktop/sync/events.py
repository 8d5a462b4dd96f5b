"""What a sync run tells the outside world while it works.

The engine calls one listener with these frozen objects; the CLI draws a
progress bar from them and the desktop app turns them into Qt signals. They
are plain data so they can cross threads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from anahp_desktop.domain.categories import ErrorCategory
from anahp_desktop.domain.clock import utc_text
from anahp_desktop.domain.statuses import BatchStatus, RunStatus, Trigger


@dataclass(frozen=True)
class SyncEvent:
    pass


@dataclass(frozen=True)
class RunStarted(SyncEvent):
    run_id: str
    trigger: Trigger
    estimated_records: int
    estimated_batches: int


@dataclass(frozen=True)
class BatchStarted(SyncEvent):
    number: int  # 1-based, in this run
    estimated_total: int
    id_lote: str
    records: int


@dataclass(frozen=True)
class AttemptFailed(SyncEvent):
    id_lote: str
    attempt: int
    message: str
    retry_in_s: float | None  # None: no retry


@dataclass(frozen=True)
class BatchFinished(SyncEvent):
    number: int
    id_lote: str
    status: BatchStatus
    records: int
    rejected: int = 0
    message: str | None = None


@dataclass(frozen=True)
class RecordsRejected(SyncEvent):
    count: int


@dataclass(frozen=True)
class Notice(SyncEvent):
    """A warning the operator should see (insecure transport, future timestamps, ...)."""

    message: str


@dataclass(frozen=True)
class RunSummary:
    """The result of one run; also what ``anahp-sync sync --json`` prints."""

    run_id: str
    trigger: Trigger
    status: RunStatus
    started_at: datetime
    finished_at: datetime
    delivered: int = 0
    rejected: int = 0
    pending: int = 0  # left to send: in stored batches, and unread in the view when counted
    unread: int | None = 0  # of those, not read from the view yet; None: it could not be counted
    batches: int = 0
    failures: int = 0
    null_updated_at: int = 0
    future_rows: int = 0
    duplicates: int = 0
    unusable_rows: int = 0
    message: str | None = None
    error_category: ErrorCategory | None = None
    notices: tuple[str, ...] = field(default_factory=tuple)

    @property
    def complete(self) -> bool:
        """Every pending record was delivered or rejected as invalid."""
        return self.pending == 0 and self.failures == 0 and self.status is RunStatus.SUCCESS

    def as_dict(self) -> dict[str, object]:
        return {
            "run_id": self.run_id,
            "trigger": self.trigger,
            "status": self.status,
            "started_at": utc_text(self.started_at),
            "finished_at": utc_text(self.finished_at),
            "delivered": self.delivered,
            "rejected": self.rejected,
            "pending": self.pending,
            "unread": self.unread,
            "batches": self.batches,
            "failures": self.failures,
            "null_updated_at": self.null_updated_at,
            "future_rows": self.future_rows,
            "duplicates": self.duplicates,
            "unusable_rows": self.unusable_rows,
            "message": self.message,
            "error_category": self.error_category,
            "notices": list(self.notices),
        }


@dataclass(frozen=True)
class RunFinished(SyncEvent):
    summary: RunSummary


Listener = Callable[[SyncEvent], None]


def ignore(_event: SyncEvent) -> None:
    """The listener of a run nobody watches."""
