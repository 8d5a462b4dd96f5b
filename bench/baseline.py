"""The plain baseline: read the view, build the JSON, POST it. Nothing else.

What a hospital's IT person would write in an afternoon with sqlite3 and
httpx: one SELECT of every row, the fields SINHA's contract asks for
(ISO timestamps, ``permanencia_dias``, ``idade_anos``, the CID without its
dot), one CNES per batch of 500, a random ``id_lote``, one POST per batch,
each waiting for its answer. No validation, no pseudonymization (the
encounter number goes out as it is), no state: every run resends
everything. It is the floor the whole-process benchmark compares
``anahp-sync sync`` with (``python -m bench --only process``).

It imports only the standard library and httpx, and runs as a user starts a
script: ``python -m bench.baseline --source S.sqlite --url URL`` (the
password from ``SINHA_API_PASSWORD``); prints one JSON line with the records
and batches SINHA accepted.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx

QUERY = (
    "SELECT id, updated_at, cnes, atendimento, data_internacao, data_alta, tipo_alta, "
    "cid_principal, sexo, data_nascimento, convenio, setor FROM sinha_export"
)


def record(row: tuple[Any, ...]) -> dict[str, Any]:
    """The SINHA record of one view row, as the contract needs it and no more."""
    rid, updated, _cnes, atendimento, internacao, alta, tipo, cid, sexo, nascimento, conv, setor = (
        row
    )
    admission = datetime.fromisoformat(internacao)
    discharge = datetime.fromisoformat(alta)
    birth = datetime.fromisoformat(nascimento).date()
    on = admission.date()
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    return {
        "id_registro": str(rid),
        "atualizado_em": datetime.fromisoformat(updated).isoformat(),
        "atendimento_hash": atendimento,
        "data_internacao": admission.isoformat(),
        "data_alta": discharge.isoformat(),
        "permanencia_dias": (discharge.date() - on).days,
        "tipo_alta": tipo,
        "cid_principal": cid.upper().replace(".", ""),
        "sexo": sexo.upper(),
        "idade_anos": age,
        "convenio": conv,
        "setor": setor,
    }


def lote(cnes: str, records: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id_lote": uuid.uuid4().hex,
        "cnes": cnes,
        "gerado_em": datetime.now(UTC).isoformat(timespec="seconds"),
        "registros": records,
    }


def run(source: str, url: str, user: str, password: str, batch_size: int) -> dict[str, int]:
    sent = batches = 0
    with httpx.Client(auth=(user, password), timeout=60) as client:

        def post(cnes: str, records: list[dict[str, Any]]) -> None:
            nonlocal sent, batches
            response = client.post(url + "/lotes", json=lote(cnes, records))
            response.raise_for_status()
            sent += len(records)
            batches += 1

        db = sqlite3.connect(source)
        try:
            pending: dict[str, list[dict[str, Any]]] = {}
            for row in db.execute(QUERY):
                records = pending.setdefault(row[2], [])
                records.append(record(row))
                if len(records) == batch_size:
                    post(row[2], records)
                    pending[row[2]] = []
            for cnes, records in pending.items():
                if records:
                    post(cnes, records)
        finally:
            db.close()
    return {"records": sent, "batches": batches}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.baseline")
    parser.add_argument("--source", required=True, help="the SQLite file with the view")
    parser.add_argument("--url", required=True, help="SINHA's base URL (…/api)")
    parser.add_argument("--user", default="bench")
    parser.add_argument("--batch-size", type=int, default=500)
    args = parser.parse_args(argv)
    result = run(
        args.source, args.url, args.user, os.environ["SINHA_API_PASSWORD"], args.batch_size
    )
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
