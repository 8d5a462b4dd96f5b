"""dlt as a peer: ``sql_table`` with an incremental cursor on ``updated_at`` -> a custom destination.

The way a data engineer would move the view to SINHA with dlt
(https://dlthub.com): the view is read by dlt's SQL source (its incremental
state kept by dlt), normalised and written to dlt's load package, then handed
to a custom destination that builds the SINHA records exactly as
``bench/baseline.py`` does and POSTs them 500 at a time, one CNES per batch.
Optional: only run when ``dlt`` is installed (``pip install dlt``); it is no
dependency of the project and never runs in CI.

Every run starts from an empty ``--pipelines-dir`` (a first install's
back-fill). ``python -m bench.dlt_peer --source S.sqlite --url URL
--pipelines-dir DIR`` (password from ``SINHA_API_PASSWORD``); prints one JSON
line with the records and batches SINHA accepted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from typing import Any

import dlt
import httpx
from dlt.sources.sql_database import sql_table

from bench.baseline import lote, record  # the same records as the plain baseline

COLUMNS = (
    "id",
    "updated_at",
    "cnes",
    "atendimento",
    "data_internacao",
    "data_alta",
    "tipo_alta",
    "cid_principal",
    "sexo",
    "data_nascimento",
    "convenio",
    "setor",
)


class Sender:
    """Groups dlt's items by CNES and POSTs every full batch; ``flush`` sends the rest."""

    def __init__(self, client: httpx.Client, url: str, batch_size: int) -> None:
        self.client = client
        self.url = url
        self.batch_size = batch_size
        self.pending: dict[str, list[dict[str, Any]]] = {}
        self.lock = threading.Lock()  # dlt may call the destination from several threads
        self.sent = 0
        self.batches = 0

    def take(self, items: list[dict[str, Any]]) -> None:
        full: list[tuple[str, list[dict[str, Any]]]] = []
        with self.lock:
            for item in items:
                cnes = item["cnes"]
                records = self.pending.setdefault(cnes, [])
                records.append(record(tuple(item.get(c) for c in COLUMNS)))  # dlt drops nulls
                if len(records) == self.batch_size:
                    full.append((cnes, records))
                    self.pending[cnes] = []
        for cnes, records in full:
            self.post(cnes, records)

    def flush(self) -> None:
        with self.lock:
            rest = [(cnes, records) for cnes, records in self.pending.items() if records]
            self.pending = {}
        for cnes, records in rest:
            self.post(cnes, records)

    def post(self, cnes: str, records: list[dict[str, Any]]) -> None:
        response = self.client.post(self.url + "/lotes", json=lote(cnes, records))
        response.raise_for_status()
        with self.lock:
            self.sent += len(records)
            self.batches += 1


def run(
    source: str, url: str, user: str, password: str, batch_size: int, pipelines_dir: str
) -> dict[str, int]:
    with httpx.Client(auth=(user, password), timeout=60) as client:
        sender = Sender(client, url, batch_size)

        def sink(items: Any, table: Any, /) -> None:
            sender.take(items)

        sinha = dlt.destination(sink, batch_size=batch_size, name="sinha")
        view = sql_table(
            credentials=f"sqlite:///{source}",
            table="sinha_export",
            incremental=dlt.sources.incremental("updated_at"),
        )
        pipeline = dlt.pipeline(
            pipeline_name="sinha_bench", destination=sinha, pipelines_dir=pipelines_dir
        )
        pipeline.run(view)
        sender.flush()
    return {"records": sender.sent, "batches": sender.batches}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.dlt_peer")
    parser.add_argument("--source", required=True, help="the SQLite file with the view")
    parser.add_argument("--url", required=True, help="SINHA's base URL (…/api)")
    parser.add_argument("--pipelines-dir", required=True, help="dlt's state (empty: a back-fill)")
    parser.add_argument("--user", default="bench")
    parser.add_argument("--batch-size", type=int, default=500)
    args = parser.parse_args(argv)
    os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")  # no network but SINHA
    result = run(
        args.source,
        args.url,
        args.user,
        os.environ["SINHA_API_PASSWORD"],
        args.batch_size,
        args.pipelines_dir,
    )
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
