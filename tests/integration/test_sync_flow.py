"""End-to-end runs of the engine against the SINHA emulator over real HTTP and real SQLite files."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from anahp_desktop.demo.emulator import Faults, SinhaEmulator
from anahp_desktop.domain.statuses import AttemptStatus, BatchStatus, Trigger
from anahp_desktop.sinha.contract import Lote
from anahp_desktop.state import queries
from anahp_desktop.state.records import OpenBatch
from anahp_desktop.state.schema import batches, operations_log, rejections
from anahp_desktop.state.store import StateStore
from anahp_desktop.sync.service import SyncService
from tests.helpers.fixtures import both_backends, memory_secrets, no_wait_policy
from tests.helpers.source_db import BASE_TIME, SourceDb, valid_row

pytestmark = both_backends


def delivered_versions(emulator: SinhaEmulator) -> list[tuple[str, str]]:
    return list(emulator.state.versions.elements())


def test_first_run_delivers_everything_and_second_sends_nothing(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(25)
    service = make_service()

    first = service.run(Trigger.CLI)
    assert (first.status, first.delivered, first.rejected, first.pending) == ("success", 25, 0, 0)
    assert first.batches == 3  # batch_size 10
    assert len(set(delivered_versions(emulator))) == 25
    posts = emulator.state.posts

    second = service.run(Trigger.CLI)
    assert (second.delivered, second.batches) == (0, 0)
    assert emulator.state.posts == posts


def test_payload_matches_the_contract_and_hides_patient_identifiers(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    rows = source_db.add_valid(3)
    service = make_service()
    service.run(Trigger.CLI)
    with service.store.reading() as conn:
        stored = conn.execute(select(batches.c.id_lote)).scalars().all()
    assert len(stored) == 1
    # the emulator validated the body against the pydantic contract; check what it holds
    (lote_id,) = emulator.state.lotes
    assert lote_id == stored[0] and len(lote_id) <= 64
    body_versions = emulator.state.lotes[lote_id].records
    assert [v[0] for v in body_versions] == ["1", "2", "3"]
    sent_text = json.dumps(emulator.state.summary())
    for row in rows:
        assert row["atendimento"] not in sent_text


def test_records_sharing_updated_at_across_a_batch_boundary(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    # 25 rows with one single updated_at: pages of 7, batches of 10
    source_db.add_valid(25, step=timedelta(0))
    service = make_service(sync={"page_size": 50, "batch_size": 10})
    service.settings.sync.page_size = 50
    summary = service.run(Trigger.CLI)
    versions = delivered_versions(emulator)
    assert summary.delivered == 25
    assert len(versions) == 25 and len(set(versions)) == 25


def test_keyset_pages_do_not_skip_or_repeat_ties(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    # ties larger than a page: the keyset continues on id within one updated_at
    source_db.add_valid(120, step=timedelta(0))
    source_db.add_valid(30, start=BASE_TIME + timedelta(seconds=5))
    settings_service = make_service(sync={"page_size": 50, "batch_size": 37})
    summary = settings_service.run(Trigger.CLI)
    versions = delivered_versions(emulator)
    assert summary.delivered == 150
    assert len(set(versions)) == 150 and len(versions) == 150


def test_late_committing_row_is_picked_up_by_the_lookback(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(10, start=BASE_TIME)
    service = make_service(sync={"lookback_minutes": 10})
    service.run(Trigger.CLI)
    # a transaction that started earlier commits now: its updated_at is behind the watermark
    late = valid_row("late-1", BASE_TIME + timedelta(seconds=3, milliseconds=500))
    source_db.insert([late])
    summary = service.run(Trigger.CLI)
    assert summary.delivered == 1
    assert (
        "late-1",
        (BASE_TIME + timedelta(seconds=3, milliseconds=500)).isoformat() + "-03:00",
    ) in (emulator.state.versions)


def test_late_row_outside_the_lookback_is_missed_which_is_why_lookback_exists(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(10, start=BASE_TIME, step=timedelta(minutes=5))
    service = make_service(sync={"lookback_minutes": 0})
    service.run(Trigger.CLI)
    source_db.insert([valid_row("late-2", BASE_TIME + timedelta(minutes=1))])
    assert service.run(Trigger.CLI).delivered == 0  # documents the risk the lookback removes


def test_updated_record_is_sent_again_as_a_new_version(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(3)
    service = make_service()
    service.run(Trigger.CLI)
    source_db.execute(
        "UPDATE src SET updated_at = ?, setor = 'UTI Adulto' WHERE CAST(id AS TEXT) = '2'",
        ((BASE_TIME + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S.%f"),),
    )
    summary = service.run(Trigger.CLI)
    assert summary.delivered == 1
    assert sorted(i for i, _u in emulator.state.versions) == ["1", "2", "2", "3"]


def test_invalid_records_are_rejected_with_reasons_and_valid_neighbours_go(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(4)
    source_db.insert(
        [
            valid_row("bad-cnes", BASE_TIME + timedelta(seconds=2, milliseconds=1), cnes="12345"),
            valid_row(
                "bad-two",
                BASE_TIME + timedelta(seconds=2, milliseconds=2),
                cid_principal="XYZ",
                sexo="Q",
            ),
        ]
    )
    service = make_service()
    summary = service.run(Trigger.CLI)
    assert (summary.delivered, summary.rejected, summary.status) == (4, 2, "success")
    with service.store.reading() as conn:
        stored = {r.record_id: json.loads(r.reasons) for r in conn.execute(select(rejections))}
    assert stored["bad-cnes"] == [["cnes_not_7_digits", "cnes"]]
    assert sorted(code for code, _f in stored["bad-two"]) == ["cid_invalid", "sexo_invalid"]
    # fixed at the source (new updated_at): picked up again and delivered
    source_db.execute(
        "UPDATE src SET cnes = '2077485', updated_at = ? WHERE CAST(id AS TEXT) = 'bad-cnes'",
        ((BASE_TIME + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M:%S.%f"),),
    )
    assert service.run(Trigger.CLI).delivered == 1


def test_retry_then_success_logs_every_attempt(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(5)
    emulator.script = ["503", "429", "ok"]
    service = make_service()
    summary = service.run(Trigger.CLI)
    assert summary.delivered == 5
    rows = queries.log_rows(service.store, queries.LogFilter())
    assert [(r.attempt, r.status, r.http_status) for r in reversed(rows)] == [
        (1, AttemptStatus.FAILED, 503),
        (2, AttemptStatus.FAILED, 429),
        (3, AttemptStatus.SUCCESS, 201),
    ]
    assert len({r.id_lote for r in rows}) == 1


def test_a_batch_the_run_just_stored_is_sent_without_reading_it_back_but_a_retry_reads_it(
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source_db.add_valid(25)  # three batches; the second fails once, then a 413 splits it
    emulator.script = ["ok", "503", "413", "ok", "ok", "ok"]
    read: list[str] = []
    load_batch = StateStore.load_batch

    def counted(store: StateStore, id_lote: str) -> OpenBatch | None:
        read.append(id_lote)
        return load_batch(store, id_lote)

    monkeypatch.setattr(StateStore, "load_batch", counted)
    service = make_service()
    summary = service.run(Trigger.CLI)
    assert (summary.status, summary.delivered) == ("success", 25)
    rows = list(reversed(queries.log_rows(service.store, queries.LogFilter())))
    second = rows[1].id_lote
    assert [(r.id_lote == second, r.attempt, r.http_status) for r in rows[1:3]] == [
        (True, 1, 503),
        (True, 2, 413),
    ]
    assert [r.attempt for r in rows] == [1, 1, 2, 1, 1, 1]  # the halves start at attempt 1
    # the retry read the row its failed attempt changed; the split read it for the
    # batch's final status; the halves, written by the sender itself, were not read back
    assert read == [second, second]


def test_lost_response_is_reconciled_without_a_second_post(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(5)
    emulator.script = ["lose"]
    service = make_service()
    summary = service.run(Trigger.CLI)
    assert summary.delivered == 5
    assert emulator.state.posts == 1  # the GET found it: no second POST
    assert emulator.state.requests["get_lote"] == 1
    rows = queries.log_rows(service.store, queries.LogFilter())
    assert [r.status for r in reversed(rows)] == [AttemptStatus.FAILED, AttemptStatus.SUCCESS]


def test_a_run_stopped_by_a_failing_batch_counts_it_in_its_row(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(25)  # three batches of 10, 10 and 5
    emulator.script = ["ok", "503", "503", "503"]  # the second fails every attempt
    service = make_service(max_attempts=3)
    summary = service.run(Trigger.CLI)
    assert (summary.status, summary.delivered, summary.batches, summary.failures) == (
        "failed",
        10,
        2,
        1,
    )
    (row,) = queries.run_rows(service.store)
    assert (row.status, row.delivered, row.batches, row.failures, row.pending) == (
        "failed",
        10,
        2,
        1,
        15,
    )


def test_a_partly_rejected_batch_counts_its_rejections_when_its_replacement_stops_the_run(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(4)
    source_db.add_valid(1, tipo_alta="99")  # SINHA answers 422 for this one
    emulator.script = ["ok", "503", "503", "503"]  # the batch of the other four then fails
    service = make_service(max_attempts=3)
    summary = service.run(Trigger.CLI)
    assert (summary.status, summary.rejected, summary.batches, summary.failures) == (
        "failed",
        1,
        2,
        1,
    )
    (row,) = queries.run_rows(service.store)
    assert (row.rejected, row.batches, row.failures, row.pending) == (1, 2, 1, 4)


def test_409_leaves_the_batch_in_conflict_and_the_run_failed(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(15)
    emulator.script = ["409"]
    service = make_service()
    summary = service.run(Trigger.CLI)
    assert (summary.status, summary.failures, summary.delivered, summary.pending) == (
        "failed",
        1,
        5,
        10,
    )
    with service.store.reading() as conn:
        statuses = sorted(conn.execute(select(batches.c.status)).scalars())
    assert statuses == [BatchStatus.CONFLICT, BatchStatus.DELIVERED]
    assert emulator.state.posts == 2  # no retry on 409
    # the next automatic run does not resend a conflict: it needs an operator
    again = service.run(Trigger.CLI)
    assert again.batches == 0 and again.pending == 10


def test_422_rejects_named_records_and_sends_the_rest(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(4)
    source_db.insert(
        [
            valid_row(
                "unknown-code", BASE_TIME + timedelta(seconds=1, milliseconds=5), tipo_alta="99"
            )
        ]
    )
    service = make_service()
    summary = service.run(Trigger.CLI)
    assert (summary.delivered, summary.rejected, summary.status) == (4, 1, "success")
    with service.store.reading() as conn:
        rejected = conn.execute(
            select(rejections.c.record_id, rejections.c.origin, rejections.c.reasons)
        ).one()
        parent = conn.execute(
            select(batches).where(batches.c.status == BatchStatus.SUPERSEDED)
        ).one()
        child = conn.execute(select(batches).where(batches.c.status == BatchStatus.DELIVERED)).one()
    assert rejected.record_id == "unknown-code" and rejected.origin == "sinha"
    assert "tipo_alta" in rejected.reasons
    assert child.parent_id_lote == parent.id_lote and child.record_count == 4


def test_413_splits_the_batch_instead_of_dropping_it(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(10)
    emulator.set_faults(Faults(max_records=3))
    service = make_service()
    summary = service.run(Trigger.CLI)
    assert summary.delivered == 10 and summary.status == "success"
    assert len(emulator.state.lotes) == 4  # 10 -> 5+5 -> 2+3+2+3
    versions = delivered_versions(emulator)
    assert len(versions) == len(set(versions)) == 10


def test_split_and_partly_rejected_batches_are_stamped_by_the_injected_clock(
    source_db: SourceDb, emulator: SinhaEmulator, make_settings: Callable[..., object]
) -> None:
    """Child batches (413 split, 422 remainder) say when they were built with the run's
    clock, like their parent: no second clock reads the computer's time behind its back."""
    source_db.add_valid(4)
    source_db.insert([valid_row("refused", BASE_TIME + timedelta(minutes=1), tipo_alta="98")])
    emulator.set_faults(Faults(max_records=3))  # 413 for 5, then a 422 names "refused"
    moment = datetime(2026, 10, 2, 9, 30, 15)
    service = SyncService(
        make_settings(),  # type: ignore[arg-type]
        memory_secrets(),
        clock=lambda: moment,
        policy=no_wait_policy(),
    )
    try:
        summary = service.run(Trigger.CLI)
        with service.store.reading() as conn:
            children = conn.execute(
                select(batches.c.payload).where(batches.c.parent_id_lote.is_not(None))
            ).scalars()
            stamps = {json.loads(payload)["gerado_em"] for payload in children if payload}
    finally:
        service.close()
    assert summary.delivered == 4 and summary.rejected == 1
    assert stamps == {"2026-10-02T09:30:15Z"}


def test_crash_between_send_and_log_is_reconciled_on_the_next_run(
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source_db.add_valid(5)
    service = make_service()

    class Crash(BaseException):
        """Stands for the process dying: nothing after it runs."""

    def die(*_args: object, **_kwargs: object) -> None:
        raise Crash

    monkeypatch.setattr(type(service.store), "record_delivery", die)
    with pytest.raises(Crash):
        service.run(Trigger.CLI)
    assert emulator.state.posts == 1 and len(emulator.state.lotes) == 1
    monkeypatch.undo()

    fresh = make_service(service.settings)  # the crashed run's lock died with it: no wait
    summary = fresh.run(Trigger.CLI)
    assert summary.delivered == 5
    assert emulator.state.posts == 1  # found by GET, not posted again
    rows = queries.log_rows(fresh.store, queries.LogFilter())
    assert AttemptStatus.RUNNING not in {r.status for r in rows}
    assert {r.status for r in rows} == {AttemptStatus.INTERRUPTED, AttemptStatus.SUCCESS}


@pytest.mark.parametrize("in_flight", [1, 2])
def test_repeated_runs_under_heavy_faults_deliver_every_version_exactly_once(
    tmp_path: Path,
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
    in_flight: int,
) -> None:
    from anahp_desktop.demo.generator import GeneratorOptions, create_source

    create_source(tmp_path / "gen.sqlite", GeneratorOptions(records=600, seed=5, null_updated_at=0))
    emulator.set_faults(Faults(error_rate=0.3, lose_rate=0.1, seed=11))
    service = make_service(
        source={"url": f"sqlite:///{tmp_path / 'gen.sqlite'}"},
        sync={"batch_size": 25, "page_size": 100, "max_in_flight": in_flight},
        max_attempts=3,
    )
    for _ in range(30):
        summary = service.run(Trigger.CLI)
        if summary.complete:
            break
    assert summary.complete
    versions = delivered_versions(emulator)
    assert len(versions) == len(set(versions)), "a record version was accepted twice"
    with service.store.reading() as conn:
        total_attempts = conn.execute(select(operations_log.c.id)).all()
        rejected = conn.execute(select(rejections.c.record_id)).scalars().all()
    # every valid version is at SINHA, every other one is rejected: nothing lost
    assert len(versions) + len(rejected) == 600
    assert len(total_attempts) >= emulator.state.posts
    for stored in emulator.state.lotes.values():
        assert stored.receipt["recebidos"] == len(stored.records)
    assert emulator.state.summary()["contents_under_two_ids"] == 0
    assert emulator.state.most_posts_at_once <= in_flight


def test_lote_bodies_validate_against_the_contract_models(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(3)
    service = make_service()
    emulator.set_faults(Faults(max_records=1))  # 413: the payload stays stored on the split parent
    service.run(Trigger.CLI)
    with service.store.reading() as conn:
        payloads = (
            conn.execute(select(batches.c.payload).where(batches.c.status == BatchStatus.SPLIT))
            .scalars()
            .all()
        )
    assert payloads
    for payload in payloads:
        lote = Lote.model_validate_json(payload)
        assert lote.registros[0].atendimento_hash and len(lote.registros[0].atendimento_hash) == 64
