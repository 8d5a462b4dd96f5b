"""The transformer's fast path gives exactly what the full checks give, or steps aside.

``Transformer.transform`` first tries a fast path for plain, valid rows and
falls back to ``Transformer.checked`` (every rule, one value at a time). These
tests run both on valid rows, on every broken row of the bad-input corpus,
on generated data with many invalid rows, and on values chosen to sit at the
edge of what the fast path accepts.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from anahp_desktop.demo.generator import GeneratorOptions, rows
from anahp_desktop.source.contract import SourceRow, as_datetime
from anahp_desktop.transform.pseudonym import Pseudonymizer
from anahp_desktop.transform.validate import Rejection, Transformer
from tests.helpers.source_db import BASE_TIME, valid_row
from tests.reliability.test_bad_input import CORPUS

TZ = ZoneInfo("America/Sao_Paulo")
TRANSFORMER = Transformer(Pseudonymizer(b"k"), TZ, BASE_TIME + timedelta(days=1))

EDGE_VALUES: dict[str, list[Any]] = {
    "id": [7, "  7  ", "", " ", True, 7.0, "i" * 64, "i" * 65, "id\u00a0x", b"7", "\ufffd"],
    "cnes": [" 2077485 ", "2077485\n", "٢٠٧٧٤٨٥", "²077485", 2077485, "2077485 x", None],
    "atendimento": [
        "AT1",
        " AT1 ",
        "A" * 40,
        "A" * 41,
        "AT\u00a01",
        "AT\u2028",
        "AT\u00ad",
        12,
        "AT\u200b1",
        "\u202eAT1",
    ],
    "data_internacao": [
        BASE_TIME - timedelta(days=5),
        (BASE_TIME - timedelta(days=5)).isoformat(),
        " 2026-09-26 08:00:00 ",
        "2026-09-26T08:00:00+00:00",
        datetime(2026, 9, 26, 8, tzinfo=UTC),
        date(2026, 9, 26),
        "2026-09-26",
        BASE_TIME + timedelta(days=3),
        "",
        datetime(1, 1, 1),
        datetime(1900, 1, 1, 10),
        datetime(1970, 1, 1),
        datetime(1969, 12, 31, 23, 59, 59),
        BASE_TIME - timedelta(days=3650),
        BASE_TIME - timedelta(days=3651),
    ],
    "data_alta": [
        BASE_TIME - timedelta(days=1),
        BASE_TIME - timedelta(days=6),
        BASE_TIME + timedelta(days=1, hours=23),
        BASE_TIME + timedelta(days=2, seconds=1),
        "2026-09-29 12:00:00.123456",
        datetime(2026, 9, 29, 12, tzinfo=timezone(timedelta(hours=-3))),
    ],
    "tipo_alta": ["1", " 12 ", "1\n", "ab", "123", "", "1;", 1, "١"],
    "cid_principal": [
        "J18.9",
        "j18.9",
        " J18.9 ",
        "J18.99",
        "J1899X",
        "J.1.8",
        "ß18",
        "J18\u00a0",
        "J18.9.9",
        "J18.",
        "J1.89",
    ],
    "sexo": ["M", "f", " i ", "X", "MM", "", "ß", "\u0130", 1],
    "data_nascimento": [
        date(1970, 5, 17),
        "1970-05-17",
        " 1970-05-17 ",
        datetime(1970, 5, 17, 23, 59),
        "1970-05-17T10:00:00+05:00",
        date(1896, 1, 1),
        date(1895, 1, 1),
        (BASE_TIME - timedelta(days=5)).date(),
        (BASE_TIME - timedelta(days=4)).date(),
        "1970-02-30",
        "",
    ],
    "convenio": [None, "", "   ", "Unimed", " Unimed ", "C" * 60, "C" * 61, "Uni\x00", 5],
    "setor": [None, "Clínica Médica", "UTI\x07", "Uni\ufffdmed", "UTI\u00a0Adulto", b"UTI"],
}


def both(row: SourceRow) -> tuple[dict[str, Any] | Rejection, dict[str, Any] | Rejection]:
    return TRANSFORMER.transform(row), TRANSFORMER.checked(row)


def source_row(**overrides: Any) -> SourceRow:
    return SourceRow(**valid_row(overrides.pop("id", 7), BASE_TIME, **overrides))


def test_a_valid_row_takes_the_fast_path_and_gets_the_same_record() -> None:
    row = source_row()
    fast, full = both(row)
    assert isinstance(fast, dict) and fast == full
    assert list(fast) == list(full)  # the same key order: the same JSON bytes
    assert TRANSFORMER._plain(row) == full


#: the corpus cases that reach the transformer (a row without a usable updated_at never does)
TRANSFORMED = [c for c in CORPUS if as_datetime(c.overrides.get("updated_at", BASE_TIME))]


@pytest.mark.parametrize("case", TRANSFORMED, ids=lambda case: case.name)
def test_every_broken_row_of_the_corpus_gets_the_same_answer(case: Any) -> None:
    overrides = dict(case.overrides)
    updated = as_datetime(overrides.pop("updated_at", BASE_TIME))
    row = SourceRow(**valid_row(overrides.pop("id", 7), updated, **overrides))
    fast, full = both(row)
    assert fast == full


@pytest.mark.parametrize("column", sorted(EDGE_VALUES))
def test_edge_values_get_the_same_answer(column: str) -> None:
    for value in EDGE_VALUES[column]:
        overrides = {column: value}
        if column == "id":
            row = SourceRow(**valid_row(value, BASE_TIME))
        else:
            row = source_row(**overrides)
        fast, full = both(row)
        assert fast == full, (column, value)


def test_pairs_of_edge_values_get_the_same_answer() -> None:
    columns = ("data_internacao", "data_alta", "data_nascimento", "cid_principal", "sexo")
    for first, second in itertools.combinations(columns, 2):
        for a, b in itertools.product(EDGE_VALUES[first], EDGE_VALUES[second]):
            row = source_row(**{first: a, second: b})
            fast, full = both(row)
            assert fast == full, (first, a, second, b)


def test_generated_rows_with_many_invalid_ones_get_the_same_answer() -> None:
    options = GeneratorOptions(
        records=3000, invalid_rate=0.4, server_reject_rate=0.05, null_updated_at=0, seed=11
    )
    transformer = Transformer(Pseudonymizer(b"k"), TZ, datetime.now() + timedelta(days=1))
    plain = 0
    for values in rows(options):
        row = SourceRow(values[0], as_datetime(values[1]), *values[2:])  # type: ignore[arg-type]
        fast, full = transformer.transform(row), transformer.checked(row)
        assert fast == full, values
        plain += transformer._plain(row) is not None
    assert 1500 < plain < 2000  # most valid rows took the fast path


def test_a_value_seen_before_gets_the_same_answer_as_the_first_time() -> None:
    """The fast path keeps its verdict per distinct text: the second row must not differ."""
    transformer = Transformer(Pseudonymizer(b"k"), TZ, BASE_TIME + timedelta(days=1))
    for column in ("cnes", "tipo_alta", "cid_principal", "sexo", "convenio", "setor"):
        for value in EDGE_VALUES[column]:
            row = source_row(**{column: value})
            first = transformer.transform(row)
            assert transformer.transform(row) == first == transformer.checked(row), (column, value)


def test_the_verdicts_kept_are_bounded() -> None:
    from anahp_desktop.transform.validate import VALUES_KEPT

    transformer = Transformer(Pseudonymizer(b"k"), TZ, BASE_TIME + timedelta(days=1))
    for number in range(VALUES_KEPT + 10):
        record = transformer.transform(source_row(convenio=f"Convênio {number}"))
        assert isinstance(record, dict) and record["convenio"] == f"Convênio {number}"
    assert 0 < len(transformer._memo.optional) <= VALUES_KEPT
