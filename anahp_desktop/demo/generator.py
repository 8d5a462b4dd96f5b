"""Realistic synthetic discharges in a SQLite file, exposed through a ``sinha_export`` view.

Used by ``anahp-sync demo``, the desktop ``--demo`` mode, the tests and the
benchmarks. Deterministic for a seed. A few percent of the rows are invalid in
varied ways (the validator rejects them), a few carry a discharge type SINHA
does not know (SINHA rejects them with a 422), some share an ``updated_at``
(bulk updates, to exercise the keyset), and a handful have no ``updated_at``.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"  # SQLAlchemy's SQLite storage format

HOSPITALS = ("2077485", "2078015")
CID_CODES = (
    "I10",
    "J18.9",
    "O80",
    "N39.0",
    "K35.8",
    "I21.9",
    "E11.9",
    "J44.1",
    "A41.9",
    "S72.0",
    "C50.9",
    "K80.2",
    "I50.0",
    "N18.9",
    "O82",
    "P07.3",
    "J15.9",
    "I63.9",
    "K56.6",
    "Z51.1",
)
TIPOS_ALTA = ("1", "1", "1", "1", "2", "3", "4", "5", "6", "9", "11", "12", "14")
CONVENIOS = (
    "SUS",
    "Unimed",
    "Bradesco Saúde",
    "Amil",
    "SulAmérica",
    "Particular",
    "Porto Seguro",
    None,
)
SETORES = (
    "Clínica Médica",
    "UTI Adulto",
    "Maternidade",
    "Pediatria",
    "Cirurgia Geral",
    "Ortopedia",
    "Cardiologia",
    "UTI Neonatal",
    "Oncologia",
    None,
)

SCHEMA = """
CREATE TABLE internacoes (
    id INTEGER PRIMARY KEY,
    atualizado_em TEXT,
    cnes TEXT,
    numero_atendimento TEXT,
    entrada TEXT,
    saida TEXT,
    motivo_saida TEXT,
    cid TEXT,
    sexo TEXT,
    nascimento TEXT,
    convenio TEXT,
    setor TEXT
);
CREATE INDEX ix_internacoes_atualizado ON internacoes (atualizado_em, id);
CREATE VIEW sinha_export AS
SELECT id, atualizado_em AS updated_at, cnes, numero_atendimento AS atendimento,
       entrada AS data_internacao, saida AS data_alta, motivo_saida AS tipo_alta,
       cid AS cid_principal, sexo, nascimento AS data_nascimento, convenio, setor
FROM internacoes;
"""

INSERT = "INSERT INTO internacoes VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"


@dataclass(frozen=True)
class GeneratorOptions:
    records: int = 5000
    seed: int = 2026
    end: datetime | None = None  # default: now in the source time zone, to the minute
    timezone: str = "America/Sao_Paulo"
    months: int = 6
    invalid_rate: float = 0.03
    server_reject_rate: float = 0.001
    null_updated_at: int = 3
    tie_rate: float = 0.05


def create_source(path: Path, options: GeneratorOptions = GeneratorOptions()) -> Path:
    """Write a fresh source database at ``path`` (replacing any file there)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    with sqlite3.connect(path) as conn:
        conn.executescript(SCHEMA)
        conn.executemany(INSERT, rows(options))
    conn.close()
    return path


def append_records(path: Path, count: int, *, start_id: int, at: datetime, seed: int = 7) -> None:
    """Add valid discharges updated at ``at`` (to show an incremental sync)."""
    rng = random.Random(seed)
    with sqlite3.connect(path) as conn:
        conn.executemany(
            INSERT,
            [
                _valid_row(rng, start_id + i, at + timedelta(microseconds=i), at)
                for i in range(count)
            ],
        )
    conn.close()


def local_now(timezone: str) -> datetime:
    """Now as the view writes it: naive, in the hospital's time zone."""
    return datetime.now(ZoneInfo(timezone)).replace(tzinfo=None)


def rows(options: GeneratorOptions) -> Iterator[tuple[object, ...]]:
    rng = random.Random(options.seed)
    end = options.end or local_now(options.timezone).replace(second=0, microsecond=0) - timedelta(
        minutes=1
    )
    start = end - timedelta(days=30 * options.months)
    span = (end - start).total_seconds()
    moments = sorted(start + timedelta(seconds=rng.random() * span) for _ in range(options.records))
    previous: datetime | None = None
    for index, moment in enumerate(moments, start=1):
        if previous is not None and rng.random() < options.tie_rate:
            moment = previous  # a bulk update: several rows share one updated_at
        previous = moment
        row = list(_valid_row(rng, index, moment, moment))
        roll = rng.random()
        if roll < options.invalid_rate:
            _break(rng, row, moment)
        elif roll < options.invalid_rate + options.server_reject_rate:
            row[6] = "99"  # a code the validator accepts but SINHA does not know
        if index <= options.null_updated_at:
            row[1] = None
        yield tuple(row)


def _valid_row(
    rng: random.Random, record_id: int, updated: datetime, now: datetime
) -> tuple[object, ...]:
    stay = max(0.2, rng.expovariate(1 / 5))
    discharge = now - timedelta(hours=rng.uniform(1, 48))
    admission = discharge - timedelta(days=stay)
    age_days = rng.randint(0, 95 * 365)
    birth = admission.date() - timedelta(days=age_days)
    return (
        record_id,
        updated.strftime(DATETIME_FORMAT),
        rng.choice(HOSPITALS),
        f"AT{record_id:08d}",
        admission.strftime(DATETIME_FORMAT),
        discharge.strftime(DATETIME_FORMAT),
        rng.choice(TIPOS_ALTA),
        rng.choice(CID_CODES),
        "I" if rng.random() < 0.01 else rng.choice("MF"),
        birth.isoformat(),
        rng.choice(CONVENIOS),
        rng.choice(SETORES),
    )


def _break(rng: random.Random, row: list[object], moment: datetime) -> None:
    """Make one row invalid in one of several realistic ways."""
    kind = rng.randrange(8)
    if kind == 0:
        row[2] = str(row[2])[:6]  # CNES with a digit missing
    elif kind == 1:
        row[5] = (moment - timedelta(days=30)).strftime(
            DATETIME_FORMAT
        )  # discharge before admission
    elif kind == 2:
        row[7] = "XYZ"  # not ICD-10
    elif kind == 3:
        row[8] = "X"
    elif kind == 4:
        row[9] = date(1850, 1, 1).isoformat()  # age over 130
    elif kind == 5:
        row[3] = "   "  # no encounter number
    elif kind == 6:
        row[5] = (moment + timedelta(days=400)).strftime(DATETIME_FORMAT)  # in the future
    else:
        row[7] = None
