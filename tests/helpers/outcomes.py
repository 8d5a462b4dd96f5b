"""Reading back what a run did: record versions by outcome and the attempts it logged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.statuses import OPEN_BATCHES, BatchStatus
from anahp_desktop.state.schema import batch_records, batches, operations_log, rejections
from anahp_desktop.state.store import StateStore

Version = tuple[str, datetime]


@dataclass(frozen=True)
class Outcomes:
    delivered: set[Version]
    pending: set[Version]
    rejected: set[Version]


def outcomes(store: StateStore) -> Outcomes:
    query = select(batch_records.c.record_id, batch_records.c.updated_at, batches.c.status).join(
        batches, batches.c.id_lote == batch_records.c.id_lote
    )
    delivered: set[Version] = set()
    pending: set[Version] = set()
    with store.reading() as conn:
        for record_id, updated_at, status in conn.execute(query):
            if status == BatchStatus.DELIVERED:
                delivered.add((record_id, updated_at))
            elif status in OPEN_BATCHES:
                pending.add((record_id, updated_at))
        rejected = {
            (r, u) for r, u in conn.execute(select(rejections.c.record_id, rejections.c.updated_at))
        }
    return Outcomes(delivered, pending, rejected)


@dataclass(frozen=True)
class Attempt:
    batch: int  # order in which the batch was first attempted, from 1
    attempt: int
    status: str
    http_status: int | None
    category: str | None


def attempts(store: StateStore) -> list[Attempt]:
    """Every operations_log row, oldest first, batches numbered by first appearance."""
    query = select(
        operations_log.c.id_lote,
        operations_log.c.attempt,
        operations_log.c.status,
        operations_log.c.http_status,
        operations_log.c.error_category,
    ).order_by(operations_log.c.id)
    numbers: dict[str, int] = {}
    rows = []
    with store.reading() as conn:
        for id_lote, attempt, status, http, category in conn.execute(query):
            number = numbers.setdefault(id_lote, len(numbers) + 1)
            rows.append(Attempt(number, attempt, status, http, category))
    return rows


def sinha_versions(emulator: SinhaEmulator) -> list[tuple[str, str]]:
    """Every record version SINHA accepted, with repetitions if any was accepted twice."""
    return list(emulator.state.versions.elements())


def as_sinha(versions: set[Version], offset: str = "-03:00") -> set[tuple[str, str]]:
    return {(record_id, updated_at.isoformat() + offset) for record_id, updated_at in versions}
