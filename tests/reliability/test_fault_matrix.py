"""The fault matrix: every failure SINHA or the network can produce, over real HTTP.

Each case syncs 30 records (3 batches of 10) through the emulator with one fault
injected, then asserts the exact sets of delivered, rejected and pending record
versions, what SINHA holds, and every row written to ``operations_log``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

import pytest

from anahp_desktop.demo.emulator import Faults, SinhaEmulator
from anahp_desktop.domain.statuses import AttemptStatus as A
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.sinha.retry_policy import RetryPolicy
from anahp_desktop.sync.service import SyncService
from tests.helpers.fixtures import both_backends, memory_secrets
from tests.helpers.outcomes import (
    Attempt,
    Version,
    as_sinha,
    attempts,
    outcomes,
    sinha_versions,
)
from tests.helpers.source_db import SourceDb

pytestmark = both_backends

RECORDS = 30


@pytest.fixture
def records(source_db: SourceDb) -> set[Version]:
    rows = source_db.add_valid(RECORDS)
    return {(str(r["id"]), r["updated_at"]) for r in rows}


def batch_versions(records: set[Version], *numbers: int) -> set[Version]:
    """Versions of the given batches (1-based; batches hold 10 consecutive ids)."""
    return {(i, u) for i, u in records if (int(i) - 1) // 10 + 1 in numbers}


def ok(batch: int, attempt: int = 1, http: int = 201) -> Attempt:
    return Attempt(batch, attempt, A.SUCCESS, http, None)


def assert_exactly_once(emulator: SinhaEmulator) -> None:
    versions = sinha_versions(emulator)
    assert len(versions) == len(set(versions)), "a record version was accepted twice"
    assert emulator.state.summary()["contents_under_two_ids"] == 0


def test_5xx_burst_is_retried_until_it_passes(
    records: set[Version],
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
) -> None:
    emulator.script = ["500", "502", "503", "504"]
    service = make_service()
    summary = service.run(Trigger.CLI)
    result = outcomes(service.store)
    assert (result.delivered, result.pending, result.rejected) == (records, set(), set())
    assert set(sinha_versions(emulator)) == as_sinha(records)
    assert attempts(service.store) == [
        Attempt(1, 1, A.FAILED, 500, "server"),
        Attempt(1, 2, A.FAILED, 502, "server"),
        Attempt(1, 3, A.FAILED, 503, "server"),
        Attempt(1, 4, A.FAILED, 504, "server"),
        ok(1, 5),
        ok(2),
        ok(3),
    ]
    assert summary.complete
    assert_exactly_once(emulator)


def test_5xx_burst_longer_than_the_retries_stops_the_run_and_keeps_everything_pending(
    records: set[Version],
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
) -> None:
    emulator.script = ["503"] * 3
    service = make_service(max_attempts=3)
    summary = service.run(Trigger.CLI)
    result = outcomes(service.store)
    assert (result.delivered, result.pending, result.rejected) == (set(), records, set())
    assert sinha_versions(emulator) == []
    assert attempts(service.store) == [Attempt(1, n, A.FAILED, 503, "server") for n in (1, 2, 3)]
    assert (summary.status, summary.pending, summary.error_category) == ("failed", 30, "server")
    # SINHA recovers: the next run delivers all of it, each version once
    assert service.run(Trigger.CLI).complete
    assert outcomes(service.store).delivered == records
    assert_exactly_once(emulator)


def test_429_waits_for_retry_after(
    records: set[Version], emulator: SinhaEmulator, make_settings: Callable[..., object]
) -> None:
    emulator.set_faults(Faults(retry_after_s=3))
    emulator.script = ["ok", "429"]
    slept: list[float] = []
    policy = RetryPolicy(5, 0.01, 0.02, sleep=slept.append, rng=random.Random(1))
    service = SyncService(make_settings(), memory_secrets(), policy=policy)  # type: ignore[arg-type]
    try:
        service.run(Trigger.CLI)
        assert slept == [3.0]
        assert attempts(service.store) == [
            ok(1),
            Attempt(2, 1, A.FAILED, 429, "server"),
            ok(2, 2),
            ok(3),
        ]
        assert outcomes(service.store).delivered == records
        assert_exactly_once(emulator)
    finally:
        service.close()


def test_slow_server_beyond_the_read_timeout_is_looked_up_before_resending(
    records: set[Version],
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
) -> None:
    emulator.set_faults(Faults(slow_s=1.5))
    emulator.script = ["slow"]
    service = make_service(sinha={"read_timeout_s": 0.4})
    summary = service.run(Trigger.CLI)
    assert summary.complete
    log = attempts(service.store)
    assert log[0] == Attempt(1, 1, A.FAILED, None, "transport")
    assert log[1:] == [ok(1, 2), ok(2), ok(3)]
    assert emulator.state.requests["get_lote"] == 1  # asked before posting again
    result = outcomes(service.store)
    assert (result.delivered, result.pending) == (records, set())
    # the slow request finishes later and finds the same content: still one lote, no double count
    for _ in range(40):
        if emulator.state.posts == 4 and len(emulator.state.lotes) == 3:
            break
        import time

        time.sleep(0.1)
    assert_exactly_once(emulator)
    assert set(sinha_versions(emulator)) == as_sinha(records)


def test_response_lost_after_the_batch_was_stored_is_reconciled_without_a_second_post(
    records: set[Version],
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
) -> None:
    emulator.script = ["ok", "lose"]
    service = make_service()
    assert service.run(Trigger.CLI).complete
    assert attempts(service.store) == [
        ok(1),
        Attempt(2, 1, A.FAILED, None, "transport"),
        ok(2, 2, 200),
        ok(3),
    ]
    assert emulator.state.posts == 3 and emulator.state.requests["get_lote"] == 1
    assert outcomes(service.store).delivered == records
    assert_exactly_once(emulator)


def test_connection_reset_mid_body_is_looked_up_then_sent_again(
    records: set[Version],
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
) -> None:
    emulator.script = ["reset"]
    service = make_service()
    assert service.run(Trigger.CLI).complete
    assert attempts(service.store) == [
        Attempt(1, 1, A.FAILED, None, "transport"),
        ok(1, 2),
        ok(2),
        ok(3),
    ]
    assert emulator.state.posts == 4 and emulator.state.requests["get_lote"] == 1
    assert outcomes(service.store).delivered == records
    assert_exactly_once(emulator)


def test_401_in_the_middle_of_a_run_stops_it_and_keeps_the_rest_pending(
    records: set[Version],
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
) -> None:
    # the status check and the first batch pass, then every request gets 401
    emulator.set_faults(Faults(unauthorized_after=2))
    service = make_service()
    summary = service.run(Trigger.CLI)
    assert (summary.status, summary.error_category) == ("failed", "auth")
    assert "password" in (summary.message or "")
    result = outcomes(service.store)
    assert (result.delivered, result.pending, result.rejected) == (
        batch_versions(records, 1),
        batch_versions(records, 2, 3),
        set(),
    )
    assert attempts(service.store) == [ok(1), Attempt(2, 1, A.FAILED, 401, "auth")]
    emulator.set_faults(Faults())  # the operator fixed the password
    assert service.run(Trigger.CLI).complete
    assert outcomes(service.store).delivered == records
    assert_exactly_once(emulator)


def test_409_keeps_that_batch_for_an_operator_and_delivers_the_others(
    records: set[Version],
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
) -> None:
    emulator.script = ["ok", "409"]
    service = make_service()
    summary = service.run(Trigger.CLI)
    result = outcomes(service.store)
    assert (result.delivered, result.pending, result.rejected) == (
        batch_versions(records, 1, 3),
        batch_versions(records, 2),
        set(),
    )
    assert attempts(service.store) == [ok(1), Attempt(2, 1, A.REJECTED, 409, "conflict"), ok(3)]
    assert (summary.failures, summary.pending) == (1, 10)
    assert_exactly_once(emulator)


def test_413_splits_batches_until_they_fit_and_drops_nothing(
    records: set[Version],
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
) -> None:
    emulator.set_faults(Faults(max_records=4))
    service = make_service()
    assert service.run(Trigger.CLI).complete
    result = outcomes(service.store)
    assert (result.delivered, result.pending, result.rejected) == (records, set(), set())
    log = attempts(service.store)
    assert [a.status for a in log].count(
        A.REJECTED
    ) == 9  # 3 batches of 10, each split 10 -> 5+5 -> 2+3
    assert {a.http_status for a in log if a.status == A.REJECTED} == {413}
    assert [a.status for a in log].count(A.SUCCESS) == 12
    assert len(emulator.state.lotes) == 12
    assert set(sinha_versions(emulator)) == as_sinha(records)
    assert_exactly_once(emulator)


def test_malformed_json_in_a_200_is_confirmed_by_lookup_not_by_a_second_post(
    records: set[Version],
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
) -> None:
    emulator.script = ["malformed"]
    service = make_service()
    assert service.run(Trigger.CLI).complete
    assert attempts(service.store) == [
        Attempt(1, 1, A.FAILED, None, "transport"),
        ok(1, 2, 200),
        ok(2),
        ok(3),
    ]
    assert emulator.state.posts == 3
    assert outcomes(service.store).delivered == records
    assert_exactly_once(emulator)


def test_422_rejects_only_the_named_records(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    from tests.helpers.source_db import BASE_TIME, valid_row

    good = source_db.add_valid(9)
    bad = valid_row("bad", BASE_TIME + timedelta(seconds=4, milliseconds=1), tipo_alta="98")
    source_db.insert([bad])
    service = make_service()
    assert service.run(Trigger.CLI).complete
    result = outcomes(service.store)
    assert result.rejected == {("bad", bad["updated_at"])}
    assert result.delivered == {(str(r["id"]), r["updated_at"]) for r in good}
    assert result.pending == set()
    assert attempts(service.store) == [Attempt(1, 1, A.REJECTED, 422, "invalid"), ok(2)]
    assert_exactly_once(emulator)
