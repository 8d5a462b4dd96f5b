"""The reader's keyset pages on a real SQLite view: what each page query asks, and what it costs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event

from anahp_desktop.domain.values import RecordKey
from anahp_desktop.source.contract import SourceRow
from anahp_desktop.source.scan_state import Position, ScanStart
from anahp_desktop.source.view_reader import ViewReader
from tests.helpers.source_db import BASE_TIME, SourceDb, valid_row

ROWS = 3000
PAGE = 100
LOWER = BASE_TIME - timedelta(hours=1)  # a watermark before the first row
FLOOR = BASE_TIME + timedelta(seconds=9)  # migrate-from-service delivered rows 1..10


@pytest.fixture
def source(tmp_path: Path) -> SourceDb:
    db = SourceDb(tmp_path / "source.sqlite").create()
    db.add_valid(ROWS)
    return db


@pytest.fixture
def engine(source: SourceDb) -> Iterator[Engine]:
    engine = create_engine(source.url)
    yield engine
    engine.dispose()


class VmSteps:
    """SQLite's virtual machine steps of every statement: the rows a query walks."""

    def __init__(self, engine: Engine) -> None:
        self.count = 0
        event.listen(engine, "connect", self._watch)

    def _watch(self, dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.set_progress_handler(self._step, 1)

    def _step(self) -> int:
        self.count += 1
        return 0


def test_a_page_after_a_position_has_no_lower_bound_but_the_keyset() -> None:
    reader = ViewReader(create_engine("sqlite://"), "sinha_export")
    after = Position(BASE_TIME + timedelta(seconds=50), 51)
    start = ScanStart(lower=LOWER, floor=FLOOR)
    params = reader.scan_query(start, None, after).compile().params
    assert "lower" not in params and "floor" not in params
    assert params["after_updated_at"] == after.updated_at and params["after_id"] == 51
    first = reader.scan_query(start, None, None).compile().params
    assert (first["lower"], first["floor"]) == (LOWER, FLOOR)


def test_a_run_from_a_watermark_and_a_floor_reads_every_row_above_the_floor_once(
    engine: Engine,
) -> None:
    reader = ViewReader(engine, "sinha_export", page_size=PAGE)
    ids: list[int] = []
    with reader.scan(ScanStart(lower=LOWER, floor=FLOOR)) as scan:
        for page in scan.pages():
            ids.extend(int(row.id) for row in page.rows)
        assert scan.end.complete
    assert ids == list(range(11, ROWS + 1))


def test_the_last_page_of_a_run_from_a_watermark_costs_what_the_first_does(
    engine: Engine,
) -> None:
    """Each page seeks to its position: a long run reads linearly, not quadratically."""
    steps = VmSteps(engine)
    reader = ViewReader(engine, "sinha_export", page_size=PAGE)
    per_page: list[int] = []
    with reader.scan(ScanStart(lower=LOWER, floor=FLOOR)) as scan:
        before = steps.count
        for _page in scan.pages():
            per_page.append(steps.count - before)
            before = steps.count
    assert len(per_page) == 30
    # before: the last full page walked every row from the watermark (about 30 times the first)
    assert max(per_page[1:-1]) < 2 * per_page[1]


def test_a_page_holds_the_values_as_the_driver_returned_them(
    source: SourceDb, engine: Engine
) -> None:
    """The SQLite fast path (the driver's tuples) changes nothing a row holds."""
    source.insert([valid_row(ROWS + 1, BASE_TIME + timedelta(days=1), data_alta="ontem", sexo=7)])
    reader = ViewReader(engine, "sinha_export", page_size=PAGE)
    page = reader.next_run_page(ScanStart(lower=BASE_TIME + timedelta(hours=12)), None, PAGE)
    (row,) = page.rows
    assert type(row) is SourceRow and row.key == RecordKey(str(ROWS + 1), row.updated_at)
    assert (row.id, row.updated_at, row.data_alta, row.sexo) == (
        ROWS + 1,
        BASE_TIME + timedelta(days=1),
        "ontem",
        7,
    )
    assert row.data_internacao == "2026-09-26 08:00:00.000000" and row.setor == "Clínica Médica"
    assert page.end == Position(row.updated_at, ROWS + 1) and page.last is None
