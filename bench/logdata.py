"""A state store whose operations log holds many rows, as years of runs leave it.

Written straight with sqlite3 (fast), after the app's own migrations created
the tables and indexes. The mix: mostly successes, some failures with the
engine's own messages, a few rejections and interrupted attempts, three
triggers, start times spread over two years.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import make_url

from anahp_desktop import __version__
from anahp_desktop.config.settings import SourceSettings
from anahp_desktop.source.connection import create_database_engine
from anahp_desktop.state import migrate

INSERT = (
    'INSERT INTO operations_log (run_id, id_lote, cnes, status, "trigger", started_at, '
    "finished_at, records_sent, records_rejected, attempt, http_status, error_category, "
    "error_message, response_body, app_version, operator) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
FAILURES = (
    (503, "server", "SINHA had a server error (HTTP 503)."),
    (500, "server", "SINHA had a server error (HTTP 500)."),
    (429, "server", "SINHA asked to slow down (HTTP 429)."),
    (None, "transport", "SINHA did not answer in time (read timeout)."),
    (None, "transport", "The connection to SINHA was lost before its answer arrived."),
)
STATUS_WEIGHTS = (("success", 0.92), ("failed", 0.05), ("rejected", 0.02), ("interrupted", 0.01))
FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def create_log_store(path: Path, rows: int, seed: int = 5) -> str:
    """Write the store; returns an id_lote fragment that a failed row (and few others) holds."""
    engine = create_database_engine(
        make_url(f"sqlite:///{path}"), SourceSettings(), must_exist=False
    )
    migrate.upgrade(engine)
    engine.dispose()
    rng = random.Random(seed)
    target = rows // 2
    fragment = ""
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        chunk: list[tuple[object, ...]] = []
        for index, row in enumerate(_rows(rng, rows)):
            if index >= target and not fragment and row[3] == "failed":
                fragment = str(row[1])[9:21]
            chunk.append(row)
            if len(chunk) == 20_000:
                db.executemany(INSERT, chunk)
                chunk = []
        if chunk:
            db.executemany(INSERT, chunk)
    db.close()
    return fragment


def _rows(rng: random.Random, count: int) -> Iterator[tuple[object, ...]]:
    end = datetime.now(UTC).replace(tzinfo=None)
    start = end - timedelta(days=730)
    step = (end - start) / max(count, 1)
    statuses = [s for s, _w in STATUS_WEIGHTS]
    weights = [w for _s, w in STATUS_WEIGHTS]
    run_id = ""
    for index in range(count):
        if index % 200 == 0:
            run_id = hashlib.md5(str(index).encode()).hexdigest()
            run_id = f"{run_id[:8]}-{run_id[8:12]}-{run_id[12:16]}-{run_id[16:20]}-{run_id[20:32]}"
        started = start + step * index
        status = rng.choices(statuses, weights)[0]
        cnes = rng.choice(("2077485", "2078015"))
        id_lote = f"L{cnes}-" + hashlib.sha256(str(index).encode()).hexdigest()[:48]
        http: int | None = 201
        category: str | None = None
        message: str | None = None
        body: str | None = None
        if status == "success":
            body = f'{{"id_lote":"{id_lote}","protocolo":"SINHA-{index:08d}","recebidos":500}}'
        elif status == "failed":
            http, category, message = rng.choice(FAILURES)
            body = '{"erro": "falha temporária"}' if http else None
        elif status == "rejected":
            http, category, message = (
                422,
                "invalid",
                "SINHA rejected records of the batch (HTTP 422).",
            )
            body = '{"erros": [{"indice": 3, "campo": "tipo_alta", "mensagem": "desconhecido"}]}'
        else:
            http, category = None, "interrupted"
            message = "The app stopped during this attempt (closed or killed)."
        yield (
            run_id,
            id_lote,
            cnes,
            status,
            rng.choices(("scheduled", "manual", "cli"), (0.8, 0.15, 0.05))[0],
            started.strftime(FORMAT),
            (started + timedelta(milliseconds=300)).strftime(FORMAT),
            500,
            3 if status == "rejected" else 0,
            1 if status == "success" else rng.randint(1, 5),
            http,
            category,
            message,
            body,
            __version__,
            "bench",
        )
