"""The view reader on SQL Server: exact timestamps, one snapshot, the rowversion cursor.

The engine is a real SQLAlchemy ``mssql+pyodbc`` engine; only the server is a
stand-in (tests/helpers/fake_mssql.py) that compares timestamps at 100 ns like
SQL Server and returns them cut or rounded like the drivers do.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pyodbc
import pytest
from sqlalchemy import Engine, bindparam, create_engine
from sqlalchemy.exc import DBAPIError, StatementError

from anahp_desktop.domain.values import CursorState
from anahp_desktop.errors import ConfigurationError, SourceContractError, SourceUnavailableError
from anahp_desktop.source.cursor import RowversionCursor, TimestampCursor
from anahp_desktop.source.scan_state import (
    Position,
    ScanEnd,
    ScanStart,
    version_text,
)
from anahp_desktop.source.view_reader import ViewReader
from anahp_desktop.source.view_sql import format_exact, parse_exact
from tests.helpers.fake_mssql import (
    FakeSqlServer,
    Statement,
    datetime_ticks,
    ticks,
)

BASE = datetime(2026, 10, 1, 8, 0, 0)
SAO_PAULO = ZoneInfo("America/Sao_Paulo")
SQL_VARCHAR = 12  # pyodbc.SQL_VARCHAR


@pytest.fixture
def server() -> FakeSqlServer:
    return FakeSqlServer()


@pytest.fixture
def engine(server: FakeSqlServer) -> Iterator[Engine]:
    engine = create_engine("mssql+pyodbc://u:p@sql/db?driver=FreeTDS", module=server.module())
    yield engine
    engine.dispose()


def reader(engine: Engine, page_size: int = 50, **options: object) -> ViewReader:
    return ViewReader(engine, "sinha_export", page_size, **options)  # type: ignore[arg-type]


def scan_ids(
    view_reader: ViewReader, start: ScanStart | None = None
) -> tuple[list[object], ScanEnd]:
    with view_reader.scan(start or ScanStart()) as scan:
        ids: list[object] = [row.id for page in scan.pages() for row in page.rows]
    return ids, scan.end


# -- precision ---------------------------------------------------------------------------


def test_style_121_text_is_cut_to_microseconds_never_rounded_up() -> None:
    assert parse_exact("2026-10-01 08:00:00.9999999") == datetime(2026, 10, 1, 8, 0, 0, 999999)
    assert parse_exact("2026-10-01 08:00:00.0066667") == datetime(2026, 10, 1, 8, 0, 0, 6666)
    assert parse_exact("2026-10-01 08:00:00") == datetime(2026, 10, 1, 8)
    assert format_exact(datetime(2026, 10, 1, 8, 0, 0, 123456)) == "2026-10-01 08:00:00.1234560"


def test_ties_at_100_ns_over_several_pages_are_read_once(
    server: FakeSqlServer, engine: Engine
) -> None:
    for number in range(1, 131):  # 130 rows on one datetime2(7) value pyodbc cannot hold
        server.add(number, ticks(BASE, 7))
    server.add(131, ticks(BASE, 8))
    ids, end = scan_ids(reader(engine, page_size=50))
    assert ids == list(range(1, 132))
    assert end.complete and end.last is not None and end.last.id == 131
    assert len(server.statements("ORDER BY")) == 3  # 50 + 50 + 31: no page read twice


def test_datetime_ties_the_driver_rounds_up_are_not_skipped(
    server: FakeSqlServer, engine: Engine
) -> None:
    # datetime 08:00:00.0066667 reaches Python as .007000 through Microsoft's driver
    for number in range(1, 121):
        server.add(number, datetime_ticks(BASE, 2), kind="datetime")
    server.add(121, datetime_ticks(BASE, 3), kind="datetime")
    view_reader = reader(engine)
    with view_reader.scan(ScanStart()) as scan:
        rows = [row for page in scan.pages() for row in page.rows]
    assert [row.id for row in rows] == list(range(1, 122))
    assert rows[0].updated_at == BASE + timedelta(microseconds=6666)  # cut, not .007
    assert all(row.updated_at <= BASE + timedelta(microseconds=6667) for row in rows[:120])


def test_continuing_with_pyodbc_values_would_repeat_a_page_forever_and_is_stopped(
    server: FakeSqlServer, engine: Engine
) -> None:
    for number in range(1, 121):
        server.add(number, ticks(BASE, 7))
    view_reader = reader(engine)
    view_reader.sql.exact = False  # the naive reader: bind what pyodbc returned
    with (
        pytest.raises(SourceContractError, match="same rows again"),
        view_reader.scan(ScanStart()) as scan,
    ):
        for _page in scan.pages():
            pass
    assert len(server.statements("ORDER BY")) == 2  # it noticed at once


def test_a_position_built_from_a_row_continues_a_microsecond_at_a_time(
    server: FakeSqlServer, engine: Engine
) -> None:
    # a position kept as Position(row.updated_at, row.id), without SQL Server's exact text
    for number in range(1, 121):
        server.add(number, ticks(BASE, 7))
    for number in range(121, 131):
        server.add(number, ticks(BASE + timedelta(seconds=1), 3))
    view_reader = reader(engine)
    seen: list[object] = []
    position: Position | None = None
    for _round in range(10):
        page = view_reader.next_run_page(ScanStart(), position, 50)
        seen += [row.id for row in page.rows]
        if page.last is None:
            break
        last = page.rows[-1]
        position = Position(last.updated_at, last.id)
    assert seen == list(range(1, 131))


def test_the_watermark_keeps_the_column_value_cut_to_microseconds(
    server: FakeSqlServer, engine: Engine
) -> None:
    server.add(1, ticks(BASE, 0))
    server.add(2, datetime_ticks(BASE, 2), kind="datetime")  # .0066667
    _ids, end = scan_ids(reader(engine))
    state = TimestampCursor().advance(None, end, oldest_open=None, cap=BASE + timedelta(days=1))
    assert state == CursorState(BASE + timedelta(microseconds=6666), "2", None)
    start = TimestampCursor().start(state, timedelta(0))
    server.add(3, datetime_ticks(BASE, 2), kind="datetime")  # a late commit on the same value
    again, _end = scan_ids(reader(engine), start)
    assert again == [2, 3]  # the lower bound is never above the value it came from


def test_datetime_parameters_go_as_exact_text_with_a_style(engine: Engine) -> None:
    query = reader(engine).scan_query(
        ScanStart(lower=BASE + timedelta(microseconds=123456)), None, None
    )
    compiled = query.compile(engine)
    assert "updated_at >= convert(DATETIME2(7), ?, 121)" in str(compiled)
    assert compiled.params["lower"] == "2026-10-01 08:00:00.1234560"


# -- one snapshot ------------------------------------------------------------------------


def events_of(server: FakeSqlServer, connection: int) -> list[str]:
    out: list[str] = []
    for item in server.log:
        if isinstance(item, Statement) and item.connection == connection:
            sql = " ".join(item.sql.split())
            out.append("PAGE" if "ORDER BY" in sql else sql)
        elif isinstance(item, tuple) and item[0] == connection:
            out.append(item[1])
    return out


def test_bound_first_then_each_page_in_a_snapshot_committed_before_it_is_handed_on(
    server: FakeSqlServer, engine: Engine
) -> None:
    for number in range(1, 121):
        server.add(number, ticks(BASE + timedelta(seconds=number)))
    view_reader = reader(engine, snapshot=True, cursor=RowversionCursor("row_version"))
    with view_reader.scan(ScanStart()) as scan:
        pages = [page for page in scan.pages()]
    assert scan.snapshot and len(pages) == 3 and not scan.notices
    page_connections = {s.connection for s in server.statements("ORDER BY")}
    assert len(page_connections) == 1  # every page on the one connection
    events = events_of(server, page_connections.pop())
    start = events.index(
        "SELECT snapshot_isolation_state FROM sys.databases WHERE database_id = DB_ID()"
    )
    assert events[start : start + 11] == [
        "SELECT snapshot_isolation_state FROM sys.databases WHERE database_id = DB_ID()",
        "SELECT SYSUTCDATETIME() AS now_utc, MIN_ACTIVE_ROWVERSION() AS upper_version",
        "COMMIT",  # the bound is taken before the snapshot starts
        "SET TRANSACTION ISOLATION LEVEL SNAPSHOT",  # once: the level stays on the connection
        "COMMIT",
        "PAGE",
        "COMMIT",  # no snapshot stays open while the run sends the page's batches
        "PAGE",
        "COMMIT",
        "PAGE",
        "COMMIT",
    ]
    assert events[start + 11 :].count("SET TRANSACTION ISOLATION LEVEL SNAPSHOT") == 0
    # back in the pool, the connection is reset to the isolation level it had
    assert "SET TRANSACTION ISOLATION LEVEL READ COMMITTED" in events[start + 11 :]


@pytest.mark.parametrize("number", [1205, 3961])
def test_a_page_sql_server_ends_to_give_way_is_read_once_more(
    server: FakeSqlServer, engine: Engine, number: int
) -> None:
    for record in range(1, 121):
        server.add(record, ticks(BASE + timedelta(seconds=record)))
    server.page_faults = [
        None,
        pyodbc.ProgrammingError(
            "42000",
            f"[42000] [Microsoft][ODBC Driver 18 for SQL Server][SQL Server]Mensagem do servidor. "
            f"({number}) (SQLExecDirectW)",
        ),
    ]
    ids, end = scan_ids(reader(engine, snapshot=True))
    assert ids == list(range(1, 121)) and end.complete
    assert len(server.statements("ORDER BY")) == 4  # 50, 50 (refused, then again), 20
    server.page_faults = [None, *[pyodbc.ProgrammingError("42000", f"x ({number})")] * 2]
    with pytest.raises(SourceUnavailableError) as caught:
        scan_ids(reader(engine, snapshot=True))
    assert caught.value.problem in ("deadlock", "snapshot_conflict")


def test_without_snapshot_permission_it_reads_committed_and_says_so(
    server: FakeSqlServer, engine: Engine
) -> None:
    server.snapshot_allowed = False
    server.add(1, ticks(BASE))
    view_reader = reader(engine, snapshot=True)
    with view_reader.scan(ScanStart()) as scan:
        assert [row.id for page in scan.pages() for row in page.rows] == [1]
    assert not scan.snapshot
    assert len(scan.notices) == 1 and "snapshot_isolation.sql" in scan.notices[0]
    assert not server.statements("ISOLATION LEVEL SNAPSHOT")


def test_snapshot_off_changes_no_isolation_level(server: FakeSqlServer, engine: Engine) -> None:
    server.add(1, ticks(BASE))
    scan_ids(reader(engine))
    assert not server.statements("ISOLATION LEVEL")
    assert not server.statements("snapshot_isolation_state")


def test_the_database_clock_is_read_in_the_views_time_zone(
    server: FakeSqlServer, engine: Engine
) -> None:
    from zoneinfo import ZoneInfo

    server.now_utc = datetime(2026, 10, 1, 15, 0)
    view_reader = reader(engine, timezone=ZoneInfo("America/Sao_Paulo"))
    with view_reader.scan(ScanStart()) as scan:
        assert scan.source_now == datetime(2026, 10, 1, 12, 0)


# -- rowversion ----------------------------------------------------------------------------


def test_rowversion_page_query(engine: Engine) -> None:
    view_reader = reader(engine, cursor=RowversionCursor("row_version"))
    low, high, at = (n.to_bytes(8, "big") for n in (5, 900, 40))
    from anahp_desktop.source.scan_state import ScanBound

    query = view_reader.scan_query(
        ScanStart(after_version=low),
        ScanBound(upper_version=high),
        Position(BASE, 17, None, at),
        limit=100,
    )
    sql = " ".join(str(query.compile(engine)).split())
    assert sql.startswith("SELECT TOP __[POSTCOMPILE_param_1] sinha_export.id,")
    assert (
        "WHERE sinha_export.updated_at IS NOT NULL "
        "AND sinha_export.row_version < ? AND sinha_export.row_version >= ? "
        "AND (sinha_export.row_version > ? OR "
        "sinha_export.row_version = ? AND sinha_export.id > ?) "
        "ORDER BY sinha_export.row_version, sinha_export.id"
    ) in sql
    assert "LIMIT" not in sql and "OFFSET" not in sql
    params = query.compile(engine).params
    assert "lower" not in params  # the position implies it (see ViewReader.scan_query)
    assert (params["upper"], params["after_version"]) == (high, at)
    first = view_reader.scan_query(
        ScanStart(after_version=low), ScanBound(upper_version=high), None
    )
    assert first.compile(engine).params["lower"] == low
    bound = " ".join(str(view_reader.bound_query().compile(engine)).split())
    assert bound == "SELECT SYSUTCDATETIME() AS now_utc, MIN_ACTIVE_ROWVERSION() AS upper_version"


def test_rowversion_never_misses_a_late_commit(server: FakeSqlServer, engine: Engine) -> None:
    for number in range(1, 6):
        server.add(number, ticks(BASE + timedelta(seconds=number)))
    late = server.add(6, ticks(BASE), committed=False)  # stamped early, commits later
    for number in range(7, 10):
        server.add(number, ticks(BASE + timedelta(seconds=number)))
    view_reader = reader(engine, cursor=RowversionCursor("row_version"))
    ids, end = scan_ids(view_reader)
    assert ids == [1, 2, 3, 4, 5]  # below MIN_ACTIVE_ROWVERSION(): 7..9 wait for the next run
    state = view_reader.cursor.advance(None, end, oldest_open=None, cap=BASE + timedelta(days=1))
    assert state is not None and state.cursor_value == version_text((5).to_bytes(8, "big"))
    late.committed = True
    again, _end = scan_ids(view_reader, view_reader.cursor.start(state, timedelta(0)))
    assert again == [6, 7, 8, 9]


def test_timestamps_without_lookback_do_miss_that_late_commit(
    server: FakeSqlServer, engine: Engine
) -> None:
    """The risk the rowversion cursor (or the lookback window) removes."""
    for number in range(1, 6):
        server.add(number, ticks(BASE + timedelta(seconds=number)))
    late = server.add(6, ticks(BASE), committed=False)
    view_reader = reader(engine)
    _ids, end = scan_ids(view_reader)
    state = view_reader.cursor.advance(None, end, oldest_open=None, cap=BASE + timedelta(days=1))
    late.committed = True
    again, _end = scan_ids(view_reader, view_reader.cursor.start(state, timedelta(0)))
    assert 6 not in again


def test_rowversion_watermark_stays_below_rows_an_open_batch_may_hold(
    server: FakeSqlServer, engine: Engine
) -> None:
    for number in range(1, 11):
        server.add(number, ticks(BASE + timedelta(seconds=number)))
    view_reader = reader(engine, cursor=RowversionCursor("row_version"))
    _ids, end = scan_ids(view_reader)
    oldest_open = BASE + timedelta(seconds=4)  # rows 4.. are in a batch still being sent
    state = view_reader.next_watermark(
        None, end, oldest_open=oldest_open, cap=BASE + timedelta(days=1)
    )
    assert state is not None and state.cursor_value == version_text((3).to_bytes(8, "big"))
    assert state.updated_at == oldest_open


def test_rowversion_needs_sql_server() -> None:
    sqlite = create_engine("sqlite://")
    with pytest.raises(ConfigurationError, match="rowversion cursor needs Microsoft SQL Server"):
        ViewReader(sqlite, "sinha_export", cursor=RowversionCursor("row_version"))


def test_a_missing_rowversion_column_is_named(server: FakeSqlServer, engine: Engine) -> None:
    view_reader = reader(engine, cursor=RowversionCursor("row_version"), timezone=SAO_PAULO)
    view_reader.check_contract()  # the stand-in has it
    other = reader(engine, cursor=RowversionCursor("rv_missing"), timezone=SAO_PAULO)
    with pytest.raises(SourceContractError, match="rv_missing"):
        other.check_contract()


def test_lookups_by_id_leave_the_column_alone_so_its_index_is_used(engine: Engine) -> None:
    query = reader(engine).by_ids_query(["1038", "AT-9"])
    sql = str(query.compile(engine))
    where = sql.split("WHERE", 1)[1]
    assert "CAST" not in where.upper()
    assert "sinha_export.id IN" in where
    params = query.compile(engine).binds
    assert all(
        type(p.type).__name__ == "Unicode" for name, p in params.items() if name.startswith("id_")
    )


# -- the view's column types --------------------------------------------------------------


def varchar_ids_under_a_sql_collation(server: FakeSqlServer) -> list[str]:
    """24 ids on one updated_at: 'h-00'..'h-11' sort before 'h00'..'h11' (hyphen < digit)."""
    server.column_types["id"] = ("varchar", "SQL_Latin1_General_CP1_CI_AS")
    ids = [f"h-{n:02d}" for n in range(12)] + [f"h{n:02d}" for n in range(12)]
    for record_id in ids:
        server.add(record_id, ticks(BASE))
    return ids


def test_varchar_ids_under_a_sql_collation_are_bound_as_varchar_and_none_is_skipped(
    server: FakeSqlServer, engine: Engine
) -> None:
    ids = varchar_ids_under_a_sql_collation(server)
    view_reader = reader(engine, page_size=10, timezone=SAO_PAULO)
    view_reader.check_contract()  # learns id: varchar, SQL_Latin1_General_CP1_CI_AS
    read, end = scan_ids(view_reader)
    assert read == ids and end.complete
    keyset = [s for s in server.statements("ORDER BY") if s.params and "h-09" in s.params]
    assert keyset and all(SQL_VARCHAR in [_kind(z) for z in s.sizes] for s in keyset)


def test_the_stand_in_shows_what_an_nvarchar_parameter_would_skip(
    server: FakeSqlServer, engine: Engine
) -> None:
    """Without the check, the keyset compares with word sort and skips 'h00'..'h09'."""
    ids = varchar_ids_under_a_sql_collation(server)
    read, _end = scan_ids(reader(engine, page_size=10))
    assert read == ids[:12] + ids[22:]


def test_a_datetimeoffset_updated_at_is_refused(server: FakeSqlServer, engine: Engine) -> None:
    server.column_types["updated_at"] = ("datetimeoffset", None)
    with pytest.raises(SourceContractError, match=r"datetimeoffset.*SWITCHOFFSET"):
        reader(engine, timezone=SAO_PAULO).check_contract()


@pytest.mark.parametrize(
    ("offset", "fragment"),
    [(-240, "UTC-04:00 but source.timezone is America/Sao_Paulo (UTC-03:00)"), (0, "UTC+00:00")],
    ids=["manaus", "utc"],
)
def test_a_server_in_another_time_zone_is_refused(
    server: FakeSqlServer, engine: Engine, offset: int, fragment: str
) -> None:
    server.add(1, ticks(BASE))
    server.utc_offset_minutes = offset
    with pytest.raises(ConfigurationError, match=r"source\.timezone") as caught:
        reader(engine, timezone=SAO_PAULO).check_contract()
    assert fragment in caught.value.message


def test_the_configured_time_zone_that_matches_the_server_passes(
    server: FakeSqlServer, engine: Engine
) -> None:
    server.utc_offset_minutes = -240
    reader(engine, timezone=ZoneInfo("America/Manaus")).check_contract()


def _kind(size: object) -> object:
    return size[0] if isinstance(size, tuple) else size


# -- the rowversion cursor's limits ---------------------------------------------------------


def test_a_rowversion_bound_held_by_a_forgotten_transaction_is_reported(
    server: FakeSqlServer, engine: Engine
) -> None:
    for number in range(1, 6):
        server.add(number, ticks(BASE + timedelta(seconds=number)))
    view_reader = reader(engine, cursor=RowversionCursor("row_version"))
    _ids, end = scan_ids(view_reader)
    assert end.last is not None and end.last.version is not None
    server.add(6, ticks(BASE + timedelta(minutes=1)), committed=False)  # left open
    for number in range(7, 10):
        server.add(number, ticks(BASE + timedelta(minutes=number)))
    with view_reader.scan(ScanStart(after_version=end.last.version)) as scan:
        assert [row.id for page in scan.pages() for row in page.rows] == []
    assert len(scan.notices) == 1
    assert "3 newer row(s) wait" in scan.notices[0]
    assert "sys.dm_tran_active_transactions" in scan.notices[0]
    (count,) = server.statements("READPAST")
    assert "FROM sinha_export WITH (READPAST) WHERE" in " ".join(count.sql.split())


def test_no_stall_is_reported_while_the_bound_moves(server: FakeSqlServer, engine: Engine) -> None:
    for number in range(1, 6):
        server.add(number, ticks(BASE + timedelta(seconds=number)))
    view_reader = reader(engine, cursor=RowversionCursor("row_version"))
    _ids, end = scan_ids(view_reader)
    assert end.last is not None
    server.add(6, ticks(BASE + timedelta(minutes=1)))
    with view_reader.scan(ScanStart(after_version=end.last.version)) as scan:
        assert [row.id for page in scan.pages() for row in page.rows] == [6]
    assert scan.notices == []


def test_the_rowversion_cursor_is_refused_for_a_view_over_another_database(
    server: FakeSqlServer, engine: Engine
) -> None:
    server.other_databases = ["HIS_PROD"]
    view_reader = reader(engine, cursor=RowversionCursor("row_version"), timezone=SAO_PAULO)
    with pytest.raises(ConfigurationError, match="HIS_PROD"):
        view_reader.check_contract()
    reader(engine, timezone=SAO_PAULO).check_contract()  # the other cursors do not care


def test_a_statement_sqlalchemy_cannot_build_is_our_bug_not_the_hospital_databases(
    engine: Engine,
) -> None:
    """Only the database's own errors become "the hospital database ..." sentences."""
    view_reader = reader(engine)
    query = view_reader.scan_query(ScanStart(), None, None).where(bindparam("missing") == 1)
    with pytest.raises(StatementError) as caught:
        view_reader.fetch_page(None, query, 50)
    assert not isinstance(caught.value, DBAPIError)
    assert "A value is required for bind parameter 'missing'" in str(caught.value)
