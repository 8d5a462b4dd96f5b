"""A source database for tests: a table shaped like the contract, behind a view.

Values are written exactly as given, so tests can store broken data (text
where a date belongs, NULLs, control characters) the way a real view might
return it.
"""

from __future__ import annotations

import itertools
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from anahp_desktop.demo.generator import DATETIME_FORMAT
from anahp_desktop.source.contract import COLUMN_NAMES

BASE_TIME = datetime(2026, 10, 1, 8, 0, 0)


def valid_row(
    record_id: int | str, updated_at: datetime | None, **overrides: Any
) -> dict[str, Any]:
    """A row that passes every rule; override any column."""
    admission = BASE_TIME - timedelta(days=5)
    row: dict[str, Any] = {
        "id": record_id,
        "updated_at": updated_at,
        "cnes": "2077485",
        "atendimento": f"AT{record_id}",
        "data_internacao": admission,
        "data_alta": admission + timedelta(days=3, hours=4),
        "tipo_alta": "1",
        "cid_principal": "J18.9",
        "sexo": "F",
        "data_nascimento": date(1970, 5, 17),
        "convenio": "Unimed",
        "setor": "Clínica Médica",
    }
    row.update(overrides)
    return row


def _sql_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime(DATETIME_FORMAT)
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass
class SourceDb:
    path: Path
    view: str = "sinha_export"
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    @property
    def state_url(self) -> str:
        """A separate SQLite file, as for a hospital that grants only read access to the view."""
        return f"sqlite:///{self.path.with_name('state.sqlite')}"

    def create(self) -> SourceDb:
        columns = ", ".join(f"{name}" for name in COLUMN_NAMES)
        with sqlite3.connect(self.path) as conn:
            conn.execute(f"CREATE TABLE src ({columns})")
            conn.execute("CREATE INDEX ix_src_keyset ON src (updated_at, id)")
            conn.execute(f"CREATE VIEW {self.view} AS SELECT {columns} FROM src")
        conn.close()
        return self

    def insert(self, rows: list[dict[str, Any]]) -> None:
        placeholders = ", ".join("?" for _ in COLUMN_NAMES)
        with sqlite3.connect(self.path) as conn:
            conn.executemany(
                f"INSERT INTO src VALUES ({placeholders})",
                [tuple(_sql_value(row.get(name)) for name in COLUMN_NAMES) for row in rows],
            )
        conn.close()

    def add_valid(
        self,
        count: int,
        start: datetime = BASE_TIME,
        step: timedelta = timedelta(seconds=1),
        **overrides: Any,
    ) -> list[dict[str, Any]]:
        rows = [valid_row(next(self._ids), start + i * step, **overrides) for i in range(count)]
        self.insert(rows)
        return rows

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> None:
        with sqlite3.connect(self.path) as conn:
            conn.execute(sql, params)
        conn.close()
