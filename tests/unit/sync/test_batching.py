from __future__ import annotations

import json
from datetime import datetime, timedelta

from anahp_desktop.domain.values import RecordKey
from anahp_desktop.sync.batching import Batcher, build_batch, make_id_lote

T0 = datetime(2026, 10, 1, 8, 0)


def keys(n: int, start: int = 0) -> list[RecordKey]:
    return [RecordKey(str(i), T0 + timedelta(seconds=i)) for i in range(start, start + n)]


def test_id_lote_is_deterministic_and_short_enough() -> None:
    first = make_id_lote("2077485", keys(3))
    assert first == make_id_lote("2077485", keys(3))
    assert len(first) <= 64 and first.startswith("L2077485-")


def test_id_lote_changes_with_any_record_version_or_the_cnes() -> None:
    base = make_id_lote("2077485", keys(3))
    changed = keys(3)
    changed[1] = RecordKey("1", changed[1].updated_at + timedelta(microseconds=1))
    assert make_id_lote("2077485", changed) != base
    assert make_id_lote("2078015", keys(3)) != base
    assert make_id_lote("2077485", keys(2)) != base


def test_batches_hold_one_cnes_and_at_most_batch_size_records() -> None:
    batcher = Batcher(3, lambda: "2026-10-01T11:00:00Z")
    ready = []
    for i, key in enumerate(keys(8)):
        cnes = "2077485" if i % 2 == 0 else "2078015"
        batch = batcher.add(cnes, key, {"id_registro": key.record_id})
        if batch:
            ready.append(batch)
    ready += batcher.flush()
    assert sorted(b.record_count for b in ready) == [1, 1, 3, 3]
    for batch in ready:
        body = json.loads(batch.payload)
        assert body["cnes"] == batch.cnes and body["id_lote"] == batch.id_lote
        assert [r["id_registro"] for r in body["registros"]] == [k.record_id for k in batch.keys]
    assert sum(b.record_count for b in ready) == 8


def test_oldest_buffered_is_the_first_record_waiting() -> None:
    batcher = Batcher(10, lambda: "x")
    assert batcher.oldest_buffered() is None
    k = keys(3)
    batcher.add("2078015", k[1], {})
    batcher.add("2077485", k[2], {})
    assert batcher.oldest_buffered() == k[1].updated_at


def test_payload_is_compact_utf8_json() -> None:
    batch = build_batch("2077485", keys(1), [{"setor": "Clínica"}], "2026-10-01T11:00:00Z")
    assert '"setor":"Clínica"' in batch.payload


def test_the_body_is_the_compact_utf8_json_of_the_standard_library() -> None:
    """orjson writes it; a stored body must read back as what json.dumps would write."""
    from anahp_desktop.sync.batching import dumps

    body = {
        "id_lote": "L2077485-abc",
        "cnes": "2077485",
        "gerado_em": "2026-10-01T08:00:00Z",
        "registros": [
            {
                "id_registro": "7",
                "setor": "Clínica Médica — UTI",
                "convenio": None,
                "idade_anos": 56,
            },
            {"id_registro": "8", "setor": 'aspas " e \\ barra', "convenio": "😀\u2028", "n": -3},
        ],
    }
    assert dumps(body) == json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def test_id_lote_is_the_digest_it_always_was() -> None:
    """A batch stored by an earlier version is recognised: the derivation never changes."""
    import hashlib

    versions = [RecordKey(f"{i}-ção", T0 + timedelta(microseconds=i * 7919)) for i in range(50)]
    digest = hashlib.sha256(b"2077485")
    for key in versions:  # the original, field by field
        digest.update(b"\n" + key.record_id.encode("utf-8") + b"\t")
        digest.update(key.updated_at.isoformat().encode())
    assert make_id_lote("2077485", versions) == f"L2077485-{digest.hexdigest()[:48]}"
