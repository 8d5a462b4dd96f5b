"""The naive baseline: select the rows, build the same JSON, POST each batch with httpx.

What a quick script would do, and nothing more: no validation, no state
store, no logging, no idempotency, no retries. It builds the body the engine
builds for a valid record -- the same fields, the HMAC-SHA256
``atendimento_hash``, ISO timestamps with the source's UTC offset,
``permanencia_dias``, ``idade_anos``, the normalised CID, one CNES per batch,
an ``id_lote`` from the batch's record versions -- so SINHA (the emulator)
receives the same bytes and does the same work. ``tests/bench`` checks that
the records match the engine's.

Run: ``python -m bench.naive --source S.sqlite --url URL`` (passwords from
``SINHA_API_PASSWORD`` and ``ANAHP_PSEUDONYM_KEY``); prints one JSON line.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import sqlite3
import sys
import time
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx

QUERY = (
    "SELECT id, updated_at, cnes, atendimento, data_internacao, data_alta, tipo_alta, "
    "cid_principal, sexo, data_nascimento, convenio, setor FROM sinha_export "
    "WHERE updated_at IS NOT NULL ORDER BY updated_at, id"
)


def record(
    row: tuple[Any, ...], key: bytes, zone: ZoneInfo
) -> tuple[tuple[str, str], dict[str, Any]]:
    """((id, updated_at) for id_lote, the SINHA record) of one source row."""
    (
        rid,
        updated,
        _cnes,
        atendimento,
        internacao,
        alta,
        tipo,
        cid,
        sexo,
        nascimento,
        conv,
        setor,
    ) = row
    updated_at = datetime.fromisoformat(updated)
    admission = datetime.fromisoformat(internacao)
    discharge = datetime.fromisoformat(alta)
    birth = datetime.fromisoformat(nascimento).date()
    on = admission.date()
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    return (str(rid), updated_at.isoformat()), {
        "id_registro": str(rid),
        "atualizado_em": updated_at.replace(tzinfo=zone).isoformat(),
        "atendimento_hash": hmac.new(key, atendimento.encode(), hashlib.sha256).hexdigest(),
        "data_internacao": admission.replace(tzinfo=zone).isoformat(),
        "data_alta": discharge.replace(tzinfo=zone).isoformat(),
        "permanencia_dias": (discharge.date() - admission.date()).days,
        "tipo_alta": tipo,
        "cid_principal": cid.upper().replace(".", ""),
        "sexo": sexo.upper(),
        "idade_anos": age,
        "convenio": conv,
        "setor": setor,
    }


def body(cnes: str, keys: list[tuple[str, str]], records: list[dict[str, Any]]) -> bytes:
    digest = hashlib.sha256(cnes.encode())
    for record_id, updated in keys:
        digest.update(b"\n" + record_id.encode() + b"\t" + updated.encode())
    lote = {
        "id_lote": f"L{cnes}-{digest.hexdigest()[:48]}",
        "cnes": cnes,
        "gerado_em": datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z",
        "registros": records,
    }
    return json.dumps(lote, ensure_ascii=False, separators=(",", ":")).encode()


def run(
    source: str, url: str, user: str, password: str, key: bytes, batch_size: int, tz: str
) -> dict[str, Any]:
    zone = ZoneInfo(tz)
    sent = batches = 0
    with httpx.Client(auth=(user, password), timeout=60) as client, sqlite3.connect(source) as db:

        def post(cnes: str, keys: list[tuple[str, str]], records: list[dict[str, Any]]) -> None:
            nonlocal sent, batches
            response = client.post(
                url + "/lotes",
                content=body(cnes, keys, records),
                headers={"Content-Type": "application/json"},
            )
            response.raise_for_status()
            sent += len(records)
            batches += 1

        pending: dict[str, tuple[list[tuple[str, str]], list[dict[str, Any]]]] = {}
        for row in db.execute(QUERY):
            cnes = row[2]
            keys, records = pending.setdefault(cnes, ([], []))
            version, rec = record(row, key, zone)
            keys.append(version)
            records.append(rec)
            if len(records) == batch_size:
                post(cnes, keys, records)
                pending[cnes] = ([], [])
        for cnes, (keys, records) in pending.items():
            if records:
                post(cnes, keys, records)
    db.close()
    return {"records": sent, "batches": batches}


def bare_posts(
    source: str, url: str, user: str, password: str, key: bytes, batch_size: int, tz: str
) -> dict[str, Any]:
    """The bodies built first (not timed), then only the POSTs, one after the other.

    The fastest any client that sends one batch at a time can go: what the
    latency floor of the engine is compared with, besides 200 x 50 ms.
    """
    zone = ZoneInfo(tz)
    bodies: list[bytes] = []
    pending: dict[str, tuple[list[tuple[str, str]], list[dict[str, Any]]]] = {}
    with sqlite3.connect(source) as db:
        for row in db.execute(QUERY):
            keys, records = pending.setdefault(row[2], ([], []))
            version, rec = record(row, key, zone)
            keys.append(version)
            records.append(rec)
            if len(records) == batch_size:
                bodies.append(body(row[2], keys, records))
                pending[row[2]] = ([], [])
    db.close()
    bodies += [body(cnes, keys, records) for cnes, (keys, records) in pending.items() if records]
    with httpx.Client(auth=(user, password), timeout=60) as client:
        started = time.perf_counter()
        for content in bodies:
            response = client.post(
                url + "/lotes", content=content, headers={"Content-Type": "application/json"}
            )
            response.raise_for_status()
        seconds = time.perf_counter() - started
    return {"batches": len(bodies), "seconds": seconds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.naive")
    parser.add_argument("--source", required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--user", default="bench")
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--timezone", default="America/Sao_Paulo")
    parser.add_argument("--bare-posts", action="store_true", help="time only the POSTs")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    cpu = time.process_time()
    result = (bare_posts if args.bare_posts else run)(
        args.source,
        args.url,
        args.user,
        os.environ["SINHA_API_PASSWORD"],
        os.environ["ANAHP_PSEUDONYM_KEY"].encode(),
        args.batch_size,
        args.timezone,
    )
    result.setdefault("seconds", time.perf_counter() - started)
    result["cpu_s"] = time.process_time() - cpu
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
