"""The migration's starting point in the state store: watermark, floor, imported history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, Insert, Select, event, select

from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.domain.values import CursorState
from anahp_desktop.errors import ConfigurationError
from anahp_desktop.state import previous_service, schema
from anahp_desktop.state.schema import operations_log
from anahp_desktop.state.store import floor_name
from anahp_desktop.sync.pending import PendingPreview
from anahp_desktop.sync.service import SyncService
from tests.helpers import mssql_rules
from tests.helpers.fixtures import both_backends
from tests.helpers.source_db import BASE_TIME, SourceDb

pytestmark = both_backends

FLOOR = BASE_TIME + timedelta(minutes=30)


def imported_row(**values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "run_id": "migration",
        "id_lote": "L-1",
        "cnes": "2077485",
        "status": "success",
        "trigger": Trigger.IMPORTED,
        "started_at": BASE_TIME,
        "finished_at": None,
        "records_sent": 3,
        "records_rejected": 0,
        "attempt": 1,
        "http_status": None,
        "error_category": None,
        "error_message": None,
        "response_body": None,
        "app_version": "previous-service",
        "operator": "",
    }
    row.update(values)
    return row


def test_a_run_after_the_floor_sends_only_versions_changed_after_it_even_in_the_lookback(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    # one row a minute from 08:00: 30 before or at the floor (08:30), the lookback (10 min)
    # reaches back to 08:20, so ten delivered rows lie inside the window a run re-reads
    source_db.add_valid(40, step=timedelta(minutes=1))
    service = make_service()
    previous_service.seed(service.store, "sinha_export", FLOOR, [])

    summary = service.run(Trigger.CLI)

    sent = sorted(emulator.state.versions)
    assert summary.status == "success"
    assert [int(record_id) for record_id, _at in sent] == list(range(32, 41))
    assert all(count == 1 for count in emulator.state.versions.values())
    state = service.store.get_cursor_state("sinha_export")
    assert state is not None and state.floor == FLOOR
    assert state.updated_at == BASE_TIME + timedelta(minutes=39)
    again = service.run(Trigger.CLI)
    assert (again.delivered, again.batches) == (0, 0)


def test_status_and_the_pending_view_leave_out_what_the_old_service_delivered(
    source_db: SourceDb, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(40, step=timedelta(minutes=1))
    service = make_service()
    previous_service.seed(service.store, "sinha_export", FLOOR, [])

    assert service.status().pending == 9
    preview = PendingPreview.for_next_run(
        service.reader(),
        service.store,
        view="sinha_export",
        lookback_minutes=10,
        source_tz=ZoneInfo("America/Sao_Paulo"),
        source_now=BASE_TIME + timedelta(days=1),
    )
    page = preview.page(None, 100)
    assert [int(r.record_id) for r in page.records] == list(range(32, 41))
    assert page.after is None


def test_the_floor_lives_in_a_row_of_its_own_and_a_run_never_moves_it(
    source_db: SourceDb, make_service: Callable[..., SyncService]
) -> None:
    service = make_service()
    store = service.store
    assert store.get_cursor_state("sinha_export") is None
    previous_service.seed(store, "sinha_export", FLOOR, [[imported_row()]])
    later = FLOOR + timedelta(hours=1)
    store.set_cursor_state("sinha_export", CursorState(later, "9", None))

    assert store.get_cursor_state("sinha_export") == CursorState(later, "9", None, FLOOR)
    assert store.get_watermark(floor_name("sinha_export")) == FLOOR
    check = previous_service.inspect_state(store.engine, "sinha_export")
    assert (check.floor, check.imported_rows, check.runs) == (FLOOR, 1, 0)


def test_the_seed_is_one_transaction(
    source_db: SourceDb, make_service: Callable[..., SyncService]
) -> None:
    service = make_service()

    def broken_history() -> Any:
        yield [imported_row()]
        raise RuntimeError("the service's table went away")

    with pytest.raises(RuntimeError):
        previous_service.seed(service.store, "sinha_export", FLOOR, broken_history())
    assert service.store.get_cursor_state("sinha_export") is None
    with service.store.reading() as conn:
        assert conn.execute(select(operations_log.c.id)).all() == []


def test_a_store_with_its_own_syncs_or_another_migration_is_refused(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    service = make_service()
    store = service.store
    assert (
        previous_service.inspect_state(store.engine, "sinha_export").refuse_unless_new(FLOOR)
        is False
    )
    previous_service.seed(store, "sinha_export", FLOOR, [])
    check = previous_service.inspect_state(store.engine, "sinha_export")
    assert check.refuse_unless_new(FLOOR) is True  # the same migration again: nothing to do
    with pytest.raises(ConfigurationError, match="already migrated"):
        check.refuse_unless_new(FLOOR + timedelta(seconds=1))

    other = make_service(source={"view": "other_view"})
    other.run(Trigger.CLI)  # nothing to read in that view, but a run of this app
    own = previous_service.inspect_state(other.store.engine, "other_view")
    with pytest.raises(ConfigurationError, match="already holds this app's own syncs"):
        own.refuse_unless_new(FLOOR)


def test_the_seed_statements_compile_for_sql_server(
    source_db: SourceDb, make_service: Callable[..., SyncService]
) -> None:
    service = make_service()
    store = service.store
    seen: list[tuple[Any, list[dict[str, Any]]]] = []

    def capture(conn: Any, clause: Any, multiparams: Any, params: Any, opts: Any) -> None:
        rows = multiparams[0] if multiparams and isinstance(multiparams[0], list) else []
        seen.append((clause, [dict(r) for r in rows] or ([dict(params)] if params else [])))

    event.listen(Engine, "before_execute", capture)
    try:
        previous_service.inspect_state(store.engine, "sinha_export")
        previous_service.seed(store, "sinha_export", FLOOR, [[imported_row(), imported_row()]])
        previous_service.inspect_state(store.engine, "sinha_export")
        store.get_cursor_state("sinha_export")
    finally:
        event.remove(Engine, "before_execute", capture)
    ours = set(schema.metadata.tables.values())
    statements = [
        (c, rows)
        for c, rows in seen
        if (isinstance(c, Insert) and c.table in ours)
        or (isinstance(c, Select) and set(c.get_final_froms()) <= ours)
    ]
    assert {type(c).__name__ for c, _rows in statements} == {"Select", "Insert"}
    for clause, rows in statements:
        assert mssql_rules.problems(clause, rows, reserved_columns={"trigger"}) == []
