"""The source view contract: the columns the hospital's DBA exposes.

Documented for DBAs in ``docs/source-view.md``; a change here is a change of
that contract.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

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
        return RecordKey(str(self.id), self.updated_at)


class RecordKey(NamedTuple):
    """A record version: the unit that is delivered exactly once."""

    record_id: str
    updated_at: datetime


def as_datetime(value: object) -> datetime | None:
    """A datetime from what a driver returned (SQLite gives text), or None."""
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
