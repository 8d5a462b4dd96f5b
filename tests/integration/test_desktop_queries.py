"""The read side the desktop app uses, against real SQLite files and the emulator."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.statuses import FAILED_ATTEMPTS, BatchStatus, Trigger
from anahp_desktop.state import queries
from anahp_desktop.state.schema import batches
from anahp_desktop.sync.pending import PendingFilter, PendingPreview
from anahp_desktop.sync.service import SyncService
from tests.helpers.fixtures import both_backends
from tests.helpers.source_db import SourceDb


def _preview(service: SyncService) -> PendingPreview:
    return PendingPreview.for_next_run(
        service.reader(),
        service.store,
        view=service.settings.source.view,
        lookback_minutes=service.settings.sync.lookback_minutes,
        source_tz=ZoneInfo(service.settings.source.timezone),
        source_now=service.source_now(),
    )


def test_pending_preview_pages_flags_invalid_and_skips_handled(
    source_db: SourceDb, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(12)
    source_db.add_valid(3, cid_principal="XYZ")
    service = make_service()
    preview = _preview(service)
    first = preview.page(None, 10)
    assert len(first.records) == 10 and first.after is not None
    second = preview.page(first.after, 10)
    assert len(second.records) == 5 and second.after is None
    flagged = [r for r in first.records + second.records if not r.valid]
    assert [r.record_id for r in flagged] == ["13", "14", "15"]
    assert flagged[0].reasons == (("cid_invalid", "cid_principal"),)

    service.run(Trigger.MANUAL)
    assert _preview(service).page(None, 10).records == []


def test_pending_preview_lists_records_of_failed_batches_first(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(25)  # batches of 10, 10, 5
    emulator.script = ["ok", "503", "503"]
    service = make_service(max_attempts=2)
    assert service.run(Trigger.MANUAL).status == "failed"  # batch 2 failed, the run stopped
    source_db.add_valid(3)
    preview = _preview(service)
    first = preview.page(None, 12)
    waiting = [r for r in first.records if r.id_lote]
    assert len(waiting) == 12 and {r.batch_status for r in waiting} <= {"failed", "pending"}
    assert waiting[0].cid_principal == "J18.9"  # current values read from the view
    assert first.after is not None and first.after.in_batches
    rest = preview.page(first.after, 100)
    assert [r.record_id for r in rest.records if not r.id_lote] == ["26", "27", "28"]
    assert len(rest.records) == 3 + 3 and rest.after is None


def test_log_page_in_both_orders_and_streaming(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(45)  # batches of 10: 5 attempts
    emulator.script = ["503", "ok"]
    service = make_service()
    service.run(Trigger.MANUAL)
    flt = queries.LogFilter()
    newest = queries.log_page(service.store, flt, limit=4)
    oldest = queries.log_page(service.store, flt, limit=4, newest_first=False)
    assert len(newest) == 4 and len(oldest) == 4
    assert newest[0].started_at >= newest[-1].started_at
    assert oldest[0].status == "failed" and oldest[0].http_status == 503
    rest = queries.log_page(
        service.store,
        flt,
        limit=10,
        after=(oldest[-1].started_at, oldest[-1].id),
        newest_first=False,
    )
    assert [r.id for r in oldest + rest] == sorted(r.id for r in oldest + rest)
    streamed = list(queries.iter_log_rows(service.store, flt, chunk=2))
    assert len(streamed) == queries.count_log_rows(service.store, flt) == 6
    assert len({r.id for r in streamed}) == 6


def test_batch_detail_attempts_and_retryable_ids(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(5)
    emulator.script = ["503", "503"]
    service = make_service(max_attempts=2)
    summary = service.run(Trigger.MANUAL)
    assert summary.status == "failed"
    (failed_id,) = queries.retryable_batch_ids(service.store)
    detail = queries.batch_detail(service.store, failed_id)
    assert detail is not None and detail.status == BatchStatus.FAILED
    assert detail.payload and detail.last_http_status == 503
    attempts = queries.batch_attempts(service.store, failed_id)
    assert [a.attempt for a in attempts] == [1, 2]
    assert all(a.response_body for a in attempts)

    assert detail.children == ()
    service.run(Trigger.MANUAL, only_batches=[failed_id])
    assert queries.retryable_batch_ids(service.store) == []
    detail = queries.batch_detail(service.store, failed_id)
    assert detail is not None and detail.status == BatchStatus.DELIVERED


def test_batch_detail_names_the_batches_that_replaced_it(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(4)
    source_db.add_valid(1, tipo_alta="99")  # SINHA answers 422 for this record
    service = make_service()
    service.run(Trigger.MANUAL)
    with service.store.reading() as conn:
        parent = conn.execute(
            select(batches.c.id_lote).where(batches.c.status == BatchStatus.SUPERSEDED)
        ).scalar_one()
    detail = queries.batch_detail(service.store, parent)
    assert detail is not None and len(detail.children) == 1
    assert detail.children[0][1] == BatchStatus.DELIVERED


def test_daily_totals_put_deliveries_and_rejections_in_their_day(
    source_db: SourceDb, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(7)
    source_db.add_valid(2, sexo="X")
    service = make_service()
    service.run(Trigger.MANUAL)
    now = service.store.clock()
    midnight = datetime(now.year, now.month, now.day)
    bounds = [
        midnight - timedelta(days=2),
        midnight - timedelta(days=1),
        midnight,
        midnight + timedelta(days=1),
    ]
    totals = queries.daily_totals(service.store, bounds)
    assert [(t.delivered, t.rejected) for t in totals] == [(0, 0), (0, 0), (7, 2)]
    assert queries.daily_totals(service.store, bounds[:1]) == []


def test_pending_preview_filters_to_rejected_and_searches_id_or_atendimento(
    source_db: SourceDb, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(12)
    source_db.add_valid(3, cid_principal="XYZ")
    preview = _preview(make_service())
    everything = preview.page(None, 50).records
    assert len(everything) == 15 and all(r.atendimento for r in everything)
    rejected = preview.page(None, 50, PendingFilter(only_rejected=True)).records
    assert [r.record_id for r in rejected] == ["13", "14", "15"]
    wanted = everything[4]
    by_atendimento = preview.page(None, 50, PendingFilter(text=wanted.atendimento.lower()))
    assert wanted in by_atendimento.records
    assert [r.record_id for r in preview.page(None, 50, PendingFilter(text="14")).records] == ["14"]


@both_backends
def test_the_unresolved_filter_leaves_out_failures_whose_batch_needs_nothing_more(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(4)
    source_db.add_valid(1, tipo_alta="99")  # 422: the batch is replaced (resolved)
    service = make_service(max_attempts=2)
    service.run(Trigger.MANUAL)
    source_db.add_valid(5)
    emulator.script = ["503", "503"]  # this batch fails every attempt: unresolved
    service.run(Trigger.MANUAL)
    store = service.store
    failures = queries.LogFilter(statuses=FAILED_ATTEMPTS)
    unresolved = replace(failures, unresolved=True)
    everything = queries.log_page(store, failures)
    assert sorted((r.status, r.resolved) for r in everything) == [
        ("failed", False),
        ("failed", False),
        ("rejected", True),
    ]
    shown = queries.log_rows(store, unresolved)
    assert [(r.status, r.http_status) for r in shown] == [("failed", 503), ("failed", 503)]
    assert queries.count_log_rows(store, unresolved) == 2
    assert [r.id for r in queries.log_page(store, unresolved, limit=1)] == [shown[0].id]
    # once the batch is delivered, its failures are resolved and leave the filter
    (waiting,) = queries.retryable_batch_ids(store)
    service.run(Trigger.RETRY, only_batches=[waiting])
    assert queries.count_log_rows(store, unresolved) == 0
    assert queries.count_log_rows(store, failures) == 3
