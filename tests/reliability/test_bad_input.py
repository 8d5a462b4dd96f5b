"""The bad input corpus: broken source rows, each rejected or handled as documented.

All the broken rows share one batch-sized window with valid rows, so the test
also proves that the valid neighbours are delivered and that no broken row
stops the run. SQLite holds any value in any column (like a view over badly
typed data); PostgreSQL runs the cases its typed columns can hold.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import inspect, select

from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.source.contract import storage_id
from anahp_desktop.state.schema import rejections
from anahp_desktop.sync.service import SyncService
from tests.helpers.outcomes import outcomes, sinha_versions
from tests.helpers.source_db import BASE_TIME, SourceDb, valid_row

NOW_ISH = datetime.now()


@dataclass(frozen=True)
class Case:
    name: str
    overrides: dict[str, Any]
    expect: str | None  # a rejection reason code, "delivered", "skipped" or "duplicate"
    pg: bool = True  # the value fits PostgreSQL's typed columns
    extra: dict[str, Any] = field(default_factory=dict)


INJECTION = "x'); DROP TABLE operations_log; --"

CORPUS: list[Case] = [
    Case("null cnes", {"cnes": None}, "cnes_missing"),
    Case("null atendimento", {"atendimento": None}, "atendimento_missing"),
    Case("null data_internacao", {"data_internacao": None}, "data_internacao_missing"),
    Case("null data_alta", {"data_alta": None}, "data_alta_missing"),
    Case("null tipo_alta", {"tipo_alta": None}, "tipo_alta_missing"),
    Case("null cid_principal", {"cid_principal": None}, "cid_missing"),
    Case("null sexo", {"sexo": None}, "sexo_missing"),
    Case("null data_nascimento", {"data_nascimento": None}, "nascimento_missing"),
    Case("null convenio is allowed", {"convenio": None}, "delivered"),
    Case("null setor is allowed", {"setor": None}, "delivered"),
    Case("null updated_at is counted, never sent", {"updated_at": None}, "skipped"),
    Case("null id is counted, never sent", {"id": None}, "skipped"),
    Case("updated_at that is not a date", {"updated_at": "ontem"}, "skipped", pg=False),
    Case(
        "impossible discharge date",
        {"data_alta": "2026-02-30 10:00:00"},
        "data_alta_invalid",
        pg=False,
    ),
    Case(
        "impossible birth date", {"data_nascimento": "1970-13-01"}, "nascimento_invalid", pg=False
    ),
    Case("discharge text", {"data_alta": "amanhã"}, "data_alta_invalid", pg=False),
    Case(
        "discharge before admission",
        {"data_alta": BASE_TIME - timedelta(days=30)},
        "alta_before_internacao",
    ),
    Case(
        "admission in the future",
        {"data_internacao": NOW_ISH + timedelta(days=3), "data_alta": NOW_ISH + timedelta(days=4)},
        "data_internacao_future",
    ),
    Case("discharge in the future", {"data_alta": NOW_ISH + timedelta(days=2)}, "data_alta_future"),
    Case("ICD-10 letters only", {"cid_principal": "XYZ"}, "cid_invalid"),
    Case("ICD-10 too long", {"cid_principal": "J18.999"}, "cid_invalid"),
    Case("ICD-10 digit first", {"cid_principal": "1J8"}, "cid_invalid"),
    Case("ICD-10 lower case is normalised", {"cid_principal": "j18.9"}, "delivered"),
    Case("CNES with 6 digits", {"cnes": "207748"}, "cnes_not_7_digits"),
    Case("CNES with 8 digits", {"cnes": "20774851"}, "cnes_not_7_digits"),
    Case("CNES with a letter", {"cnes": "2O77485"}, "cnes_not_7_digits"),
    Case("CNES blank", {"cnes": "       "}, "cnes_missing"),
    Case("CNES as a number", {"cnes": 2077485}, "delivered", pg=False),
    Case("over-long atendimento", {"atendimento": "A" * 41}, "atendimento_too_long"),
    Case("over-long convenio", {"convenio": "C" * 61}, "convenio_too_long"),
    Case("over-long setor", {"setor": "S" * 200}, "setor_too_long"),
    Case("bell character in setor", {"setor": "UTI\x07"}, "control_characters"),
    Case("NUL in convenio", {"convenio": "Uni\x00med"}, "control_characters", pg=False),
    Case(
        "broken UTF-8 in atendimento", {"atendimento": b"AT\xff\xfe"}, "invalid_unicode", pg=False
    ),
    Case("replacement character", {"convenio": "Uni\ufffdmed"}, "invalid_unicode"),
    Case("sexo X", {"sexo": "X"}, "sexo_invalid"),
    Case("sexo lower case is normalised", {"sexo": "m"}, "delivered"),
    Case("sexo as a number", {"sexo": 1}, "sexo_invalid", pg=False),
    Case("age over 130", {"data_nascimento": date(1850, 1, 1)}, "age_out_of_range"),
    Case(
        "born after admission",
        {"data_nascimento": BASE_TIME.date() + timedelta(days=30)},
        "age_out_of_range",
    ),
    Case("tipo_alta too long", {"tipo_alta": "123"}, "tipo_alta_invalid"),
    Case("tipo_alta punctuation", {"tipo_alta": "1;"}, "tipo_alta_invalid"),
    Case("id over 64 characters", {"id": "i" * 80}, "id_too_long"),
    Case("id with a control character", {"id": "id\x01x"}, "control_characters"),
    Case("injection in setor is data", {"setor": INJECTION[:60]}, "delivered"),
    Case("injection in id is data", {"id": "1'; DROP TABLE sinha_batches; --"}, "delivered"),
    Case("injection in cnes is rejected as data", {"cnes": "'; --"}, "cnes_not_7_digits"),
    # dates that are placeholders or typos, not dates
    Case(
        "admission on SQL Server's first datetime",
        {"data_internacao": datetime(1753, 1, 1)},
        "data_internacao_too_old",
    ),
    Case(
        "admission in 1826",
        {"data_internacao": datetime(1826, 3, 4, 10)},
        "data_internacao_too_old",
    ),
    Case(
        "admission on 1900-01-01 (local mean time in Sao Paulo)",
        {"data_internacao": datetime(1900, 1, 1, 10)},
        "data_internacao_too_old",
    ),
    Case(
        "a stay of 73,044 days",
        {"data_internacao": datetime(1826, 9, 1, 10), "data_alta": BASE_TIME},
        "data_internacao_too_old",
    ),
    Case(
        "a stay of eleven years",
        {"data_internacao": BASE_TIME - timedelta(days=11 * 365), "data_alta": BASE_TIME},
        "stay_too_long",
    ),
    Case(
        "updated_at on 9999-12-31",
        {"updated_at": datetime(9999, 12, 31)},
        "updated_at_out_of_range",
    ),
    # a code checked as written, before its dot is removed
    Case("ICD-10 with two dots", {"cid_principal": "J18.9.9"}, "cid_invalid"),
    Case("ICD-10 with a dot in the category", {"cid_principal": "J1.89"}, "cid_invalid"),
    # characters that hide or reorder text, or break lines
    Case("right-to-left override", {"setor": "UTI‮odluda"}, "invisible_characters"),
    Case("line separator", {"convenio": "Unimed Rio"}, "invisible_characters"),
    Case(
        "zero-width space in atendimento",
        {"atendimento": "AT​100"},
        "invisible_characters",
    ),
    Case("whole row duplicated", {}, "duplicate", extra={"duplicate": True}),
    Case("same id, newer version", {}, "delivered", extra={"second_version": True}),
]


def build(
    source_db: Any, cases: list[Case]
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """Valid rows around every broken one, all within one batch; returns (valid rows, rows by case)."""
    rows: list[dict[str, Any]] = []
    by_case: dict[str, dict[str, Any]] = {}
    valid: list[dict[str, Any]] = []
    moment = BASE_TIME
    for index, case in enumerate(cases):
        moment += timedelta(seconds=1)
        neighbour = valid_row(f"ok-{index}", moment)
        valid.append(neighbour)
        moment += timedelta(seconds=1)
        overrides = dict(case.overrides)
        record_id = overrides.pop("id", f"case-{index}")
        updated_at = overrides.pop("updated_at", moment)
        row = valid_row(record_id, updated_at, **overrides)
        by_case[case.name] = row
        rows += [neighbour, row]
        if case.extra.get("duplicate"):
            rows.append(dict(row))
        if case.extra.get("second_version"):
            newer = dict(row, updated_at=moment + timedelta(milliseconds=500))
            rows.append(newer)
            by_case[case.name + " (newer)"] = newer
    source_db.insert(rows)
    return valid, by_case


@pytest.mark.parametrize("source_db", ["sqlite", "postgresql"], indirect=True)
def test_every_broken_row_is_rejected_or_handled_and_the_run_survives(
    source_db: Any, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    on_pg = not isinstance(source_db, SourceDb)
    cases = [c for c in CORPUS if c.pg or not on_pg]
    assert on_pg or len(cases) >= 30
    valid, by_case = build(source_db, cases)
    service = make_service(sync={"batch_size": 500, "page_size": 37})
    summary = service.run(Trigger.CLI)
    assert summary.status == "success", summary.message
    result = outcomes(service.store)

    with service.store.reading() as conn:
        reasons = {(r.record_id, r.updated_at): r.reasons for r in conn.execute(select(rejections))}
    delivered_ids = {record_id for record_id, _u in result.delivered}
    for row in valid:
        assert (row["id"], row["updated_at"]) in result.delivered
    for case in cases:
        row = by_case[case.name]
        key_id = storage_id(row["id"]) if row["id"] is not None else None
        if case.expect == "delivered":
            assert key_id in delivered_ids, case.name
        elif case.expect in ("skipped",):
            assert key_id not in delivered_ids, case.name
        elif case.expect == "duplicate":
            assert sum(1 for i, _u in sinha_versions(emulator) if i == row["id"]) == 1, case.name
        else:
            matching = [text for (rid, _u), text in reasons.items() if rid == key_id]
            assert matching, f"{case.name}: not rejected"
            assert case.expect in matching[0], f"{case.name}: {matching[0]}"
    if not on_pg:
        assert summary.null_updated_at == 1
        assert summary.unusable_rows == 2  # the NULL id and the unparsable updated_at
        assert summary.duplicates == 1
    # strings are data: every table is still there
    tables = set(inspect(service.store.engine).get_table_names())
    assert {"operations_log", "sinha_batches", "sinha_rejections"} <= tables
    versions = sinha_versions(emulator)
    assert len(versions) == len(set(versions))
    # a second run neither resends nor re-rejects anything
    again = service.run(Trigger.CLI)
    assert (again.delivered, again.rejected, again.batches) == (0, 0, 0)


def test_broken_utf8_in_sqlite_is_a_rejection_not_a_crash(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(2)
    with sqlite3.connect(source_db.path) as conn:
        conn.execute(
            "INSERT INTO src SELECT 'raw-1', updated_at, cnes, CAST(x'41ff54' AS TEXT), data_internacao, data_alta, "
            "tipo_alta, cid_principal, sexo, data_nascimento, convenio, setor FROM src LIMIT 1"
        )
    conn.close()
    summary = make_service().run(Trigger.CLI)
    assert (summary.status, summary.delivered, summary.rejected) == ("success", 2, 1)
