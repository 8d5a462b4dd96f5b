"""What the batch details window shows, read in one go on a worker thread (no Qt here)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from anahp_desktop.domain.statuses import OPEN_BATCHES, BatchStatus
from anahp_desktop.domain.values import RecordKey
from anahp_desktop.source.contract import SourceRow
from anahp_desktop.state import queries
from anahp_desktop.state.queries import AttemptRow, BatchDetail
from anahp_desktop.sync.service import SyncService
from anahp_desktop.transform.reasons import describe


@dataclass(frozen=True)
class BatchData:
    id_lote: str
    detail: BatchDetail | None
    attempts: tuple[AttemptRow, ...]
    rejections: tuple[tuple[str, datetime, tuple[str, ...]], ...]  # id, version, sentences
    keys: tuple[RecordKey, ...]

    @property
    def retryable(self) -> bool:
        return self.detail is not None and self.detail.status in OPEN_BATCHES

    @property
    def children(self) -> tuple[tuple[str, BatchStatus], ...]:
        """Batches that replaced this one (413 split, 422 partial rejection)."""
        return self.detail.children if self.detail is not None else ()

    @property
    def response_body(self) -> str | None:
        if self.detail is not None and self.detail.last_response_body:
            return self.detail.last_response_body
        for attempt in reversed(self.attempts):
            if attempt.response_body:
                return attempt.response_body
        return None


def load_batch(service: SyncService, id_lote: str) -> BatchData:
    store = service.store
    rejected = tuple(
        (record_id, updated_at, tuple(_sentence(reason) for reason in reasons))
        for record_id, updated_at, reasons in queries.batch_rejections(store, id_lote)
    )
    return BatchData(
        id_lote=id_lote,
        detail=queries.batch_detail(store, id_lote),
        attempts=tuple(queries.batch_attempts(store, id_lote)),
        rejections=rejected,
        keys=tuple(store.batch_keys(id_lote)),
    )


def load_source_rows(service: SyncService, keys: tuple[RecordKey, ...]) -> list[SourceRow]:
    """The records as the view shows them now (shown on this computer only)."""
    rows = service.reader().fetch_by_ids([key.record_id for key in keys])
    order = {key.record_id: i for i, key in enumerate(keys)}
    return sorted(rows, key=lambda row: order.get(str(row.id), len(order)))


def pretty_json(text: str | None) -> str:
    if not text:
        return ""
    try:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    except (ValueError, TypeError):
        return text


def _sentence(reason: list[str] | str) -> str:
    if isinstance(reason, list) and reason:
        code = reason[0]
        field = reason[1] if len(reason) > 1 else ""
        text = describe(code, field)
        if text == code and field:  # a server message, not one of our codes
            return f"{field}: {code}"
        return text
    return str(reason)
