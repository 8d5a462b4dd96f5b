"""Whole sync runs against a SQL Server source: the real runner, store, HTTP and emulator.

Only SQL Server itself is a stand-in (tests/helpers/fake_mssql.py, behind a
real ``mssql+pyodbc`` engine); SINHA is the emulator on loopback. Every run is
made twice: with the state store in a real SQLite file, and with the state
store in the hospital database itself (the default), so every state statement
goes through the mssql dialect and the stand-in's rules too. These runs prove
the cursor strategies, the exact keyset, the snapshot and the database clock
work through the runner.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from anahp_desktop.config.settings import Settings
from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.secrets import SecretName
from anahp_desktop.source import connection
from anahp_desktop.state.schema import watermark
from anahp_desktop.sync import service as service_module
from anahp_desktop.sync.pending import PendingPreview
from anahp_desktop.sync.service import SyncService
from tests.helpers.fake_mssql import FakeSqlServer, datetime_ticks, ticks
from tests.helpers.fixtures import SINHA_USER, memory_secrets, no_wait_policy
from tests.helpers.source_db import valid_row

BASE = datetime(2026, 10, 1, 8, 0, 0)  # the view's local time (America/Sao_Paulo)


@pytest.fixture(params=["sqlite", "mssql"], ids=["state-sqlite", "state-mssql"])
def state_backend(request: pytest.FixtureRequest) -> str:
    """Where the state store lives: a SQLite file, or the (stand-in) SQL Server itself."""
    return str(request.param)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch, state_backend: str, tmp_path: Path) -> FakeSqlServer:
    """The stand-in behind every SQL Server engine the service creates."""
    fake = FakeSqlServer()
    if state_backend == "mssql":
        fake.with_state(tmp_path / "mssql-state.sqlite")
    fake.now_utc = datetime(2026, 10, 1, 15, 0)  # 12:00 in São Paulo

    def create(url: Any, settings: Any, **kwargs: Any) -> Any:
        if url.get_backend_name() == "mssql":
            kwargs["module"] = fake.module()
        return connection.create_database_engine(url, settings, **kwargs)

    monkeypatch.setattr(service_module, "create_database_engine", create)
    return fake


@pytest.fixture
def make_service(
    tmp_path: Path, emulator: SinhaEmulator, state_backend: str
) -> Iterator[Callable[..., SyncService]]:
    services: list[SyncService] = []

    def make(
        clock: datetime | None = None, *, lookback: bool = False, **source: Any
    ) -> SyncService:
        values: dict[str, Any] = {
            "host": "sqlserver.hospital.test",
            "database": "hospital",
            "username": "sinha_sync",
            "driver": "FreeTDS",
            "timezone": "America/Sao_Paulo",
        }
        values.update(source)
        settings = Settings.model_validate(
            {
                "source": values,
                "state": {
                    "url": f"sqlite:///{tmp_path / 'state.sqlite'}"
                    if state_backend == "sqlite"
                    else "source"  # the hospital database: the stand-in
                },
                "sinha": {"url": emulator.url, "user": SINHA_USER, "read_timeout_s": 5},
                "sync": {
                    "batch_size": 10,
                    "page_size": 25,
                    "lookback_minutes": 60 if lookback else 0,
                },
            }
        )
        secrets = memory_secrets()
        secrets.set(SecretName.DATABASE_PASSWORD, "pw")
        moment = clock or datetime(2026, 10, 1, 15, 0)
        made = SyncService(settings, secrets, clock=lambda: moment, policy=no_wait_policy())
        services.append(made)
        return made

    yield make
    for made in services:
        made.close()


def add(server: FakeSqlServer, number: int, stamp: int, **kw: Any) -> Any:
    values = valid_row(number, None)
    values.pop("id")
    values.pop("updated_at")
    return server.add(number, stamp, **values, **kw)


def delivered(emulator: SinhaEmulator) -> list[tuple[str, str]]:
    return list(emulator.state.versions.elements())


def stored_watermark(svc: SyncService) -> tuple[Any, ...]:
    with svc.store.reading() as conn:
        row = conn.execute(
            select(watermark.c.updated_at, watermark.c.record_id, watermark.c.cursor_value)
        ).one()
    return tuple(row)


def test_ties_at_100_ns_are_delivered_once_across_pages_and_batches(
    server: FakeSqlServer, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    for number in range(1, 61):
        add(server, number, ticks(BASE, 7))  # 60 rows on one datetime2(7) value
    for number in range(61, 71):
        add(server, number, datetime_ticks(BASE + timedelta(seconds=1), 2), kind="datetime")
    svc = make_service()
    summary = svc.run(Trigger.CLI)
    assert (summary.status, summary.delivered, summary.duplicates) == ("success", 70, 0)
    versions = delivered(emulator)
    assert len(versions) == 70 and len(set(versions)) == 70
    # what SINHA got is the view's value cut to microseconds, never rounded up
    assert ("61", "2026-10-01T08:00:01.006666-03:00") in versions
    assert svc.run(Trigger.CLI).delivered == 0


def test_rowversion_cursor_picks_up_a_late_commit_without_any_lookback(
    server: FakeSqlServer, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    for number in range(1, 11):
        add(server, number, ticks(BASE + timedelta(seconds=number)))
    late = add(server, 11, ticks(BASE), committed=False)  # stamped 08:00:00, still open
    for number in range(12, 16):
        add(server, number, ticks(BASE + timedelta(seconds=number)))
    svc = make_service(cursor="rowversion")
    first = svc.run(Trigger.CLI)
    assert first.delivered == 10  # rows 12..15 wait above MIN_ACTIVE_ROWVERSION()
    assert stored_watermark(svc)[2] == "0x000000000000000A"
    late.committed = True
    second = svc.run(Trigger.CLI)
    assert second.delivered == 5  # the late row 11 and rows 12..15
    assert sorted(int(i) for i, _u in delivered(emulator)) == list(range(1, 16))
    assert stored_watermark(svc)[2] == "0x000000000000000F"
    assert svc.run(Trigger.CLI).delivered == 0


def test_status_and_the_pending_view_agree_with_the_next_rowversion_run_after_a_late_commit(
    server: FakeSqlServer, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    """One next-run plan: the row that committed late, stamped before the watermark's
    time, is counted by status, listed by the pending view and sent by the next run."""
    for number in range(1, 11):
        add(server, number, ticks(BASE + timedelta(seconds=number)))
    late = add(server, 11, ticks(BASE), committed=False)  # stamped 08:00:00, still open
    for number in range(12, 16):
        add(server, number, ticks(BASE + timedelta(seconds=number)))
    svc = make_service(cursor="rowversion")
    assert svc.run(Trigger.CLI).delivered == 10
    late.committed = True

    status = svc.status()
    preview = PendingPreview.for_next_run(
        svc.reader(),
        svc.store,
        view=svc.settings.source.view,
        lookback_minutes=svc.settings.sync.lookback_minutes,
        source_tz=ZoneInfo(svc.settings.source.timezone),
        source_now=svc.source_now(),
    )
    page = preview.page(None, 50)
    listed = sorted(int(record.record_id) for record in page.records)
    before = set(delivered(emulator))
    summary = svc.run(Trigger.CLI)
    sent = sorted(int(i) for i, _u in set(delivered(emulator)) - before)

    assert sent == [11, 12, 13, 14, 15]
    assert (status.pending, status.unread, status.batches.records) == (5, 5, 0)
    assert listed == sent and page.after is None
    assert all(record.valid for record in page.records)
    assert summary.delivered == 5


def test_rowversion_run_reads_its_pages_in_one_snapshot(
    server: FakeSqlServer, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    for number in range(1, 61):
        add(server, number, ticks(BASE + timedelta(seconds=number)))
    svc = make_service(cursor="rowversion", snapshot_isolation=True)
    assert svc.run(Trigger.CLI).delivered == 60
    pages = server.statements(r"(?s)FROM sinha_export.*ORDER BY")
    assert len(pages) == 3 and len({p.connection for p in pages}) == 1
    assert len(server.statements("ISOLATION LEVEL SNAPSHOT")) == 1


def test_a_database_without_snapshot_gives_a_notice_and_still_syncs(
    server: FakeSqlServer, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    server.snapshot_allowed = False
    add(server, 1, ticks(BASE))
    summary = make_service(snapshot_isolation=True).run(Trigger.CLI)
    assert summary.delivered == 1
    assert any("snapshot_isolation.sql" in notice for notice in summary.notices)


def test_the_database_clock_caps_the_watermark_when_this_machine_is_wrong(
    server: FakeSqlServer, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    add(server, 1, ticks(BASE))
    add(server, 2, ticks(datetime(2031, 1, 1)))  # a clock error in the hospital system
    machine_clock = datetime(2032, 6, 1)  # and this workstation's clock is wrong too
    svc = make_service(clock=machine_clock)
    summary = svc.run(Trigger.CLI)
    assert summary.future_rows == 1 and summary.delivered == 2
    assert any("future" in notice for notice in summary.notices)
    mark = stored_watermark(svc)[0]
    # SQL Server says 12:00 local; five minutes of tolerance, not 2031 nor 2032
    assert mark == datetime(2026, 10, 1, 12, 5)
    server.now_utc += timedelta(minutes=30)
    add(server, 3, ticks(datetime(2026, 10, 1, 12, 20)))  # real data written later
    later = svc.run(Trigger.CLI)
    assert later.delivered == 1 and later.future_rows == 0  # 2031 is already handled
    assert stored_watermark(svc)[0] == datetime(2026, 10, 1, 12, 35)  # the clock, again


def test_status_counts_pending_rows_with_either_cursor(
    server: FakeSqlServer, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    for number in range(1, 8):
        add(server, number, ticks(BASE + timedelta(seconds=number)))
    for mode in ("timestamp", "rowversion"):
        svc = make_service(cursor=mode)
        assert svc.status().pending == 7
        svc.close()


# -- the state store in SQL Server: what only the mssql dialect and the server's rules show --


@pytest.fixture
def mssql_state(server: FakeSqlServer, state_backend: str) -> FakeSqlServer:
    if state_backend != "mssql":
        pytest.skip("about the state store in SQL Server")
    return server


def test_daily_totals_and_status_work_with_the_state_in_sql_server(
    mssql_state: FakeSqlServer, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    """The dashboard's bucketed totals once failed there with error 8120 (GROUP BY parameters)."""
    from anahp_desktop.state import queries

    for number in range(1, 13):
        add(mssql_state, number, ticks(BASE + timedelta(seconds=number)))
    add(mssql_state, 13, ticks(BASE)).values["cnes"] = "12"  # rejected by validation
    svc = make_service()
    assert svc.run(Trigger.CLI).delivered == 12
    now = datetime(2026, 10, 1, 15, 0)  # the service's clock: when the rows were delivered
    bounds = [now - timedelta(days=1), now - timedelta(hours=1), now + timedelta(hours=1)]
    totals = queries.daily_totals(svc.store, bounds)
    assert [(t.delivered, t.rejected) for t in totals] == [(0, 0), (12, 1)]
    assert any("GROUP BY" in s for s in mssql_state.state.statements)  # type: ignore[union-attr]
    assert svc.status().pending == 0


def test_a_server_with_nocount_on_still_stores_the_first_watermark_and_takes_the_lease(
    server: FakeSqlServer,
    state_backend: str,
    tmp_path: Path,
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
) -> None:
    """SET NOCOUNT ON as the server's default makes every rowcount -1 unless the app turns it off."""
    if state_backend != "mssql":
        pytest.skip("about the state store in SQL Server")
    server.with_state(tmp_path / "nocount-state.sqlite", nocount_default=True)
    for number in range(1, 6):
        add(server, number, ticks(BASE + timedelta(seconds=number)))
    svc = make_service()
    assert svc.run(Trigger.CLI).delivered == 5
    assert stored_watermark(svc)[0] == BASE + timedelta(seconds=5)
    from anahp_desktop.state import holder

    assert holder.read(svc.store) is None  # the holder row was written, then cleared
    assert any(s == "SET NOCOUNT OFF" for s in server.state.statements)  # type: ignore[union-attr]
    assert svc.run(Trigger.CLI).delivered == 0


def test_state_timestamps_keep_their_microseconds_in_sql_server(
    mssql_state: FakeSqlServer, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    """Record keys bound at the driver's default precision (milliseconds) never match again.

    Each run re-reads its lookback window and skips the versions it already
    handled; keys stored cut to milliseconds would not match and every record
    in the window would be sent a second time.
    """
    for number in range(1, 9):
        add(mssql_state, number, ticks(BASE + timedelta(microseconds=123_457 * number)))
    svc = make_service(lookback=True)
    first = svc.run(Trigger.CLI)
    assert (first.status, first.delivered) == ("success", 8)
    second = svc.run(Trigger.CLI)
    assert (second.status, second.delivered, second.batches) == ("success", 0, 0)
    assert len(delivered(emulator)) == 8


# -- the Change Tracking cursor -----------------------------------------------------------------


def ct_version(svc: SyncService) -> str | None:
    return stored_watermark(svc)[2]  # type: ignore[no-any-return]


def test_change_tracking_syncs_changes_in_commit_order_and_reports_records_that_left_the_view(
    server: FakeSqlServer, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    rows = [add(server, n, ticks(BASE + timedelta(seconds=n))) for n in range(1, 31)]
    svc = make_service(cursor="change_tracking", snapshot_isolation=True)
    first = svc.run(Trigger.CLI)
    assert (first.status, first.delivered) == ("success", 30)  # no version yet: the whole view
    assert ct_version(svc) == "ct:30"
    assert len(server.statements(r"(?s)FROM sinha_export.*ORDER BY")) == 2  # 25 + 5 rows
    server.update(rows[2], ticks(BASE + timedelta(minutes=5)))  # record 3 changes
    server.remove(rows[4])  # record 5 is deleted (or its discharge undone)
    server.update(rows[6], rows[6].updated_at)  # record 7: a change SINHA does not see
    second = svc.run(Trigger.CLI)
    assert (second.status, second.delivered) == ("success", 1)
    assert ct_version(svc) == "ct:33"
    changes = server.statements(r"(?s)sinha_export_changes\(\?\) AS changes.*ORDER BY")
    assert changes and all(s.params[0] == 30 for s in changes)  # since the stored version
    assert any(
        "1 record already sent to SINHA is no longer in the view" in n and ": 5." in n
        for n in second.notices
    )
    assert second.message is not None and ": 5." in second.message  # kept with the run
    assert svc.status().last_run.message == second.message  # type: ignore[union-attr]
    versions = delivered(emulator)
    assert len(versions) == 31 and len(set(versions)) == 31
    assert ("3", "2026-10-01T08:05:00-03:00") in versions
    third = svc.run(Trigger.CLI)
    assert (third.delivered, third.message) == (0, None)


def test_change_tracking_picks_up_a_late_commit_without_any_lookback(
    server: FakeSqlServer, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    for number in range(1, 6):
        add(server, number, ticks(BASE + timedelta(seconds=10 + number)))
    late = add(server, 6, ticks(BASE), committed=False)  # stamped before the others
    svc = make_service(cursor="change_tracking")
    assert svc.run(Trigger.CLI).delivered == 5
    server.commit(late)  # commits after the run read past its updated_at
    again = svc.run(Trigger.CLI)
    assert again.delivered == 1
    assert sorted(int(i) for i, _u in delivered(emulator)) == [1, 2, 3, 4, 5, 6]


def test_a_missed_retention_reads_everything_again_and_sends_nothing_twice(
    server: FakeSqlServer, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    rows = [add(server, n, ticks(BASE + timedelta(seconds=n))) for n in range(1, 11)]
    svc = make_service(cursor="change_tracking")
    assert svc.run(Trigger.CLI).delivered == 10
    for number in range(11, 14):
        add(server, number, ticks(BASE + timedelta(minutes=number)))
    server.update(rows[0], ticks(BASE + timedelta(hours=1)))
    server.min_valid_version = 12  # the changes after version 10 were cleaned up meanwhile
    summary = svc.run(Trigger.CLI)
    assert (summary.status, summary.delivered) == ("success", 4)  # 3 new, record 1 again
    assert any("retention period was exceeded" in n for n in summary.notices)
    assert not server.statements(r"(?s)sinha_export_changes\(\?\) AS changes.*ORDER BY")
    versions = delivered(emulator)
    assert len(versions) == 14 and len(set(versions)) == 14
    assert ct_version(svc) == "ct:14"
    assert svc.run(Trigger.CLI).delivered == 0


def test_change_tracking_not_enabled_is_one_sentence_naming_the_script(
    server: FakeSqlServer, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    server.change_tracking = False
    add(server, 1, ticks(BASE))
    summary = make_service(cursor="change_tracking").run(Trigger.CLI)
    assert summary.status == "failed"
    assert summary.message is not None and "sql/mssql/change_tracking.sql" in summary.message


def test_status_counts_pending_changes_with_change_tracking(
    server: FakeSqlServer, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    for number in range(1, 8):
        add(server, number, ticks(BASE + timedelta(seconds=number)))
    svc = make_service(cursor="change_tracking")
    assert svc.status().pending == 7
    svc.run(Trigger.CLI)
    add(server, 8, ticks(BASE + timedelta(minutes=1)))
    assert svc.status().pending == 1


def test_the_state_lives_in_its_own_schema_never_in_dbo(
    mssql_state: FakeSqlServer, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    add(mssql_state, 1, ticks(BASE))
    assert make_service().run(Trigger.CLI).delivered == 1
    state = mssql_state.state
    assert state is not None
    named = [
        s
        for s in state.statements
        if s not in state.moves
        and re.search(r"\b(operations_log|sinha_(?!export)\w+|anahp_alembic_version)\b", s)
    ]
    assert len(named) > 20
    for statement in named:
        for match in re.finditer(
            r"(\w+)\.(operations_log|sinha_\w+|anahp_alembic_version)\b", statement
        ):
            assert match.group(1) == "anahp", statement
        assert not re.search(
            r"(?<![\w.])(FROM|INTO|UPDATE|JOIN) (operations_log|sinha_)", statement
        ), statement
    view_pages = mssql_state.statements(r"(?s)FROM sinha_export.*ORDER BY")
    assert view_pages and all("anahp." not in s.sql for s in view_pages)  # the view: untouched


def test_change_tracking_never_resends_what_the_replaced_service_delivered(
    server: FakeSqlServer, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    """Below the migration floor a change Change Tracking reports is not read (billing edits)."""
    from anahp_desktop.state.store import floor_name

    rows = [add(server, n, ticks(BASE + timedelta(seconds=n))) for n in range(1, 9)]
    svc = make_service(cursor="change_tracking")
    svc.store.set_watermark(floor_name("sinha_export"), BASE + timedelta(seconds=5))
    assert svc.run(Trigger.CLI).delivered == 3  # 6, 7, 8: the old service delivered 1..5
    server.update(rows[1], rows[1].updated_at)  # record 2 edited, same updated_at
    server.update(rows[6], ticks(BASE + timedelta(minutes=9)))  # record 7 really changed
    second = svc.run(Trigger.CLI)
    assert (second.status, second.delivered) == ("success", 1)
    assert sorted(int(i) for i, _u in delivered(emulator)) == [6, 7, 7, 8]
