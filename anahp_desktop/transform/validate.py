"""Checking one source row and turning it into a SINHA record.

Pure functions: no I/O, the clock and the pseudonymization key are passed in,
so every rule is tested fast. A row either becomes a record dict ready for
JSON (shape: :class:`anahp_desktop.sinha.contract.SinhaRecord`) or a list of
every reason it cannot be sent.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import Any, Literal

from anahp_desktop.source.contract import SourceRow, as_datetime
from anahp_desktop.transform.pseudonym import Pseudonymizer
from anahp_desktop.transform.reasons import Reason

#: the code as written in the view, checked before the dot is removed ("J18.9.9" is no code)
CID_WRITTEN = re.compile(r"^[A-Z][0-9]{2}(?:\.?[0-9A-Z]{1,2})?$")
TIPO_ALTA_PATTERN = re.compile(r"^[0-9A-Za-z]{1,2}$")
CNES_PATTERN = re.compile(r"^[0-9]{7}$")
FUTURE_TOLERANCE = timedelta(days=1)
#: unicodedata category Cc is exactly these ranges
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f]")
#: lone surrogates (undecodable input) and U+FFFD (a decoder already gave up)
BROKEN_UNICODE = re.compile("[\ud800-\udfff\ufffd]")
MAX_AGE_YEARS = 130
#: the longest ``convenio`` and ``setor``
OPTIONAL_TEXT_LENGTH = 60
#: no admission, discharge or change before this: 0001-01-01, 1753-01-01 and 1900-01-01 are the
#: "no date" of SQL Server and of legacy systems, not dates (and before 1914 Brazil's zones
#: were in local mean time, whose offsets are not whole minutes)
EARLIEST = datetime(1970, 1, 1)
#: a longer stay is a wrong date, not a patient (10 years)
MAX_STAY_DAYS = 3650
#: hours whose UTC offset Transformer.iso keeps at once
OFFSETS_KEPT = 4096
#: Unicode categories that hide or reorder text (U+200B, U+202E, U+FEFF...) or break lines
#: (U+2028, U+2029): the same encounter number would get another hash
INVISIBLE_CATEGORIES = frozenset({"Cf", "Zl", "Zp"})


#: distinct texts whose verdict one memo keeps at once (a back-fill of years has ~14,000 CIDs)
VALUES_KEPT = 16384


class _Memo(dict[object, Any]):
    """What ``check`` said of each text seen: a dict whose misses ask ``check``.

    ``memo[text]`` is one C-level dict lookup for a text seen before; a new
    text is checked and its verdict kept. Bounded: when full it starts again,
    so a view of unusual values costs time, never memory.
    """

    def __init__(self, check: Callable[[Any], Any]) -> None:
        super().__init__()
        self._check = check

    def __missing__(self, text: object) -> Any:
        if len(self) >= VALUES_KEPT:
            self.clear()
        verdict = self[text] = self._check(text)
        return verdict


class _Verdicts:
    """The fast path's verdicts per column with few distinct values (see Transformer._plain).

    Each maps the text as read to what the record holds, or None (``optional``:
    False) when the fast path must leave the row to the full checks. Only
    ``str`` values are looked up: another type never reaches a memo.
    """

    def __init__(self) -> None:
        self.cnes = _Memo(_plain_cnes)
        self.tipo_alta = _Memo(_plain_tipo_alta)
        self.cid = _Memo(_plain_cid)
        self.sexo = _Memo(_plain_sexo)
        self.optional = _Memo(_plain_optional_text)


@dataclass(frozen=True)
class Rejection:
    """Every reason a record version is not sent, with the field each concerns."""

    reasons: tuple[tuple[Reason, str], ...]


@dataclass
class _Check:
    reasons: list[tuple[Reason, str]] = field(default_factory=list)

    def fail(self, reason: Reason, field_name: str) -> None:
        self.reasons.append((reason, field_name))


@dataclass(frozen=True)
class Transformer:
    """The rules, configured once per run."""

    pseudonymizer: Pseudonymizer
    source_tz: tzinfo
    now: datetime  # naive, in the source time zone
    #: "YYYY-MM-DDTHH" -> that hour's "±HH:MM" (see iso)
    _offsets: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _memo: _Verdicts = field(default_factory=_Verdicts, init=False, repr=False, compare=False)
    #: the latest admission, discharge or change accepted: ``now`` and the tolerance
    _latest: datetime = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_latest", self.now + FUTURE_TOLERANCE)

    def transform(self, row: SourceRow) -> dict[str, Any] | Rejection:
        """The SINHA record, or every reason the row cannot be sent."""
        record = self._plain(row)
        return record if record is not None else self.checked(row)

    def _plain(self, row: SourceRow) -> dict[str, Any] | None:
        """The record of a row whose values are plain and valid, checked fast; else None.

        Most rows of a healthy view are plain text and timestamps within the
        rules. This path accepts only those and returns exactly what
        :meth:`checked` returns for them; any value it is unsure of (another
        type, a character that is not printable, a rule broken) sends the row
        to :meth:`checked`, the reference, which also names every reason.
        It exists because validation was a third of the engine's time per
        record (see docs/performance.md); ``tests/unit/transform`` compares
        both paths.

        The columns with few distinct values (CNES, discharge type, CID, sex,
        insurer, ward) are checked once per distinct text: the verdict is kept
        in a bounded memo (:class:`_Memo`), so most rows pay one dict lookup a
        column instead of trimming, matching and upper-casing it again.
        """
        (rid, updated, cnes, atendimento, internacao, alta, tipo, cid, sexo, birth, conv, setor) = (
            row
        )
        if type(rid) is int:
            record_id = str(rid)
        elif type(rid) is str:
            record_id = rid.strip()
        else:
            return None
        if not 0 < len(record_id) <= 64 or not _plain_text(record_id):
            return None
        memo = self._memo
        if type(cnes) is not str or memo.cnes[cnes] is None:
            return None
        if type(atendimento) is not str:
            return None
        atendimento = atendimento.strip()
        if not 0 < len(atendimento) <= 40 or not _plain_text(atendimento):
            return None
        admission = _plain_moment(internacao)
        discharge = _plain_moment(alta)
        if admission is None or discharge is None or discharge < admission:
            return None
        latest = self._latest
        if admission > latest or discharge > latest or admission < EARLIEST:
            return None
        on = admission.date()
        stay = (discharge.date() - on).days
        if stay > MAX_STAY_DAYS:
            return None
        if not EARLIEST <= updated <= latest:
            return None
        if type(tipo) is not str:
            return None
        tipo = memo.tipo_alta[tipo]
        if tipo is None:
            return None
        if type(cid) is not str:
            return None
        cid = memo.cid[cid]
        if cid is None:
            return None
        if type(sexo) is not str:
            return None
        sexo = memo.sexo[sexo]
        if sexo is None:
            return None
        born = _plain_date(birth)
        if born is None:
            return None
        age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        if not 0 <= age <= MAX_AGE_YEARS:
            return None
        convenio = memo.optional[conv] if type(conv) is str else _not_text(conv)
        setor_text = memo.optional[setor] if type(setor) is str else _not_text(setor)
        if convenio is False or setor_text is False:
            return None
        iso = self.iso
        return {
            "id_registro": record_id,
            "atualizado_em": iso(updated),
            "atendimento_hash": self.pseudonymizer.pseudonym(atendimento),
            "data_internacao": iso(admission),
            "data_alta": iso(discharge),
            "permanencia_dias": stay,
            "tipo_alta": tipo,
            "cid_principal": cid,
            "sexo": sexo,
            "idade_anos": age,
            "convenio": convenio,
            "setor": setor_text,
        }

    def checked(self, row: SourceRow) -> dict[str, Any] | Rejection:
        """Every rule, one value at a time: the reference for :meth:`transform`."""
        check = _Check()
        record_id = _record_id(row.id, check)
        cnes = _text(
            row.cnes,
            "cnes",
            7,
            check,
            missing=Reason.CNES_MISSING,
            too_long=Reason.CNES_NOT_7_DIGITS,
        )
        if cnes is not None and not CNES_PATTERN.match(cnes):
            check.fail(Reason.CNES_NOT_7_DIGITS, "cnes")
        atendimento = _text(
            row.atendimento,
            "atendimento",
            40,
            check,
            missing=Reason.ATENDIMENTO_MISSING,
            too_long=Reason.ATENDIMENTO_TOO_LONG,
        )
        internacao = self._moment(row.data_internacao, "data_internacao", check)
        alta = self._moment(row.data_alta, "data_alta", check)
        if internacao and alta and alta < internacao:
            check.fail(Reason.ALTA_BEFORE_INTERNACAO, "data_alta")
        elif internacao and alta and (alta.date() - internacao.date()).days > MAX_STAY_DAYS:
            check.fail(Reason.STAY_TOO_LONG, "data_alta")
        if not EARLIEST <= row.updated_at <= self.now + FUTURE_TOLERANCE:
            check.fail(Reason.UPDATED_AT_OUT_OF_RANGE, "updated_at")
        tipo_alta = _text(
            row.tipo_alta,
            "tipo_alta",
            2,
            check,
            missing=Reason.TIPO_ALTA_MISSING,
            too_long=Reason.TIPO_ALTA_INVALID,
        )
        if tipo_alta is not None and not TIPO_ALTA_PATTERN.match(tipo_alta):
            check.fail(Reason.TIPO_ALTA_INVALID, "tipo_alta")
        cid = _cid(row.cid_principal, check)
        sexo = _sexo(row.sexo, check)
        idade = _age(row.data_nascimento, internacao, check)
        convenio = _text(
            row.convenio, "convenio", OPTIONAL_TEXT_LENGTH, check, too_long=Reason.CONVENIO_TOO_LONG
        )
        setor = _text(
            row.setor, "setor", OPTIONAL_TEXT_LENGTH, check, too_long=Reason.SETOR_TOO_LONG
        )
        if check.reasons:
            return Rejection(tuple(dict.fromkeys(check.reasons)))
        assert record_id and cnes and atendimento and internacao and alta and tipo_alta
        assert cid and sexo and idade is not None
        return {
            "id_registro": record_id,
            "atualizado_em": self.iso(row.updated_at),
            "atendimento_hash": self.pseudonymizer.pseudonym(atendimento),
            "data_internacao": self.iso(internacao),
            "data_alta": self.iso(alta),
            "permanencia_dias": (alta.date() - internacao.date()).days,
            "tipo_alta": tipo_alta,
            "cid_principal": cid,
            "sexo": sexo,
            "idade_anos": idade,
            "convenio": convenio,
            "setor": setor,
        }

    def iso(self, moment: datetime) -> str:
        """ISO-8601 with the source time zone's offset (the view holds local times), always as
        ``±HH:MM``: an offset with seconds (local mean time) is rounded to the minute and the
        local time moved with it, so the instant stays exact.

        Three calls a record: the offset is looked up by the text's own date and hour
        (a slice of what isoformat wrote), not by five attributes through lru_cache.
        """
        text = moment.isoformat()
        hour = text[:13]
        offset = self._offsets.get(hour)
        if offset is not None:
            return text + offset
        offset, shift = _offset(self.source_tz, moment.year, moment.month, moment.day, moment.hour)
        if shift:
            return (moment + shift).isoformat() + offset  # local mean time: not kept
        if len(self._offsets) >= OFFSETS_KEPT:
            self._offsets.clear()  # a back-fill of years: bounded, as _offset's own cache
        self._offsets[hour] = offset
        return text + offset

    def _moment(self, value: object, name: str, check: _Check) -> datetime | None:
        missing, invalid, future, too_old = {
            "data_internacao": (
                Reason.DATA_INTERNACAO_MISSING,
                Reason.DATA_INTERNACAO_INVALID,
                Reason.DATA_INTERNACAO_FUTURE,
                Reason.DATA_INTERNACAO_TOO_OLD,
            ),
            "data_alta": (
                Reason.DATA_ALTA_MISSING,
                Reason.DATA_ALTA_INVALID,
                Reason.DATA_ALTA_FUTURE,
                Reason.DATA_ALTA_TOO_OLD,
            ),
        }[name]
        if value is None or (isinstance(value, str) and not value.strip()):
            check.fail(missing, name)
            return None
        moment = as_datetime(value)
        if moment is None or (moment.tzinfo is not None and moment.utcoffset() is None):
            check.fail(invalid, name)
            return None
        if moment.tzinfo is not None:
            moment = moment.astimezone(self.source_tz).replace(tzinfo=None)
        if moment > self.now + FUTURE_TOLERANCE:
            check.fail(future, name)
        elif moment < EARLIEST:
            check.fail(too_old, name)
            return None
        return moment


def _plain_cnes(text: str) -> str | None:
    cnes = text.strip()
    return cnes if CNES_PATTERN.match(cnes) else None


def _plain_tipo_alta(text: str) -> str | None:
    tipo = text.strip()
    return tipo if TIPO_ALTA_PATTERN.match(tipo) else None


def _plain_cid(text: str) -> str | None:
    cid = text.strip()
    if not 0 < len(cid) <= 8 or not _plain_text(cid):
        return None
    cid = cid.upper()
    return cid.replace(".", "") if CID_WRITTEN.match(cid) else None


def _plain_sexo(text: str) -> str | None:
    return PLAIN_SEXO.get(text.strip())


def _not_text(value: object) -> Literal[False] | None:
    """An optional column that is not ``str``: empty if None, else for the full checks."""
    return None if value is None else False


def _plain_optional_text(value: object) -> str | Literal[False] | None:
    """An optional text of at most 60 characters (``convenio``, ``setor``): see _plain_optional."""
    return _plain_optional(value, OPTIONAL_TEXT_LENGTH)


#: the values of ``sexo`` the fast path takes, and what each becomes
PLAIN_SEXO = {"M": "M", "F": "F", "I": "I", "m": "M", "f": "F", "i": "I"}


def _plain_text(text: str) -> bool:
    """Printable and not already mangled by a decoder: ``_text`` accepts it as it is."""
    return text.isprintable() and "\ufffd" not in text


def _plain_moment(value: object) -> datetime | None:
    """A naive timestamp, as a datetime or as ISO text; None for anything else."""
    if type(value) is datetime:
        moment = value
    elif type(value) is str:
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    return moment if moment.tzinfo is None else None


def _plain_date(value: object) -> date | None:
    if type(value) is date:
        return value
    if type(value) is datetime:
        return value.date()
    if type(value) is str:
        try:
            return datetime.fromisoformat(value.strip()).date()
        except ValueError:
            return None
    return None


def _plain_optional(value: object, max_length: int) -> str | Literal[False] | None:
    """An optional text: the trimmed text, None when empty, False when the fast path cannot tell."""
    if value is None:
        return None
    if type(value) is not str:
        return False
    text = value.strip()
    if not text:
        return None
    if len(text) > max_length or not _plain_text(text):
        return False
    return text


@lru_cache(maxsize=4096)
def _offset(zone: tzinfo, year: int, month: int, day: int, hour: int) -> tuple[str, timedelta]:
    """The zone's UTC offset as "±HH:MM" for that hour, and how far local times must move
    when it had seconds (zone rules are slow; hours repeat)."""
    exact = datetime(year, month, day, hour, 30, tzinfo=zone).utcoffset() or timedelta(0)
    minutes = round(exact.total_seconds() / 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}", timedelta(minutes=minutes) - exact


def _record_id(value: object, check: _Check) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # bigint ids
    text = _text(value, "id", 64, check, missing=Reason.ID_MISSING, too_long=Reason.ID_TOO_LONG)
    return text


def _text(
    value: object,
    name: str,
    max_length: int,
    check: _Check,
    *,
    missing: Reason | None = None,
    too_long: Reason | None = None,
) -> str | None:
    """A trimmed text value, or None when empty (a reason if it is required)."""
    if value is None:
        if missing:
            check.fail(missing, name)
        return None
    if isinstance(value, bytes | bytearray):
        try:
            value = bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            check.fail(Reason.INVALID_UNICODE, name)
            return None
    if not isinstance(value, str):
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)  # a numeric column where text was agreed (e.g. cnes as int)
        else:
            check.fail(Reason.NOT_TEXT, name)
            return None
    text = value.strip()
    if not text:
        if missing:
            check.fail(missing, name)
        return None
    if not text.isprintable():  # fast path: most values are plain printable text
        if BROKEN_UNICODE.search(text):
            check.fail(Reason.INVALID_UNICODE, name)
            return None
        if CONTROL_CHARACTERS.search(text):
            check.fail(Reason.CONTROL_CHARACTERS, name)
            return None
        if any(unicodedata.category(ch) in INVISIBLE_CATEGORIES for ch in text):
            check.fail(Reason.INVISIBLE_CHARACTERS, name)
            return None
    elif "\ufffd" in text:
        check.fail(Reason.INVALID_UNICODE, name)
        return None
    if len(text) > max_length:
        check.fail(too_long or Reason.NOT_TEXT, name)
        return None
    return text


def _cid(value: object, check: _Check) -> str | None:
    text = _text(
        value, "cid_principal", 8, check, missing=Reason.CID_MISSING, too_long=Reason.CID_INVALID
    )
    if text is None:
        return None
    written = text.upper()
    if not CID_WRITTEN.match(written):  # as written: one dot at most, after the category
        check.fail(Reason.CID_INVALID, "cid_principal")
        return None
    return written.replace(".", "")


def _sexo(value: object, check: _Check) -> str | None:
    text = _text(value, "sexo", 1, check, missing=Reason.SEXO_MISSING, too_long=Reason.SEXO_INVALID)
    if text is None:
        return None
    code = text.upper()
    if code not in ("M", "F", "I"):
        check.fail(Reason.SEXO_INVALID, "sexo")
        return None
    return code


def _age(value: object, admission: datetime | None, check: _Check) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        check.fail(Reason.NASCIMENTO_MISSING, "data_nascimento")
        return None
    birth = as_datetime(value)
    if birth is None:
        check.fail(Reason.NASCIMENTO_INVALID, "data_nascimento")
        return None
    if admission is None:
        return None
    years = _full_years(birth.date(), admission.date())
    if not 0 <= years <= MAX_AGE_YEARS:
        check.fail(Reason.AGE_OUT_OF_RANGE, "data_nascimento")
        return None
    return years


def _full_years(birth: date, on: date) -> int:
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years
