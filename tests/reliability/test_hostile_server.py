"""The fault matrix's hostile-server mode: a SINHA that lies, drips, floods or stalls.

Same shape as tests/reliability/test_fault_matrix.py (30 records, 3 batches of 10, one
batch at a time, real HTTP to the emulator, SQLite and PostgreSQL), but the server is
not merely broken: its receipts name another batch or count other records, its
lookups disagree too, it answers one byte at a time, sends a gigabyte, or asks to be
left alone for thirty years. Each case asserts the exact delivered/pending sets, what
SINHA holds (each version at most once) and every ``operations_log`` row. Deadlines
are short (1 s) so the whole mode costs seconds. docs/reliability.md lists each case.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable

import pytest
from sqlalchemy import select

from anahp_desktop.cli.output import status_text
from anahp_desktop.demo.emulator import Faults, SinhaEmulator
from anahp_desktop.domain.statuses import AttemptStatus as A
from anahp_desktop.domain.statuses import BatchStatus, Trigger
from anahp_desktop.sinha.client import BODY_KEEP
from anahp_desktop.sinha.retry_policy import RetryPolicy
from anahp_desktop.state.schema import batches, operations_log
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
#: short on purpose: the hostile mode must cost seconds in CI, not minutes
DEADLINE = {"read_timeout_s": 0.5, "request_deadline_s": 1.0}
DRIP = Faults(drip_interval_s=0.1)


@pytest.fixture
def records(source_db: SourceDb) -> set[Version]:
    rows = source_db.add_valid(RECORDS)
    return {(str(r["id"]), r["updated_at"]) for r in rows}


def batch_versions(records: set[Version], *numbers: int) -> set[Version]:
    return {(i, u) for i, u in records if (int(i) - 1) // 10 + 1 in numbers}


def ok(batch: int, attempt: int = 1, http: int = 201) -> Attempt:
    return Attempt(batch, attempt, A.SUCCESS, http, None)


def assert_exactly_once(emulator: SinhaEmulator) -> None:
    versions = sinha_versions(emulator)
    assert len(versions) == len(set(versions)), "a record version was accepted twice"
    assert emulator.state.summary()["contents_under_two_ids"] == 0


def batch_row(service: SyncService, number: int) -> dict[str, object]:
    """The state row of the batch attempted ``number``-th (1-based)."""
    with service.store.reading() as conn:
        ids = list(
            dict.fromkeys(
                conn.execute(
                    select(operations_log.c.id_lote).order_by(operations_log.c.id)
                ).scalars()
            )
        )
        row = (
            conn.execute(select(batches).where(batches.c.id_lote == ids[number - 1]))
            .mappings()
            .one()
        )
    return dict(row)


# -- receipts that do not confirm the batch -------------------------------------------------


@pytest.mark.parametrize("action", ["wrong_id", "wrong_count"])
def test_a_receipt_for_another_batch_or_count_is_looked_up_and_delivered_once(
    action: str,
    records: set[Version],
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
) -> None:
    emulator.script = [action]  # SINHA stored batch 1 but its receipt does not say so
    service = make_service()
    assert service.run(Trigger.CLI).complete
    assert attempts(service.store) == [
        Attempt(1, 1, A.FAILED, 201, "receipt_mismatch"),
        ok(1, 2, 200),  # confirmed by GET /lotes/{id_lote}, not posted again
        ok(2),
        ok(3),
    ]
    assert (emulator.state.posts, emulator.state.requests["get_lote"]) == (3, 1)
    assert outcomes(service.store).delivered == records
    assert_exactly_once(emulator)


def test_an_empty_receipt_for_a_batch_sinha_did_not_keep_is_sent_again(
    records: set[Version],
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
) -> None:
    emulator.script = ["empty_receipt"]  # 201, recebidos 0, protocolo "": and nothing stored
    service = make_service()
    assert service.run(Trigger.CLI).complete
    assert attempts(service.store) == [
        Attempt(1, 1, A.FAILED, 201, "receipt_mismatch"),
        ok(1, 2),  # the lookup found nothing (404): posted again, stored this time
        ok(2),
        ok(3),
    ]
    assert (emulator.state.posts, emulator.state.requests["get_lote"]) == (4, 1)
    assert set(sinha_versions(emulator)) == as_sinha(records)
    assert_exactly_once(emulator)


def test_a_lookup_that_disagrees_too_keeps_the_batch_for_an_operator_with_its_body(
    records: set[Version],
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
) -> None:
    emulator.script = ["wrong_id"]
    emulator.lookup_script = ["wrong_count"]
    service = make_service()
    summary = service.run(Trigger.CLI)
    assert (summary.status, summary.failures, summary.pending) == ("failed", 1, 10)
    assert attempts(service.store) == [
        Attempt(1, 1, A.FAILED, 201, "receipt_mismatch"),
        Attempt(1, 2, A.FAILED, 200, "unconfirmed"),
        ok(2),
        ok(3),
    ]
    result = outcomes(service.store)
    assert (result.delivered, result.pending) == (
        batch_versions(records, 2, 3),
        batch_versions(records, 1),
    )
    row = batch_row(service, 1)
    assert row["status"] == BatchStatus.UNCONFIRMED
    assert row["payload"] and '"registros"' in str(row["payload"])  # kept, byte for byte
    assert "does not confirm the batch either" in str(row["last_error_message"])
    status = service.status()  # the one truth every view shows
    assert (status.batches.unconfirmed, status.batches.unconfirmed_records) == (1, 10)
    assert status.pending == 10 and status.failed_batches == 1
    assert "1 batch SINHA did not confirm" in status_text(status)
    # not sent again by itself ...
    again = service.run(Trigger.CLI)
    assert (again.complete, again.pending) == (False, 10)
    assert emulator.state.posts == 3 and emulator.state.requests["get_lote"] == 1
    # ... until an operator retries it: looked up first, and SINHA now confirms it
    retry = service.run(Trigger.MANUAL, only_batches=[str(row["id_lote"])])
    assert retry.complete
    assert emulator.state.posts == 3
    assert outcomes(service.store).delivered == records
    assert_exactly_once(emulator)


def test_a_protocol_number_longer_than_any_column_never_fails_a_delivery(
    records: set[Version],
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
) -> None:
    emulator.set_faults(Faults(protocolo_size=300))  # the contract does not bound it
    service = make_service()
    assert service.run(Trigger.CLI).complete
    with service.store.reading() as conn:
        stored = conn.execute(select(batches.c.protocolo)).scalars().all()
        bodies = conn.execute(select(operations_log.c.response_body)).scalars().all()
    assert [len(p or "") for p in stored] == [255, 255, 255]
    assert all(len(json.loads(b)["protocolo"]) == 300 for b in bodies)  # kept whole in the log
    assert_exactly_once(emulator)


# -- answers that never end -----------------------------------------------------------------


@pytest.mark.parametrize("action", ["drip_headers", "drip_body"])
def test_a_dripped_answer_ends_at_the_request_deadline_and_is_looked_up(
    action: str,
    records: set[Version],
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
) -> None:
    emulator.set_faults(DRIP)
    emulator.script = [action]
    service = make_service(sinha=DEADLINE)
    started = time.monotonic()
    assert service.run(Trigger.CLI).complete
    assert time.monotonic() - started < 5
    assert attempts(service.store) == [
        Attempt(1, 1, A.FAILED, None, "transport"),
        ok(1, 2, 200),
        ok(2),
        ok(3),
    ]
    assert emulator.state.posts == 3
    assert_exactly_once(emulator)


def test_a_gigabyte_receipt_is_cut_short_and_the_batch_looked_up(
    records: set[Version],
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
) -> None:
    emulator.script = ["huge"]  # 1 GB of JSON whitespace before the receipt
    service = make_service(sinha=DEADLINE)
    started = time.monotonic()
    assert service.run(Trigger.CLI).complete
    assert time.monotonic() - started < 5
    assert attempts(service.store) == [
        Attempt(1, 1, A.FAILED, None, "transport"),
        ok(1, 2, 200),
        ok(2),
        ok(3),
    ]
    assert_exactly_once(emulator)


def test_a_gigabyte_error_body_is_kept_to_a_few_kilobytes_and_retried(
    records: set[Version],
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
) -> None:
    emulator.script = ["huge_error"]  # 503 with 1 GB of body
    service = make_service(sinha=DEADLINE)
    assert service.run(Trigger.CLI).complete
    assert attempts(service.store) == [
        Attempt(1, 1, A.FAILED, 503, "server"),
        ok(1, 2),
        ok(2),
        ok(3),
    ]
    with service.store.reading() as conn:
        bodies = conn.execute(select(operations_log.c.response_body)).scalars().all()
    assert max(len(b or "") for b in bodies) <= BODY_KEEP
    assert_exactly_once(emulator)


# -- absurd Retry-After ---------------------------------------------------------------------


def test_an_absurd_retry_after_stops_the_run_at_once_and_the_next_run_finishes(
    records: set[Version],
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
) -> None:
    emulator.set_faults(Faults(retry_after_header="1000000000"))
    emulator.script = ["ok", "429"]
    service = make_service()
    started = time.monotonic()
    summary = service.run(Trigger.CLI)
    assert time.monotonic() - started < 5
    assert (summary.status, summary.error_category, summary.pending) == ("failed", "wait_limit", 20)
    assert "1000000000 s" in (summary.message or "")
    assert attempts(service.store) == [ok(1), Attempt(2, 1, A.FAILED, 429, "server")]
    assert service.run(Trigger.CLI).complete  # the sync lock was released, nothing was lost
    assert outcomes(service.store).delivered == records
    assert_exactly_once(emulator)


def test_the_waits_of_a_run_are_capped_in_total_not_only_one_by_one(
    records: set[Version],
    emulator: SinhaEmulator,
    make_settings: Callable[..., object],
) -> None:
    emulator.set_faults(Faults(retry_after_s=600))
    emulator.script = ["429", "429"]
    slept: list[float] = []
    policy = RetryPolicy(5, 0.01, 0.02, sleep=slept.append, rng=random.Random(1))
    settings = make_settings(sync={"max_wait_s": 1000})
    service = SyncService(settings, memory_secrets(), policy=policy)  # type: ignore[arg-type]
    try:
        summary = service.run(Trigger.CLI)
        assert slept == [600.0]  # the second 600 s would pass the run's 1000 s
        assert summary.error_category == "wait_limit"
        assert outcomes(service.store).pending == records
    finally:
        service.close()


@pytest.mark.parametrize("header", ["nan", "-5", "inf"])
def test_a_nonsense_retry_after_falls_back_to_the_backoff(
    header: str,
    records: set[Version],
    emulator: SinhaEmulator,
    make_settings: Callable[..., object],
) -> None:
    emulator.set_faults(Faults(retry_after_header=header))
    emulator.script = ["429"]
    slept: list[float] = []
    policy = RetryPolicy(5, 0.01, 0.02, sleep=slept.append, rng=random.Random(1))
    service = SyncService(make_settings(), memory_secrets(), policy=policy)  # type: ignore[arg-type]
    try:
        assert service.run(Trigger.CLI).complete
        assert len(slept) == 1 and 0.005 <= slept[0] <= 0.01  # the first backoff step
        assert_exactly_once(emulator)
    finally:
        service.close()


# -- everything at once ---------------------------------------------------------------------


def test_a_run_of_hostile_answers_loses_nothing_and_sends_nothing_twice(
    records: set[Version],
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
) -> None:
    emulator.set_faults(Faults(drip_interval_s=0.1, retry_after_header="nan"))
    emulator.script = [
        "wrong_id",
        "empty_receipt",
        "huge_error",
        "drip_body",
        "429",
        "huge",
        "wrong_count",
        "drip_headers",
    ]
    emulator.lookup_script = ["huge", "ok"]
    service = make_service(sinha=DEADLINE, max_attempts=4)
    for _ in range(6):
        if service.run(Trigger.CLI).complete:
            break
    result = outcomes(service.store)
    assert (result.delivered, result.pending) == (records, set())
    assert set(sinha_versions(emulator)) == as_sinha(records)
    assert_exactly_once(emulator)
