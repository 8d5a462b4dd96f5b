"""The old service's operations_log: likely columns recognised, the rest named and skipped."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine

from anahp_desktop.migration import service_log
from anahp_desktop.migration.service_log import ImportTally, Role, recognise

SAO_PAULO = ZoneInfo("America/Sao_Paulo")


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (
            ["id", "id_lote", "status", "timestamp", "message", "payload"],
            {
                Role.ID_LOTE: "id_lote",
                Role.STATUS: "status",
                Role.STARTED_AT: "timestamp",
                Role.MESSAGE: "message",
            },
        ),
        (
            ["ID", "Batch_ID", "Status_Code", "Result", "Created_At", "Finished_At", "Error"],
            {
                Role.ID_LOTE: "Batch_ID",
                Role.HTTP_STATUS: "Status_Code",
                Role.STATUS: "Result",
                Role.STARTED_AT: "Created_At",
                Role.FINISHED_AT: "Finished_At",
                Role.MESSAGE: "Error",
            },
        ),
        (
            ["lote", "situacao", "data_hora", "mensagem", "resposta", "cnes", "quantidade"],
            {
                Role.ID_LOTE: "lote",
                Role.STATUS: "situacao",
                Role.STARTED_AT: "data_hora",
                Role.MESSAGE: "mensagem",
                Role.RESPONSE: "resposta",
                Role.CNES: "cnes",
                Role.RECORDS: "quantidade",
            },
        ),
        (["id", "request_body", "user_id"], {}),
    ],
)
def test_likely_columns_are_recognised_by_name(
    columns: list[str], expected: dict[Role, str]
) -> None:
    assert recognise(columns) == expected


def make_service_table(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TABLE operations_log (id INTEGER PRIMARY KEY, id_lote TEXT, status TEXT, "
            "timestamp TEXT, message TEXT, request_payload TEXT)"
        )
        conn.executemany(
            "INSERT INTO operations_log (id_lote, status, timestamp, message, request_payload) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                ("L-1", "SUCCESS", "2026-11-27T10:00:00", None, '{"atendimento": "AT1"}'),
                ("L-2", "failed", "2026-11-27T10:15:00", "503 Service Unavailable", "{}"),
                ("L-3", "processing", "2026-11-27T10:30:00", None, "{}"),
                ("L-4", "201", "2026-11-27T10:45:00+00:00", None, "{}"),
                ("L-5", "queued", "2026-11-27T11:00:00", "waiting", "{}"),
                ("L-6", "success", "not a time", None, "{}"),
            ],
        )
    conn.close()


def test_the_table_is_found_and_its_rows_become_imported_attempts(tmp_path: Path) -> None:
    path = tmp_path / "hospital.sqlite"
    make_service_table(path)
    engine = create_engine(f"sqlite:///{path}")
    log = service_log.find(engine)
    assert log is not None
    assert log.rows == 6
    assert log.read_columns == ("id_lote", "status", "timestamp", "message")
    assert log.skipped_columns == ("id", "request_payload")

    tally = ImportTally()
    rows = [
        row
        for chunk in service_log.read_attempts(engine, log, SAO_PAULO, "m-1", tally)
        for row in chunk
    ]
    engine.dispose()

    assert [(r["id_lote"], r["status"], r["started_at"], r["http_status"]) for r in rows] == [
        ("L-1", "success", datetime(2026, 11, 27, 13, 0), None),
        ("L-2", "failed", datetime(2026, 11, 27, 13, 15), None),
        ("L-3", "interrupted", datetime(2026, 11, 27, 13, 30), None),
        ("L-4", "success", datetime(2026, 11, 27, 10, 45), 201),
        ("L-5", "failed", datetime(2026, 11, 27, 14, 0), None),
    ]
    assert {r["trigger"] for r in rows} == {"imported"}
    assert {r["run_id"] for r in rows} == {"m-1"}
    assert rows[1]["error_message"] == "503 Service Unavailable"
    assert rows[2]["error_message"] == "the previous service recorded no end"
    assert rows[4]["error_message"] == "status in the previous service: queued — waiting"
    assert all("AT1" not in str(row) for row in rows)  # the payload column is never read
    assert (tally.imported, tally.without_time, tally.unknown_statuses) == (5, 1, {"queued"})


def test_this_apps_own_log_is_not_the_services(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TABLE operations_log (id INTEGER, run_id TEXT, trigger TEXT, app_version TEXT)"
        )
    conn.close()
    engine = create_engine(f"sqlite:///{path}")
    assert service_log.find(engine) is None
    assert service_log.find(create_engine(f"sqlite:///{tmp_path / 'empty.sqlite'}")) is None
    engine.dispose()


def test_a_table_without_any_time_column_is_found_but_not_importable(tmp_path: Path) -> None:
    path = tmp_path / "hospital.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE operations_log (id INTEGER, id_lote TEXT, status TEXT)")
    conn.close()
    engine = create_engine(f"sqlite:///{path}")
    log = service_log.find(engine)
    engine.dispose()
    assert log is not None and not log.importable
    assert log.read_columns == ("id_lote", "status")


@pytest.mark.parametrize(
    ("value", "http_status", "status"),
    [
        (True, None, "success"),
        (0, None, "failed"),
        (500, None, "failed"),
        ("Concluído", None, "success"),
        ("in progress", None, "interrupted"),
        ("rejeitado", None, "rejected"),
        (None, 201, "success"),
        (None, 502, "failed"),
    ],
)
def test_statuses_map_to_this_apps(value: object, http_status: int | None, status: str) -> None:
    row = service_log._attempt(
        {
            Role.STATUS: value,
            Role.HTTP_STATUS: http_status,
            Role.STARTED_AT: datetime(2026, 1, 1, tzinfo=UTC),
        },
        SAO_PAULO,
        "m",
        ImportTally(),
    )
    assert row is not None and row["status"] == status
