"""``handled_since``: the count every run's summary asks for at its end, without walking the store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, func, insert, select

from anahp_desktop.domain.statuses import HOLDING_RECORDS, BatchStatus
from anahp_desktop.state import queries
from anahp_desktop.state.schema import batch_records, batches, metadata, rejections
from anahp_desktop.state.store import StateStore

NOW = datetime(2026, 10, 1, 8, 0, 0)
WINDOW = NOW - timedelta(minutes=10)  # a run's lower bound: the lookback window


class StepCounter:
    """SQLite's virtual machine steps on the engine's connections: work that does not
    depend on the machine's load."""

    def __init__(self, engine: Engine) -> None:
        self.steps = 0
        event.listen(engine, "checkout", self._checked_out)

    def _checked_out(self, dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        dbapi_connection.set_progress_handler(self._step, 1)

    def _step(self) -> int:
        self.steps += 1
        return 0


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_engine(f"sqlite:///{tmp_path / 'state.sqlite'}")
    metadata.create_all(engine)
    yield engine
    engine.dispose()


def add_batch(
    engine: Engine, id_lote: str, status: BatchStatus, keys: list[tuple[str, datetime]]
) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(batches).values(
                id_lote=id_lote,
                cnes="1234567",
                status=status,
                record_count=len(keys),
                min_updated_at=min(at for _, at in keys),
                max_updated_at=max(at for _, at in keys),
                created_at=NOW,
                updated_at=NOW,
                created_run_id="run",
                attempts=1,
            )
        )
        conn.execute(
            insert(batch_records),
            [
                {"id_lote": id_lote, "position": position, "record_id": record, "updated_at": at}
                for position, (record, at) in enumerate(keys)
            ],
        )


def reject(engine: Engine, record: str, at: datetime) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(rejections).values(
                record_id=record,
                updated_at=at,
                origin="local",
                reasons="[]",
                run_id="run",
                rejected_at=NOW,
            )
        )


def joined_count(engine: Engine, lower: datetime | None) -> int:
    """The definition: keys in a batch whose status holds its records, plus rejections."""
    keys = (
        select(func.count())
        .select_from(batch_records.join(batches, batches.c.id_lote == batch_records.c.id_lote))
        .where(batches.c.status.in_(HOLDING_RECORDS))
    )
    rejected = select(func.count()).select_from(rejections)
    if lower is not None:
        keys = keys.where(batch_records.c.updated_at >= lower)
        rejected = rejected.where(rejections.c.updated_at >= lower)
    with engine.connect() as conn:
        return int(conn.execute(keys).scalar_one()) + int(conn.execute(rejected).scalar_one())


def at(minutes_ago: int) -> datetime:
    return NOW - timedelta(minutes=minutes_ago)


def test_it_counts_the_keys_of_batches_holding_them_and_the_rejections(engine: Engine) -> None:
    add_batch(engine, "delivered", BatchStatus.DELIVERED, [("1", at(30)), ("2", at(5))])
    add_batch(engine, "pending", BatchStatus.PENDING, [("3", at(4)), ("4", at(3))])
    add_batch(engine, "failed", BatchStatus.FAILED, [("5", at(2))])
    # a 422: the batch gave its keys away to one without the bad record
    add_batch(engine, "superseded", BatchStatus.SUPERSEDED, [("6", at(20)), ("7", at(2))])
    add_batch(engine, "without-7", BatchStatus.DELIVERED, [("6", at(20))])
    reject(engine, "7", at(2))
    # a 413: the batch gave its keys to two halves
    add_batch(engine, "split", BatchStatus.SPLIT, [("8", at(1)), ("9", at(1))])
    add_batch(engine, "half-1", BatchStatus.UNCONFIRMED, [("8", at(1))])
    add_batch(engine, "half-2", BatchStatus.CONFLICT, [("9", at(1))])
    add_batch(engine, "sending", BatchStatus.SENDING, [("10", at(0))])
    store = StateStore(engine, clock=lambda: NOW)
    assert set(queries.GAVE_RECORDS_AWAY) | set(HOLDING_RECORDS) == set(BatchStatus)
    for lower in (None, at(60), at(25), WINDOW, at(2), at(1), NOW, NOW + timedelta(1)):
        assert queries.handled_since(store, lower) == joined_count(engine, lower), lower
    assert queries.handled_since(store, None) == 10
    assert queries.handled_since(store, WINDOW) == 8


def test_its_cost_does_not_grow_with_the_records_delivered_before_the_window(
    engine: Engine,
) -> None:
    """It walked every delivered batch's keys: ~25 ms at 100,000 records, at every run."""
    counter = StepCounter(engine)
    store = StateStore(engine, clock=lambda: NOW)
    add_batch(engine, "recent", BatchStatus.DELIVERED, [("r1", at(3)), ("r2", at(2))])
    queries.handled_since(store, WINDOW)
    counter.steps = 0
    assert queries.handled_since(store, WINDOW) == 2
    small = counter.steps

    for batch in range(40):  # 2,000 keys delivered long ago
        keys = [(f"{batch}-{n}", NOW - timedelta(days=1, minutes=batch)) for n in range(50)]
        add_batch(engine, f"old-{batch}", BatchStatus.DELIVERED, keys)
    counter.steps = 0
    assert queries.handled_since(store, WINDOW) == 2
    # as it was: ~5 steps for each of the 2,000 keys
    assert counter.steps < small + 200, (small, counter.steps)
