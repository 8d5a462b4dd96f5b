"""Plain data passed between the sync engine and the state store.

Frozen dataclasses rather than ORM objects, so they can cross threads (and
Qt signals) safely.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from anahp_desktop.domain.categories import ErrorCategory
from anahp_desktop.domain.statuses import AttemptStatus, BatchStatus, RejectionOrigin
from anahp_desktop.domain.values import RecordKey


@dataclass(frozen=True)
class PreparedBatch:
    """A batch ready to be written as an intent and then sent."""

    id_lote: str
    cnes: str
    keys: tuple[RecordKey, ...]
    payload: str
    parent_id_lote: str | None = None

    @property
    def record_count(self) -> int:
        return len(self.keys)

    @property
    def min_updated_at(self) -> datetime:
        return min(key.updated_at for key in self.keys)

    @property
    def max_updated_at(self) -> datetime:
        return max(key.updated_at for key in self.keys)


@dataclass(frozen=True)
class RejectedRecord:
    """A record version that is not sent, and every reason why."""

    key: RecordKey
    cnes: str | None
    reasons: tuple[tuple[str, str], ...]  # (code or server message, field)
    origin: RejectionOrigin
    id_lote: str | None = None

    def reasons_json(self) -> str:
        return json.dumps([list(reason) for reason in self.reasons], ensure_ascii=False)[:2000]


@dataclass(frozen=True)
class OpenBatch:
    """A stored batch intent as the sender needs it."""

    id_lote: str
    cnes: str
    status: BatchStatus
    payload: str | None
    record_count: int
    attempts: int
    min_updated_at: datetime


@dataclass(frozen=True)
class AttemptOutcome:
    """What one attempt ended with, for its operations_log row."""

    status: AttemptStatus
    http_status: int | None = None
    error_category: ErrorCategory | None = None
    error_message: str | None = None
    response_body: str | None = None
    records_rejected: int = 0
