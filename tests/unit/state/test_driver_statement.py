"""An attempt's statements on SQLite's driver store exactly what SQLAlchemy stores."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects import mssql, postgresql
from sqlalchemy.exc import OperationalError

from anahp_desktop.domain.categories import ErrorCategory
from anahp_desktop.domain.statuses import AttemptStatus, Trigger
from anahp_desktop.domain.values import RecordKey
from anahp_desktop.errors import StateStoreError
from anahp_desktop.state import migrate
from anahp_desktop.state import store as store_module
from anahp_desktop.state.driver_statement import DriverStatement
from anahp_desktop.state.records import AttemptOutcome, PreparedBatch
from anahp_desktop.state.store import StateStore

MOMENT = datetime(2026, 10, 1, 8, 0, 0, 123456)
ATTEMPT_STATEMENTS = ("_MARK_ATTEMPT", "_INSERT_ATTEMPT", "_MARK_DELIVERED", "_CLOSE_ATTEMPT")


def make_store(path: Path) -> StateStore:
    engine = create_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    return StateStore(engine, clock=lambda: MOMENT)


def send_two(store: StateStore) -> None:
    """One batch delivered, one failed: every statement of an attempt, with NULLs and text."""
    prepared = [
        PreparedBatch(f"L{n}", "1234567", (RecordKey(f"r{n}", MOMENT),), '{"ação": "😀"}')
        for n in (1, 2)
    ]
    store.save_intents(prepared, [], "run-1")
    delivered, failed = (store.load_batch(p.id_lote) for p in prepared)
    assert delivered is not None and failed is not None
    log_id, attempt = store.begin_attempt(
        delivered, "run-1", Trigger.CLI, "operadora", mark_sending=True
    )
    assert attempt == 1
    store.record_delivery(
        "L1",
        log_id,
        AttemptOutcome(AttemptStatus.SUCCESS, 201, response_body='{"protocolo": "P-1"}'),
        "P-1",
    )
    log_id, _attempt = store.begin_attempt(failed, "run-1", Trigger.CLI, "", mark_sending=False)
    store.record_failure(
        "L2", log_id, AttemptOutcome(AttemptStatus.FAILED, 503, None, "down"), failed.status
    )


def raw_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored value with SQLite's own type of it (text, integer, null)."""
    with sqlite3.connect(path) as conn:
        return {
            table: [
                tuple((value, type(value).__name__) for value in row)
                for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1")
            ]
            for table in ("sinha_batches", "operations_log")
        }


def test_the_attempts_rows_match_sqlalchemys_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    send_two(make_store(tmp_path / "driver.sqlite"))
    for name in ATTEMPT_STATEMENTS:  # the same statements through SQLAlchemy
        statement = getattr(store_module, name)
        monkeypatch.setattr(statement, "_plans", {"sqlite": None})
    send_two(make_store(tmp_path / "sqlalchemy.sqlite"))
    driver, reference = (
        raw_rows(tmp_path / "driver.sqlite"),
        raw_rows(tmp_path / "sqlalchemy.sqlite"),
    )
    assert driver == reference
    assert len(driver["operations_log"]) == 2


def test_on_sqlite_every_write_of_an_attempt_goes_to_the_driver_as_plain_sql(
    tmp_path: Path,
) -> None:
    store = make_store(tmp_path / "state.sqlite")
    compiled: list[bool] = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def seen(_conn: Any, _cursor: Any, sql: str, _params: Any, context: Any, _many: bool) -> None:
        if sql.startswith(("UPDATE", "INSERT INTO operations_log")):
            compiled.append(context.compiled is not None)

    send_two(store)
    # begin (2), delivery (2), begin (2), the failure's close: the failure's own UPDATE
    # of the batch is built per call and stays SQLAlchemy's
    assert compiled.count(False) == 7


def test_a_lock_met_on_the_driver_is_still_the_operators_sentence(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    store = make_store(path)
    store.save_intents([PreparedBatch("L1", "1234567", (RecordKey("r", MOMENT),), "{}")], [], "r")
    batch = store.load_batch("L1")
    assert batch is not None
    locked = StateStore(_engine(path, timeout=0.05), clock=lambda: MOMENT)
    blocker = sqlite3.connect(path, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StateStoreError) as caught:
            locked.begin_attempt(batch, "r", Trigger.CLI, "", mark_sending=True)
    finally:
        blocker.rollback()
        blocker.close()
    assert caught.value.category is ErrorCategory.STATE_LOCKED
    assert isinstance(caught.value.__cause__, OperationalError)  # wrapped as any statement's


def test_other_databases_keep_sqlalchemys_typed_path() -> None:
    for name in ATTEMPT_STATEMENTS:
        statement: DriverStatement = getattr(store_module, name)
        assert statement._compile(mssql.dialect()) is None
        assert statement._compile(postgresql.dialect()) is None


def _engine(path: Path, *, timeout: float) -> Engine:
    return create_engine(f"sqlite:///{path}", connect_args={"timeout": timeout})
