"""Every validation rule of the engine issue, one test each (pure, no I/O)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from anahp_desktop.source.contract import SourceRow
from anahp_desktop.transform.pseudonym import Pseudonymizer
from anahp_desktop.transform.reasons import Reason
from anahp_desktop.transform.validate import Rejection, Transformer
from tests.helpers.source_db import BASE_TIME, valid_row

NOW = BASE_TIME + timedelta(days=1)
TZ = ZoneInfo("America/Sao_Paulo")
TRANSFORMER = Transformer(Pseudonymizer(b"k"), TZ, NOW)


def transform(**overrides: Any) -> dict[str, Any] | Rejection:
    row = valid_row(overrides.pop("id", 7), overrides.pop("updated_at", BASE_TIME), **overrides)
    return TRANSFORMER.transform(SourceRow(**row))


def reasons(**overrides: Any) -> set[str]:
    result = transform(**overrides)
    assert isinstance(result, Rejection), result
    return {code.value for code, _field in result.reasons}


def test_valid_row_becomes_the_contract_record() -> None:
    record = transform()
    assert isinstance(record, dict)
    assert record == {
        "id_registro": "7",
        "atualizado_em": "2026-10-01T08:00:00-03:00",
        "atendimento_hash": Pseudonymizer(b"k").pseudonym("AT7"),
        "data_internacao": "2026-09-26T08:00:00-03:00",
        "data_alta": "2026-09-29T12:00:00-03:00",
        "permanencia_dias": 3,
        "tipo_alta": "1",
        "cid_principal": "J189",
        "sexo": "F",
        "idade_anos": 56,
        "convenio": "Unimed",
        "setor": "Clínica Médica",
    }


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"cnes": None}, Reason.CNES_MISSING),
        ({"cnes": "207748"}, Reason.CNES_NOT_7_DIGITS),
        ({"cnes": "20774851"}, Reason.CNES_NOT_7_DIGITS),
        ({"cnes": "2O77485"}, Reason.CNES_NOT_7_DIGITS),
        ({"atendimento": None}, Reason.ATENDIMENTO_MISSING),
        ({"atendimento": "  "}, Reason.ATENDIMENTO_MISSING),
        ({"atendimento": "A" * 41}, Reason.ATENDIMENTO_TOO_LONG),
        ({"data_internacao": None}, Reason.DATA_INTERNACAO_MISSING),
        ({"data_internacao": "2026-02-30 10:00:00"}, Reason.DATA_INTERNACAO_INVALID),
        ({"data_alta": None}, Reason.DATA_ALTA_MISSING),
        ({"data_alta": "not a date"}, Reason.DATA_ALTA_INVALID),
        ({"data_alta": BASE_TIME - timedelta(days=30)}, Reason.ALTA_BEFORE_INTERNACAO),
        ({"data_alta": NOW + timedelta(days=1, minutes=1)}, Reason.DATA_ALTA_FUTURE),
        (
            {"data_internacao": NOW + timedelta(days=2), "data_alta": NOW + timedelta(days=3)},
            Reason.DATA_INTERNACAO_FUTURE,
        ),
        ({"tipo_alta": None}, Reason.TIPO_ALTA_MISSING),
        ({"tipo_alta": "123"}, Reason.TIPO_ALTA_INVALID),
        ({"tipo_alta": "1;"}, Reason.TIPO_ALTA_INVALID),
        ({"cid_principal": None}, Reason.CID_MISSING),
        ({"cid_principal": "XYZ"}, Reason.CID_INVALID),
        ({"cid_principal": "J1"}, Reason.CID_INVALID),
        ({"cid_principal": "J18.999"}, Reason.CID_INVALID),
        ({"cid_principal": "123"}, Reason.CID_INVALID),
        ({"sexo": None}, Reason.SEXO_MISSING),
        ({"sexo": "X"}, Reason.SEXO_INVALID),
        ({"sexo": "MF"}, Reason.SEXO_INVALID),
        ({"data_nascimento": None}, Reason.NASCIMENTO_MISSING),
        ({"data_nascimento": "1970-13-01"}, Reason.NASCIMENTO_INVALID),
        ({"data_nascimento": date(1850, 1, 1)}, Reason.AGE_OUT_OF_RANGE),
        ({"data_nascimento": date(2027, 1, 1)}, Reason.AGE_OUT_OF_RANGE),
        ({"convenio": "C" * 61}, Reason.CONVENIO_TOO_LONG),
        ({"setor": "S" * 61}, Reason.SETOR_TOO_LONG),
        ({"setor": "UTI\x00Adulto"}, Reason.CONTROL_CHARACTERS),
        ({"convenio": "Uni\x1bmed"}, Reason.CONTROL_CHARACTERS),
        ({"atendimento": "AT\ud800"}, Reason.INVALID_UNICODE),
        ({"convenio": "Uni\ufffdmed"}, Reason.INVALID_UNICODE),
        ({"sexo": 1.5j}, Reason.NOT_TEXT),
        ({"id": None}, Reason.ID_MISSING),
        ({"id": "x" * 65}, Reason.ID_TOO_LONG),
        ({"data_internacao": datetime(1, 1, 1)}, Reason.DATA_INTERNACAO_TOO_OLD),
        ({"data_internacao": datetime(1826, 5, 2, 9)}, Reason.DATA_INTERNACAO_TOO_OLD),
        ({"data_internacao": datetime(1900, 1, 1, 10)}, Reason.DATA_INTERNACAO_TOO_OLD),
        ({"data_internacao": datetime(1969, 12, 31, 23, 59)}, Reason.DATA_INTERNACAO_TOO_OLD),
        (
            {"data_internacao": datetime(1950, 1, 1), "data_alta": datetime(1960, 1, 1)},
            Reason.DATA_ALTA_TOO_OLD,
        ),
        (
            {"data_internacao": BASE_TIME - timedelta(days=3651), "data_alta": BASE_TIME},
            Reason.STAY_TOO_LONG,
        ),
        ({"updated_at": datetime(9999, 12, 31)}, Reason.UPDATED_AT_OUT_OF_RANGE),
        ({"updated_at": NOW + timedelta(days=1, seconds=1)}, Reason.UPDATED_AT_OUT_OF_RANGE),
        ({"updated_at": datetime(1900, 1, 1)}, Reason.UPDATED_AT_OUT_OF_RANGE),
        ({"cid_principal": "J18.9.9"}, Reason.CID_INVALID),
        ({"cid_principal": "J.189"}, Reason.CID_INVALID),
        ({"cid_principal": "J18."}, Reason.CID_INVALID),
        ({"atendimento": "AT​100"}, Reason.INVISIBLE_CHARACTERS),
        ({"setor": "UTI‮odluda"}, Reason.INVISIBLE_CHARACTERS),
        ({"convenio": "Unimed Rio"}, Reason.INVISIBLE_CHARACTERS),
        ({"convenio": "Unimed Rio"}, Reason.INVISIBLE_CHARACTERS),
        ({"atendimento": "﻿AT100"}, Reason.INVISIBLE_CHARACTERS),
    ],
)
def test_each_rule_rejects_with_its_own_reason(overrides: dict[str, Any], expected: Reason) -> None:
    assert expected.value in reasons(**overrides)


def test_every_reason_is_reported_not_only_the_first() -> None:
    assert reasons(cnes="1", cid_principal="??", sexo="Z") == {
        Reason.CNES_NOT_7_DIGITS,
        Reason.CID_INVALID,
        Reason.SEXO_INVALID,
    }


def test_normalisation_trims_upper_cases_and_removes_the_dot() -> None:
    record = transform(
        cnes=" 2077485 ", cid_principal=" j18.9 ", sexo="m", convenio="  ", setor=" UTI "
    )
    assert isinstance(record, dict)
    assert (record["cid_principal"], record["sexo"], record["convenio"], record["setor"]) == (
        "J189",
        "M",
        None,
        "UTI",
    )


def test_numeric_cnes_and_bigint_ids_are_accepted_as_text() -> None:
    record = transform(id=9_007_199_254_740_993, cnes=2077485)
    assert isinstance(record, dict)
    assert record["id_registro"] == "9007199254740993"


def test_age_counts_full_years_at_admission() -> None:
    admission = datetime(2026, 3, 10, 10, 0)
    day_before_birthday = transform(
        data_internacao=admission,
        data_alta=admission + timedelta(days=1),
        data_nascimento=date(2000, 3, 11),
    )
    on_birthday = transform(
        data_internacao=admission,
        data_alta=admission + timedelta(days=1),
        data_nascimento=date(2000, 3, 10),
    )
    assert isinstance(day_before_birthday, dict) and isinstance(on_birthday, dict)
    assert (day_before_birthday["idade_anos"], on_birthday["idade_anos"]) == (25, 26)


def test_discharge_within_one_day_in_the_future_is_accepted() -> None:
    assert isinstance(transform(data_alta=NOW + timedelta(hours=23)), dict)


def test_birth_date_and_raw_encounter_number_never_leave() -> None:
    record = transform(atendimento="ENC-123", data_nascimento=date(1970, 5, 17))
    assert isinstance(record, dict)
    text = repr(record)
    assert "ENC-123" not in text and "1970" not in text


def test_raw_encounter_number_when_the_setting_allows_it() -> None:
    raw = Transformer(Pseudonymizer(b"", raw=True), TZ, NOW)
    record = raw.transform(SourceRow(**valid_row(1, BASE_TIME, atendimento="ENC-9")))
    assert isinstance(record, dict) and record["atendimento_hash"] == "ENC-9"


def test_injection_looking_text_is_just_data() -> None:
    record = transform(setor="'; DROP TABLE operations_log; --", convenio="Robert'); --")
    assert isinstance(record, dict)
    assert record["setor"] == "'; DROP TABLE operations_log; --"


def test_a_stay_of_exactly_ten_years_and_dates_from_1970_are_accepted() -> None:
    record = transform(
        data_internacao=BASE_TIME - timedelta(days=3650),
        data_alta=BASE_TIME,
        data_nascimento=date(1960, 1, 1),
    )
    assert isinstance(record, dict) and record["permanencia_dias"] == 3650
    assert isinstance(transform(updated_at=datetime(1970, 1, 1)), dict)


@pytest.mark.parametrize("cid", ["J18.9", "J189", "J18", "j18.9", "S72.00", "A00.0"])
def test_codes_written_with_or_without_their_dot_are_accepted(cid: str) -> None:
    record = transform(cid_principal=cid)
    assert isinstance(record, dict) and record["cid_principal"] == cid.upper().replace(".", "")


@pytest.mark.parametrize(
    ("zone", "moment", "expected"),
    [
        # Sao Paulo in local mean time (-03:06:28) until 1914: rounded to the minute, the
        # local time moved by the 28 s, so the instant is exactly the same
        ("America/Sao_Paulo", datetime(1900, 1, 1, 10), "1900-01-01T10:00:28-03:06"),
        # Liberia kept -00:44:30 until 1972
        ("Africa/Monrovia", datetime(1971, 6, 1, 10), "1971-06-01T10:00:30-00:44"),
        ("America/Sao_Paulo", datetime(2026, 1, 15, 10), "2026-01-15T10:00:00-03:00"),
        ("Asia/Kolkata", datetime(2026, 1, 15, 10, 0, 0, 5), "2026-01-15T10:00:00.000005+05:30"),
    ],
)
def test_offsets_are_always_plus_or_minus_hh_mm_and_the_instant_is_exact(
    zone: str, moment: datetime, expected: str
) -> None:
    text = Transformer(Pseudonymizer(b"k"), ZoneInfo(zone), NOW).iso(moment)
    assert text == expected
    assert re.fullmatch(r".*[+-]\d\d:\d\d", text)
    assert datetime.fromisoformat(text) == moment.replace(tzinfo=ZoneInfo(zone))


def test_each_hour_keeps_its_own_offset_when_called_again_across_summer_time() -> None:
    """Transformer.iso keeps each hour's offset: a second call, and the hour after a change,
    must still give the zone's own offset (Sao Paulo's summer time began 2018-11-04 00:00)."""
    zone = ZoneInfo("America/Sao_Paulo")
    transformer = Transformer(Pseudonymizer(b"k"), zone, NOW)
    hours = [datetime(2018, 11, 3, 20) + timedelta(hours=h, minutes=7) for h in range(10)]

    def reference(moment: datetime) -> str:  # the zone's offset at that hour's middle
        offset = moment.replace(minute=30, tzinfo=zone).utcoffset()
        assert offset is not None
        hours, rest = divmod(int(offset.total_seconds()) // 60, 60)
        return moment.isoformat() + f"{hours:+03d}:{rest:02d}"

    expected = [reference(moment) for moment in hours]
    assert expected[3].endswith("-03:00") and expected[5].endswith("-02:00")
    for _ in range(2):
        assert [transformer.iso(moment) for moment in hours] == expected
    # the same hour read again in local mean time still moves by its seconds (not kept)
    assert transformer.iso(datetime(1900, 1, 1, 10)) == "1900-01-01T10:00:28-03:06"
    assert transformer.iso(datetime(1900, 1, 1, 10, 30)) == "1900-01-01T10:30:28-03:06"


def test_the_offsets_kept_are_bounded() -> None:
    from anahp_desktop.transform.validate import OFFSETS_KEPT

    transformer = Transformer(Pseudonymizer(b"k"), ZoneInfo("America/Sao_Paulo"), NOW)
    start = datetime(2020, 1, 1)
    for h in range(OFFSETS_KEPT * 2 + 5):
        assert transformer.iso(start + timedelta(hours=h)).endswith("-03:00")
    assert len(transformer._offsets) <= OFFSETS_KEPT
