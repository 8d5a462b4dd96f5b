"""Two batches on their way at once, over real HTTP: the same guarantees as one at a time.

The fault matrix (tests/reliability) pins the exact order of attempts with a
window of one; here the default window of two meets every kind of fault, and
what must hold whatever the order holds: every valid record version at SINHA
exactly once, nothing lost, no content under two ``id_lote``, no attempt left
"running", never more than two requests at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select

from anahp_desktop.demo.emulator import Faults, SinhaEmulator
from anahp_desktop.domain.statuses import AttemptStatus, Trigger
from anahp_desktop.state.schema import operations_log
from anahp_desktop.sync.service import SyncService
from tests.helpers.fixtures import both_backends
from tests.helpers.outcomes import as_sinha, outcomes, sinha_versions
from tests.helpers.source_db import BASE_TIME, SourceDb, valid_row

pytestmark = both_backends

WINDOW = {"max_in_flight": 2}


def log_statuses(service: SyncService) -> list[str]:
    with service.store.reading() as conn:
        return list(conn.execute(select(operations_log.c.status)).scalars())


def test_two_batches_travel_at_once_and_each_is_delivered_once(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    rows = source_db.add_valid(60)  # 6 batches of 10
    emulator.set_faults(Faults(latency_ms=150))
    service = make_service(sync=WINDOW)
    summary = service.run(Trigger.CLI)
    assert summary.complete and (summary.delivered, summary.batches) == (60, 6)
    assert emulator.state.most_posts_at_once == 2
    versions = {(str(r["id"]), r["updated_at"]) for r in rows}
    assert outcomes(service.store).delivered == versions
    assert sorted(sinha_versions(emulator)) == sorted(as_sinha(versions))
    assert log_statuses(service) == [AttemptStatus.SUCCESS] * 6
    assert service.run(Trigger.CLI).batches == 0  # a second run sends nothing


FAULTS = {
    "5xx": Faults(error_rate=0.4, seed=3),
    "429": Faults(rate_429=0.4, retry_after_s=0, seed=4),
    "lost responses": Faults(lose_rate=0.3, seed=5),
    "resets mid-body": Faults(reset_rate=0.3, seed=6),
    "malformed 200": Faults(malformed_rate=0.3, seed=7),
    "slow beyond the timeout": Faults(slow_rate=0.3, slow_s=1.0, seed=8),
    "413 splits": Faults(max_records=3),
    "401 after a while": Faults(unauthorized_after=4),
}


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_every_fault_with_two_in_flight_loses_nothing_and_sends_nothing_twice(
    fault: str,
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
) -> None:
    good = source_db.add_valid(50)
    refused = valid_row("refused", BASE_TIME + timedelta(seconds=7, milliseconds=1), tipo_alta="98")
    source_db.insert([refused])  # valid here, refused by SINHA with a 422
    emulator.set_faults(FAULTS[fault])
    service = make_service(sinha={"read_timeout_s": 0.5}, sync=WINDOW, max_attempts=3)
    for run in range(12):
        if run == 6:
            emulator.set_faults(Faults())  # the operator fixed the password / SINHA recovered
        if service.run(Trigger.CLI).complete:
            break
    result = outcomes(service.store)
    valid = {(str(r["id"]), r["updated_at"]) for r in good}
    assert (result.delivered, result.pending) == (valid, set())
    assert result.rejected == {("refused", refused["updated_at"])}
    versions = sinha_versions(emulator)
    assert len(versions) == len(set(versions)), "a record version was accepted twice"
    assert set(versions) == as_sinha(valid)
    assert emulator.state.summary()["contents_under_two_ids"] == 0
    if fault != "slow beyond the timeout":  # there SINHA still works on requests the client gave up
        assert emulator.state.most_posts_at_once <= 2
    assert AttemptStatus.RUNNING not in log_statuses(service)
