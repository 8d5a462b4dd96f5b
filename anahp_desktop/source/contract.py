"""The source view contract: the columns the hospital's DBA exposes.

Documented for DBAs in ``docs/source-view.md``; a change here is a change of
that contract.
"""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import date, datetime
from typing import NamedTuple

from anahp_desktop.domain.values import RecordKey

#: column name -> SQL Server type in the contract
COLUMNS: dict[str, str] = {
    "id": "bigint or nvarchar(64)",
    "updated_at": "datetime2",
    "cnes": "char(7)",
    "atendimento": "nvarchar(40)",
    "data_internacao": "datetime2",
    "data_alta": "datetime2",
    "tipo_alta": "nvarchar(2)",
    "cid_principal": "nvarchar(8)",
    "sexo": "nvarchar(1)",
    "data_nascimento": "date",
    "convenio": "nvarchar(60)",
    "setor": "nvarchar(60)",
}

COLUMN_NAMES: tuple[str, ...] = tuple(COLUMNS)


class SourceRow(NamedTuple):
    """One row of the view exactly as read: values are not checked yet.

    Types are what a correct view returns; a broken view may return anything,
    which :mod:`anahp_desktop.transform` rejects with a reason.
    """

    id: int | str
    updated_at: datetime
    cnes: object
    atendimento: object
    data_internacao: object
    data_alta: object
    tipo_alta: object
    cid_principal: object
    sexo: object
    data_nascimento: object
    convenio: object
    setor: object

    @property
    def key(self) -> RecordKey:
        return RecordKey(storage_id(self.id), self.updated_at)


MAX_ID_LENGTH = 64


def storage_id(value: object) -> str:
    """The record id as the state store keeps it (at most 64 characters).

    A longer id breaks the contract and its record is rejected, but the
    rejection still needs a stable key that fits the column: the id is
    shortened with a hash, the same way every time.
    """
    if type(value) is int:
        return str(value)  # bigint ids: digits only, at most 20 characters
    text = printable(str(value))
    if len(text) <= MAX_ID_LENGTH:
        return text
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return f"{text[:43]}~{digest}"


def printable(text: str) -> str:
    """``text`` with control characters and lone surrogates escaped (``\\x07``, ``\\ud800``).

    For keys and labels the state store keeps: a database cannot store a NUL or a
    lone surrogate, and a broken row must not stop a run.
    """
    if text.isprintable():
        return text
    return "".join(
        ch if unicodedata.category(ch) not in ("Cc", "Cs") else f"\\u{ord(ch):04x}" for ch in text
    )


def as_datetime(value: object) -> datetime | None:
    """A datetime from what a driver returned (SQLite gives text), or None."""
    if type(value) is str:  # SQLite's timestamps: the most frequent case, tested first
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
