"""Every statement the engine and the desktop app send is proven to compile for SQL Server.

How it works: a tour drives the real engine on real SQLite files and the SINHA
emulator -- two sync runs through retries, a lost response, a 413 split and a
409 conflict, then status, purge, the sync lock, every read-side query with every
filter and every write of the state store -- while an engine listener keeps
each statement sent to the state store together with the engine functions on
the stack. Each statement is then compiled with the ``mssql+pyodbc`` dialect
and checked (tests/helpers/mssql_rules.py). The view's queries are compiled
from the reader for both cursors, the migrations are rendered offline.

Adding a query? Public functions of ``state/queries.py`` are discovered: add
one line to ``QUERY_CALLS`` (or ``BUILDERS`` for a function that returns a
statement without running it). A new ``StateStore``/``SyncLock`` method goes into
``exercise_store``/``exercise_lock``; a new ``ViewReader.*_query`` into
``READER_QUERIES``. The completeness tests name whatever is missing.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any, cast

import pytest
from sqlalchemy import Engine, Select, event, insert, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.schema import CreateIndex, CreateTable, DDLElement
from sqlalchemy.sql import ClauseElement

from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.categories import ErrorCategory
from anahp_desktop.domain.statuses import (
    FAILED_ATTEMPTS,
    OPEN_BATCHES,
    AttemptStatus,
    BatchStatus,
    RejectionOrigin,
    RunStatus,
    Trigger,
)
from anahp_desktop.domain.values import CursorState, RecordKey
from anahp_desktop.errors import SyncAlreadyRunningError
from anahp_desktop.source.change_tracking import ChangeTrackingCursor
from anahp_desktop.source.cursor import RowversionCursor
from anahp_desktop.source.scan_state import Position, ScanBound, ScanStart
from anahp_desktop.source.view_reader import ViewReader
from anahp_desktop.state import handled as handled_module
from anahp_desktop.state import holder as holder_module
from anahp_desktop.state import migrate, queries, schema
from anahp_desktop.state import store as store_module
from anahp_desktop.state import sync_lock as lock_module
from anahp_desktop.state.driver_statement import DriverStatement
from anahp_desktop.state.queries import LogFilter
from anahp_desktop.state.records import AttemptOutcome, PreparedBatch, RejectedRecord
from anahp_desktop.state.store import StateStore
from anahp_desktop.state.sync_lock import SyncLock, running_sync
from anahp_desktop.sync.service import SyncService
from tests.helpers import mssql_rules
from tests.helpers.fixtures import SINHA_PASSWORD, SINHA_USER, memory_secrets, no_wait_policy
from tests.helpers.source_db import SourceDb

NOW = datetime(2026, 10, 1, 15, 0, 0)
FILTERS = (
    LogFilter(),
    LogFilter(statuses=(AttemptStatus.FAILED, AttemptStatus.SUCCESS), triggers=(Trigger.CLI,)),
    LogFilter(since=NOW - timedelta(days=7), until=NOW, text="lote[1]_50%", id_lote="x"),
    # "Unresolved failures only": a correlated NOT EXISTS on the batch
    LogFilter(statuses=FAILED_ATTEMPTS, unresolved=True),
)

# -- the read side: one line per public function of state/queries.py ------------------------

QUERY_CALLS: dict[str, Callable[[StateStore], object]] = {
    "log_rows": lambda s: [
        queries.log_rows(s, flt, limit=5, before=before)
        for flt in FILTERS
        for before in (None, (NOW, 10**6))
    ],
    "count_log_rows": lambda s: [queries.count_log_rows(s, flt) for flt in FILTERS],
    "last_run": lambda s: (queries.last_run(s), queries.last_run(s, successful=True)),
    "newest_unfinished_run": queries.newest_unfinished_run,
    "run_status": lambda s: queries.run_status(s, "tour-run"),
    "rejected_count": queries.rejected_count,
    "handled_since": lambda s: (queries.handled_since(s, None), queries.handled_since(s, NOW)),
    "batch_rejections": lambda s: queries.batch_rejections(s, "any"),
    # the desktop app's queries (registered here before they reach this branch)
    "log_page": lambda s: [
        queries.log_page(s, flt, limit=5, after=after, newest_first=newest)
        for flt in FILTERS
        for after in (None, (NOW, 10**6))
        for newest in (True, False)
    ],
    "iter_log_rows": lambda s: list(queries.iter_log_rows(s, LogFilter(), chunk=2)),
    "batch_detail": lambda s: queries.batch_detail(s, "any"),
    "batch_attempts": lambda s: queries.batch_attempts(s, "any"),
    "retryable_batch_ids": lambda s: queries.retryable_batch_ids(s),
    "batch_backlog": queries.batch_backlog,
    "run_rows": lambda s: queries.run_rows(s, limit=5),
    "run_batches": lambda s: [queries.run_batches(s, r.run_id) for r in queries.run_rows(s)],
    "daily_totals": lambda s: queries.daily_totals(
        s, [NOW - timedelta(days=2), NOW - timedelta(days=1), NOW]
    ),
}

#: functions that return a statement (compiled directly) or do no SQL at all
BUILDERS: dict[str, Callable[[], list[ClauseElement]]] = {
    "log_query": lambda: [
        queries.log_query(flt, limit=50, before=before, newest_first=newest)
        for flt in FILTERS
        for before in (None, (NOW, 7))
        for newest in (True, False)
    ],
    "bucketed_query": lambda: [
        queries.bucketed_query(
            schema.batches.c.delivered_at,
            schema.batches.c.record_count,
            [NOW - timedelta(days=1), NOW],
            delivered=True,
        ),
        queries.bucketed_query(schema.rejections.c.rejected_at, None, [NOW, NOW]),
    ],
    "log_conditions": lambda: [
        select(schema.operations_log.c.id).where(*queries.log_conditions(flt)) for flt in FILTERS
    ],
    "unresolved_condition": lambda: [
        select(schema.operations_log.c.id).where(queries.unresolved_condition())
    ],
}
PURE = {
    f"{queries.__name__}:escape_like": "text only",
    f"{holder_module.__name__}:claim_statements": "builds claim's statements, checked below",
    f"{holder_module.__name__}:clear_statement": "builds clear's statement, checked below",
    f"{holder_module.__name__}:database_now": "an expression, checked below",
    f"{lock_module.__name__}:SyncLock.check": "asks the run lock (state/server_locks.py), no table",
    f"{lock_module.__name__}:already_running_message": "text only",
    f"{lock_module.__name__}:running_now_text": "text only",
    f"{lock_module.__name__}:holder_words": "text only",
    f"{migrate.__name__}:alembic_config": "configuration only",
    f"{migrate.__name__}:head_revision": "reads the migration scripts",
    f"{migrate.__name__}:offline_sql": "rendered offline, checked below",
    f"{migrate.__name__}:in_schema": "engine options only (tests/integration/test_sqlserver_runs.py)",
    f"{migrate.__name__}:schema_of": "engine options only",
    f"{migrate.__name__}:move_from_dbo_sql": "text only (tests/unit/state/test_store_rowcounts.py)",
    f"{store_module.__name__}:utc_now": "clock",
    f"{store_module.__name__}:floor_name": "text only",
    f"{store_module.__name__}:translate": "error mapping",
    f"{store_module.__name__}:affected_rows": "reads a result's rowcount",
    f"{store_module.__name__}:StateStore.transaction": "context manager",
    f"{store_module.__name__}:StateStore.reading": "context manager",
}


def exercise_store(store: StateStore) -> None:
    """Every write and read of StateStore, in an order that makes sense."""
    key = RecordKey("77", NOW - timedelta(hours=1))
    other = RecordKey("78", NOW - timedelta(minutes=30))
    store.record_failed_start("tour-failed-start", Trigger.RETRY, "operator", "no SINHA password")
    store.start_run("tour-run", Trigger.CLI, "operator")
    store.recover_interrupted("tour-run")
    store.save_intents(
        [PreparedBatch("tour-lote-1", "2077485", (key,), "{}")],
        [RejectedRecord(other, "2077485", (("cnes", "cnes"),), RejectionOrigin.VALIDATION)],
        "tour-run",
    )
    store.handled_keys(key.updated_at, other.updated_at)
    (batch,) = [b for b in store.open_batches() if b.id_lote == "tour-lote-1"]
    store.open_batches(OPEN_BATCHES)
    store.load_batch("tour-lote-1")
    store.batch_keys("tour-lote-1")
    store.min_open_updated_at()
    store.open_record_count()
    store.delivered_record_ids(["77", "78"])
    log_id, _attempt = store.begin_attempt(
        batch, "tour-run", Trigger.CLI, "operator", mark_sending=True
    )
    failure = AttemptOutcome(AttemptStatus.FAILED, 503, ErrorCategory.SERVER, "busy", "body")
    store.record_failure("tour-lote-1", log_id, failure, BatchStatus.FAILED)
    log_id, _attempt = store.begin_attempt(
        batch, "tour-run", Trigger.CLI, "operator", mark_sending=False
    )
    store.replace_batch(
        "tour-lote-1",
        BatchStatus.SPLIT,
        log_id,
        AttemptOutcome(AttemptStatus.FAILED, 413, ErrorCategory.TOO_LARGE, "too large"),
        [PreparedBatch("tour-lote-2", "2077485", (key,), "{}", parent_id_lote="tour-lote-1")],
        [],
        "tour-run",
    )
    (child,) = [b for b in store.open_batches() if b.id_lote == "tour-lote-2"]
    log_id, _attempt = store.begin_attempt(
        child, "tour-run", Trigger.CLI, "operator", mark_sending=True
    )
    store.record_delivery("tour-lote-2", log_id, AttemptOutcome(AttemptStatus.SUCCESS, 201), "P-1")
    store.set_status("tour-lote-2", BatchStatus.DELIVERED)
    store.get_watermark("sinha_export")
    store.set_watermark("sinha_export", NOW - timedelta(hours=2), "1")
    store.get_cursor_state("sinha_export")
    store.set_cursor_state("sinha_export", CursorState(NOW, "77", "0x00000000000007D1"))
    store.set_cursor_state("tour-other-view", CursorState(NOW, None, None))
    store.finish_run("tour-run", RunStatus.SUCCESS, "done", delivered=1)
    store.purge_before(NOW - timedelta(days=400))


def exercise_lock(store: StateStore) -> None:
    first = SyncLock(store, Trigger.CLI)
    first.acquire()
    running_sync(store)
    with pytest.raises(SyncAlreadyRunningError):
        SyncLock(store, Trigger.MANUAL).acquire()  # the holder row names this live process
    first.release()
    with SyncLock(store, Trigger.SCHEDULED):
        pass


# -- the view: one entry per ViewReader.*_query ----------------------------------------------

LOWER = NOW - timedelta(minutes=10, microseconds=123)
AT = Position(NOW, 41, "2026-10-01 15:00:00.1234567", (41).to_bytes(8, "big"))
BY_HAND = Position(NOW, "id-41")
BOUND = ScanBound(NOW, (900).to_bytes(8, "big"))
BY_HAND_CHANGE = Position(NOW, "id-41", None, (7).to_bytes(8, "big"))
READER_QUERIES: dict[str, Callable[[ViewReader], list[ClauseElement]]] = {
    "scan_query": lambda r: [
        r.scan_query(start, bound, after, 50)
        for start in (
            ScanStart(),
            ScanStart(lower=LOWER, after_version=(7).to_bytes(8, "big")),
            ScanStart(lower=LOWER, floor=LOWER),  # migrate-from-service's floor
        )
        for bound in (None, BOUND)  # None: the pending preview's read (sync.next_run)
        # a position kept by hand (no exact text, no version) continues a time-ordered read
        for after in (None, AT, *((BY_HAND,) if r.cursor.rowversion_column is None else ()))
    ],
    "count_query": lambda r: [
        r.count_query(ScanStart()),
        r.count_query(ScanStart(lower=LOWER)),
        r.count_query(ScanStart(floor=LOWER)),
    ],
    "null_updated_at_query": lambda r: [r.null_updated_at_query()],
    "probe_query": lambda r: [r.probe_query()],
    "cursor_sample_query": lambda r: [r.cursor_sample_query()],
    "by_ids_query": lambda r: [r.by_ids_query(["1", "ção-2"])],
    "bound_query": lambda r: [r.bound_query()],
    "snapshot_state_query": lambda r: [r.snapshot_state_query()],
    "version_cap_query": lambda r: [r.version_cap_query(NOW)] if r.cursor.rowversion_column else [],
    "column_types_query": lambda r: [r.column_types_query()],
    "other_databases_query": lambda r: [r.other_databases_query()],
    "newer_rows_query": lambda r: (
        [r.newer_rows_query((9).to_bytes(8, "big"))] if r.cursor.rowversion_column else []
    ),
    "server_offset_query": lambda r: [r.server_offset_query()],
    "changes_query": lambda r: (
        [r.changes_query(5, 9, after, 50) for after in (None, AT, BY_HAND_CHANGE)]
        + [r.changes_query(5, 9, AT, 50, floor=LOWER)]
        if r.changes is not None
        else []
    ),
}


# -- the tour ---------------------------------------------------------------------------------


@dataclass
class Captured:
    statement: ClauseElement | None
    rows: list[dict[str, Any]]
    frames: tuple[str, ...]
    raw_sql: str | None = None


@dataclass
class Tour:
    captured: list[Captured] = field(default_factory=list)
    called: set[str] = field(default_factory=set)

    def covered(self) -> set[str]:
        names = {frame for c in self.captured for frame in c.frames}
        return names | {n.split(".<locals>")[0] for n in names}


def engine_frames() -> tuple[str, ...]:
    frames: list[str] = []
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        module = str(frame.f_globals.get("__name__", ""))
        if module.startswith("anahp_desktop."):
            frames.append(f"{module}:{frame.f_code.co_qualname}")
        frame = frame.f_back
    return tuple(frames)


@pytest.fixture(scope="module")
def tour(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tour]:
    folder = tmp_path_factory.mktemp("tour")
    state_path = str(folder / "state.sqlite")
    source = SourceDb(folder / "source.sqlite").create()
    source.add_valid(25)
    source.add_valid(2, cnes="12")  # rejected by validation
    result = Tour()

    def before_execute(conn: Any, clause: Any, multiparams: Any, params: Any, opts: Any) -> None:
        if conn.engine.url.database != state_path or isinstance(clause, DDLElement):
            return
        rows = (
            [dict(r) for r in multiparams[0]]
            if multiparams and isinstance(multiparams[0], list)
            else []
        )
        result.captured.append(
            Captured(clause, rows or ([dict(params)] if params else []), engine_frames())
        )

    def before_cursor(
        conn: Any, cursor: Any, sql: str, params: Any, context: Any, many: bool
    ) -> None:
        if conn.engine.url.database == state_path and context.compiled is None:
            frames = engine_frames()
            if BULK_INSERT_FRAME in frames:
                rows = params if many else [params]
                result.captured.append(sqlalchemy_insert_of(sql, rows, frames))
                return
            if DRIVER_STATEMENT_FRAME in frames:
                result.captured.append(driver_statement_of(sql, params, frames))
                return
            result.captured.append(Captured(None, [], frames, sql))

    event.listen(Engine, "before_execute", before_execute)
    event.listen(Engine, "before_cursor_execute", before_cursor)
    try:
        with SinhaEmulator(SINHA_USER, SINHA_PASSWORD) as emulator:
            from anahp_desktop.config.settings import Settings

            settings = Settings.model_validate(
                {
                    "source": {"url": source.url},
                    "state": {"url": f"sqlite:///{state_path}"},
                    "sinha": {"url": emulator.url, "user": SINHA_USER, "read_timeout_s": 5},
                    "sync": {"batch_size": 10, "page_size": 7},
                }
            )
            service = SyncService(settings, memory_secrets(), policy=no_wait_policy(2))
            emulator.script = ["503", "lose", "413", "409"]
            service.run(Trigger.CLI)
            conflicts = [b.id_lote for b in service.store.open_batches([BatchStatus.CONFLICT])]
            service.run(Trigger.SCHEDULED)
            service.run(Trigger.MANUAL, only_batches=conflicts)
            service.status()
            service.purge_old_log()
            store = service.store
            for name, call in QUERY_CALLS.items():
                if hasattr(queries, name):
                    call(store)
                    # where it is defined: queries re-exports handled_since from state.handled
                    result.called.add(f"{getattr(queries, name).__module__}:{name}")
            exercise_store(store)
            exercise_lock(store)
            store.close_for_exit()  # last: this store's writers are closed for good after it
            holder_module.clear_this_process(store)  # (what run --every does next)
            service.close()
    finally:
        event.remove(Engine, "before_execute", before_execute)
        event.remove(Engine, "before_cursor_execute", before_cursor)
    assert make_url(f"sqlite:///{state_path}").database == state_path
    yield result


# -- the checks -------------------------------------------------------------------------------


def reserved_columns() -> set[str]:
    return {
        c.name
        for table in schema.metadata.tables.values()
        for c in table.columns
        if c.name.upper() in mssql_rules.TSQL_RESERVED
    }


def test_the_tour_saw_the_engine_at_work(tour: Tour) -> None:
    statements = [c for c in tour.captured if c.statement is not None]
    assert len(statements) > 100
    kinds = {type(c.statement).__name__ for c in statements}
    assert {"Select", "Insert", "Update", "Delete"} <= kinds


def test_every_state_statement_compiles_for_sql_server(tour: Tour) -> None:
    reserved = reserved_columns()
    assert reserved == {"trigger"}
    found: list[str] = []
    for captured in tour.captured:
        if captured.statement is None:
            continue
        for problem in mssql_rules.problems(
            captured.statement, captured.rows, reserved_columns=reserved
        ):
            found.append(f"{captured.frames[:1]}: {problem}")
    assert not found, "\n".join(sorted(set(found))[:20])


#: raw SQL the engine may send, each only behind a check that the database is SQLite
SQLITE_ONLY_RAW_SQL = ("PRAGMA ", "BEGIN IMMEDIATE")


#: the SQLite fast path of state/bulk_insert.py; other databases get SQLAlchemy's insert
BULK_INSERT_FRAME = "anahp_desktop.state.bulk_insert:BulkInsert.execute"


def sqlalchemy_insert_of(sql: str, params: Any, frames: tuple[str, ...]) -> Captured:
    """The statement and rows ``BulkInsert`` sends on SQL Server for what it sent here."""
    match = re.match(r"INSERT INTO (\w+) \(([^)]*)\) VALUES", sql)
    assert match, sql
    table = schema.metadata.tables[match.group(1)]
    columns = [name.strip() for name in match.group(2).split(",")]
    dates = {c for c in columns if table.c[c].type.python_type is datetime}
    rows = [
        {
            c: datetime.fromisoformat(v) if c in dates else v
            for c, v in zip(columns, values, strict=True)
        }
        for values in params
    ]
    return Captured(insert(table), rows, frames)


#: the SQLite path of state/driver_statement.py; other databases get the statement itself
DRIVER_STATEMENT_FRAME = "anahp_desktop.state.driver_statement:DriverStatement.execute"


def driver_statement_of(sql: str, params: Any, frames: tuple[str, ...]) -> Captured:
    """The statement and parameters a ``DriverStatement`` sends on SQL Server for what it
    sent here (its named parameters; the constants are the statement's own)."""
    dialect = sqlite.dialect()
    for value in vars(store_module).values():
        if not isinstance(value, DriverStatement):
            continue
        plan = value._compile(dialect)
        if plan is None or plan.sql != sql:
            continue
        compiled = value._statement.compile(dialect=dialect, column_keys=value._columns)
        row = {}
        for name, key, given in zip(plan.names, compiled.positiontup or (), params, strict=True):
            if name is None:
                continue
            dated = compiled.binds[key].type.python_type is datetime and isinstance(given, str)
            row[name] = datetime.fromisoformat(given) if dated else given
        return Captured(value._statement, [row], frames)
    raise AssertionError(f"no DriverStatement of the state store sends {sql}")


def test_the_driver_statements_sqlite_shortcut_is_checked_as_its_sql_server_statement(
    tour: Tour,
) -> None:
    sent = [c for c in tour.captured if DRIVER_STATEMENT_FRAME in c.frames]
    assert sent and all(c.statement is not None and c.rows for c in sent)
    kinds = {(type(c.statement).__name__, cast(Any, c.statement).table.name) for c in sent}
    assert kinds == {
        ("Update", "sinha_batches"),
        ("Insert", "operations_log"),
        ("Update", "operations_log"),
    }


def test_the_bulk_inserts_sqlite_shortcut_is_checked_as_its_sql_server_statement(
    tour: Tour,
) -> None:
    bulk = [c for c in tour.captured if BULK_INSERT_FRAME in c.frames]
    assert bulk and all(c.statement is not None and c.rows for c in bulk)
    assert {cast(Any, c.statement).table.name for c in bulk} == {"sinha_batch_records"}


def test_raw_sql_to_the_state_store_is_sqlite_only(tour: Tour) -> None:
    raw = [c for c in tour.captured if c.raw_sql is not None]
    assert raw  # the tour does see them (WAL, the atomic first migration)
    for captured in raw:
        assert captured.raw_sql is not None
        assert captured.raw_sql.lstrip().upper().startswith(SQLITE_ONLY_RAW_SQL), captured


def public_functions() -> set[str]:
    """Everything on the state store's read and write side that may send SQL."""
    names: set[str] = set()
    for module in (queries, handled_module, store_module, holder_module, lock_module, migrate):
        for name, value in vars(module).items():
            if name.startswith("_") or getattr(value, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(value):
                names.add(f"{module.__name__}:{name}")
    for cls in (StateStore, SyncLock):
        for name, value in vars(cls).items():
            if not name.startswith("_") and inspect.isfunction(value):
                names.add(f"{cls.__module__}:{cls.__qualname__}.{name}")
    return names


def test_every_public_state_function_sent_its_statements_during_the_tour(tour: Tour) -> None:
    covered = tour.covered()
    builders = {f"{queries.__name__}:{name}" for name in BUILDERS}
    missing = sorted(public_functions() - covered - builders - set(PURE))
    assert not missing, (
        "these functions sent no statement during the tour: add them to QUERY_CALLS, "
        f"BUILDERS, exercise_store or exercise_lock in {Path(__file__).name}: {missing}"
    )


def test_registered_calls_all_sent_statements(tour: Tour) -> None:
    covered = tour.covered()
    silent = sorted(name for name in tour.called if name not in covered)
    assert not silent, f"registered but sent nothing (wrong call?): {silent}"


def test_statement_builders_compile_for_sql_server() -> None:
    reserved = reserved_columns()
    for name, build in BUILDERS.items():
        statements = build()
        assert statements, name
        for statement in statements:
            assert mssql_rules.problems(statement, reserved_columns=reserved) == [], name


def mssql_reader(**options: Any) -> ViewReader:
    engine = mssql_rules_engine()
    return ViewReader(engine, "dbo.sinha_export", 2000, **options)


def mssql_rules_engine() -> Engine:
    from sqlalchemy import create_engine

    return create_engine("mssql+pyodbc://u:p@sql01/hospital?driver=FreeTDS")  # never connects


@pytest.mark.parametrize("mode", ["timestamp", "rowversion", "change_tracking"])
def test_every_view_query_compiles_for_sql_server(mode: str) -> None:
    cursor = {
        "timestamp": None,
        "rowversion": RowversionCursor("row_version"),
        "change_tracking": ChangeTrackingCursor("dbo.sinha_export_changes"),
    }[mode]
    reader = mssql_reader(cursor=cursor)
    declared = {name for name in vars(ViewReader) if name.endswith("_query")}
    assert declared == set(READER_QUERIES), "register every ViewReader.*_query in READER_QUERIES"
    for name, build in READER_QUERIES.items():
        for statement in build(reader):
            problems = mssql_rules.problems(statement)
            assert problems == [], (name, problems)
            sql = str(mssql_rules.compile_mssql(statement))
            if isinstance(statement, Select) and statement._limit_clause is not None:
                assert "TOP" in sql, (name, sql)
    by_time = mssql_reader(cursor=None)  # the exact text of a time bound, whatever the mode
    sql = " ".join(
        str(mssql_rules.compile_mssql(by_time.scan_query(ScanStart(lower=LOWER), None, AT))).split()
    )
    assert "convert(VARCHAR(27), CAST(dbo.sinha_export.updated_at AS DATETIME2(7)), 121)" in sql
    assert "dbo.sinha_export.updated_at >= convert(DATETIME2(7), ?, 121)" in sql


def test_the_sync_locks_statements_compile_for_sql_server() -> None:
    """sp_getapplock and friends, and the holder row with the server's clock (tests/unit/state)."""
    from anahp_desktop.state.holder import LockHolder
    from anahp_desktop.state.server_locks import SQL_SERVER_STATEMENTS

    for statement in SQL_SERVER_STATEMENTS:
        assert mssql_rules.problems(statement) == [], statement
        sql = str(mssql_rules.compile_mssql(statement))
        assert ":resource" not in sql and "?" in sql  # pyodbc's placeholder, an NVARCHAR
    take = str(mssql_rules.compile_mssql(SQL_SERVER_STATEMENTS[0]))
    assert take.startswith("SET NOCOUNT ON; DECLARE @result int; EXEC @result = sp_getapplock ")
    assert "@LockOwner = 'Session', @LockTimeout = 0" in take
    holder = LockHolder("PC-1", 1, Trigger.CLI)
    for claim in (
        *holder_module.claim_statements("mssql", "t", holder, NOW),
        holder_module.clear_statement("t"),
    ):
        assert mssql_rules.problems(claim, reserved_columns=reserved_columns()) == []


def test_the_rules_catch_what_they_are_for() -> None:
    """The checker itself: each mistake it exists for is reported."""
    from sqlalchemy import String, literal, text

    log = schema.operations_log
    wrong_time = select(log.c.id).where(log.c.started_at > literal(NOW))
    wrong_text = select(log.c.id).where(log.c.status == literal("x", String))
    offset = select(log.c.id).order_by(log.c.id).offset(10).limit(5)
    unquoted = select(text("trigger FROM operations_log"))
    assert any("DATETIME2" in p for p in mssql_rules.problems(wrong_time))
    assert any("NVARCHAR" in p for p in mssql_rules.problems(wrong_text))
    assert any("OFFSET" in p for p in mssql_rules.problems(offset))
    assert any(
        "reserved" in p for p in mssql_rules.problems(unquoted, reserved_columns={"trigger"})
    )
    fine = select(log.c.id).where(log.c.started_at > NOW, log.c.status == "x").limit(5)
    assert mssql_rules.problems(fine, reserved_columns={"trigger"}) == []


def test_like_filters_escape_sql_servers_brackets(tour: Tour) -> None:
    pattern = queries.escape_like("lote[1]_50%")
    assert pattern == "lote\\[1]\\_50\\%"  # "[" opens a character class on SQL Server
    statement = queries.log_query(LogFilter(text="[x]"), limit=5)
    sql = str(mssql_rules.compile_mssql(statement))
    assert "LIKE ? ESCAPE '\\'" in sql.replace("\\\\", "\\")


def test_bracket_search_finds_the_literal_text_on_sqlite(tmp_path: Path) -> None:
    from sqlalchemy import create_engine, insert

    engine = create_engine(f"sqlite:///{tmp_path / 'log.sqlite'}")
    schema.metadata.create_all(engine)
    row = {
        "run_id": "r",
        "status": "failed",
        "trigger": "cli",
        "started_at": NOW,
        "records_sent": 1,
        "records_rejected": 0,
        "attempt": 1,
        "app_version": "t",
        "operator": "",
    }
    with engine.begin() as conn:
        conn.execute(
            insert(schema.operations_log),
            [
                {**row, "error_message": "campo [x] inválido"},
                {**row, "error_message": "campo x inválido"},
            ],
        )
    store = StateStore(engine)
    assert queries.count_log_rows(store, LogFilter(text="[x]")) == 1
    engine.dispose()


# -- migrations ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ddl() -> str:
    return migrate.offline_sql("mssql")


def ddl_statements(text: str) -> list[str]:
    """The statements of a T-SQL script: GO lines, comments and blank lines dropped."""
    lines = [
        line
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("--") and line.strip().upper() != "GO"
    ]
    out: list[str] = []
    for chunk in " ".join(lines).split(";"):
        statement = " ".join(chunk.split())
        if statement:
            out.append(statement)
    return out


def test_migration_renders_valid_sql_server_ddl(ddl: str) -> None:
    statements = ddl_statements(ddl)
    assert statements[0] == "BEGIN TRANSACTION" and statements[-1] == "COMMIT"
    tables = [s for s in statements if s.startswith("CREATE TABLE")]
    assert len(tables) == len(schema.metadata.tables) + 1  # and the version table
    for statement in statements:
        for pattern, name in mssql_rules.FORBIDDEN:
            assert not re.search(pattern, statement, flags=re.IGNORECASE), (name, statement)
        assert not re.search(r"(?<![\[\w])trigger(?![\w\]])", statement), statement
        if migrate.VERSION_TABLE not in statement:  # Alembic's own: ASCII revision ids
            assert "VARCHAR(" not in statement.replace("NVARCHAR(", ""), statement
        assert not re.search(r"\bDATETIME\b(?!2)", statement), statement
    head = migrate.head_revision()
    stamps = [
        s
        for s in statements
        if s.startswith(("INSERT INTO", "UPDATE")) and migrate.VERSION_TABLE in s
    ]
    assert stamps[-1].startswith(  # the last migration leaves the head revision
        (
            f"INSERT INTO {migrate.VERSION_TABLE} (version_num) OUTPUT inserted.version_num "
            f"VALUES ('{head}')",
            f"UPDATE {migrate.VERSION_TABLE} SET version_num='{head}'",
        )
    )


def test_source_timestamps_are_datetime2_7_and_app_times_datetime2_6(ddl: str) -> None:
    for column in ("min_updated_at", "max_updated_at"):
        assert f"{column} DATETIME2(7) NOT NULL" in ddl
    assert re.search(r"sinha_batch_records \(.*?updated_at DATETIME2\(7\)", ddl, re.S)
    assert re.search(r"sinha_rejections \(.*?updated_at DATETIME2\(7\)", ddl, re.S)
    assert re.search(r"sinha_watermark \(.*?updated_at DATETIME2\(7\)", ddl, re.S)
    assert "started_at DATETIME2(6) NOT NULL" in ddl
    assert "response_body NVARCHAR(max) NULL" in ddl


def with_altered_columns(statements: list[str]) -> set[str]:
    """Each CREATE TABLE as the later ALTER COLUMN statements leave it (what exists at head)."""
    final = list(statements)
    for statement in statements:
        altered = re.fullmatch(r"ALTER TABLE (\w+) ALTER COLUMN (\w+) (.+)", statement)
        if not altered:
            continue
        table, column, definition = altered.groups()
        for index, create in enumerate(final):
            if create.startswith(f"CREATE TABLE {table} ("):
                final[index] = re.sub(
                    rf"(\( |, ){column} [^,]+?(?=, )", rf"\g<1>{column} {definition}", create
                )
    return set(final)


def test_migration_matches_the_tables_the_engine_queries(ddl: str) -> None:
    """schema.py (what statements are built from) and the migrations (what exists) agree."""
    rendered = with_altered_columns(ddl_statements(ddl))
    for table in schema.metadata.sorted_tables:
        create = " ".join(str(CreateTable(table).compile(dialect=mssql_rules.DIALECT)).split())
        assert create.rstrip(";").strip() in rendered, create
        for index in table.indexes:
            statement = " ".join(
                str(CreateIndex(index).compile(dialect=mssql_rules.DIALECT)).split()
            )
            assert statement in rendered, statement


def key_bytes(type_sql: str) -> int:
    if match := re.fullmatch(r"NVARCHAR\((\d+)\)", type_sql):
        return 2 * int(match.group(1))
    if match := re.fullmatch(r"DATETIME2\((\d)\)", type_sql):
        precision = int(match.group(1))
        return 6 if precision < 3 else 7 if precision < 5 else 8
    return {"INTEGER": 4, "BIGINT": 8}[type_sql]


def test_index_keys_fit_sql_server_limits() -> None:
    """Clustered keys (primary keys) <= 900 bytes, others <= 1700, no MAX column, <= 32 columns."""
    for table in schema.metadata.tables.values():
        keys: list[tuple[str, list[Any], int]] = [
            ("primary key", list(table.primary_key.columns), 900)
        ]
        keys += [(str(index.name), list(index.columns), 1700) for index in table.indexes]
        for name, columns, limit in keys:
            types = [c.type.compile(dialect=mssql_rules.DIALECT) for c in columns]
            assert all("max" not in t.lower() for t in types), (table.name, name, types)
            assert len(columns) <= 32
            assert sum(key_bytes(t) for t in types) <= limit, (table.name, name, types)


def test_the_change_tracking_statements_are_what_sql_server_documents() -> None:
    """CHANGETABLE is read through the DBA's inline function, in commit order, up to a bound."""
    reader = mssql_reader(cursor=ChangeTrackingCursor("dbo.sinha_export_changes"))
    page = " ".join(str(mssql_rules.compile_mssql(reader.changes_query(5, 9, AT, 50))).split())
    assert page.startswith("SELECT TOP __[POSTCOMPILE_param_1] changes.change_id, ")
    assert "FROM dbo.sinha_export_changes(?) AS changes" in page
    assert "WHERE changes.change_version <= ? AND changes.change_version >= ?" in page
    assert page.endswith("ORDER BY changes.change_version, changes.change_id")
    assert "convert(VARCHAR(27), CAST(changes.updated_at AS DATETIME2(7)), 121)" in page
    bound = " ".join(str(mssql_rules.compile_mssql(reader.bound_query())).split())
    assert bound == (
        "SELECT SYSUTCDATETIME() AS now_utc, CHANGE_TRACKING_CURRENT_VERSION() AS "
        "current_version, anon_1.min_valid_version FROM dbo.sinha_export_changes_min_valid() "
        "AS anon_1"
    )
    count = " ".join(
        str(mssql_rules.compile_mssql(reader.count_query(ScanStart(after_change=5)))).split()
    )
    assert count == "SELECT count(*) AS count_1 FROM dbo.sinha_export_changes(?) AS changes"
