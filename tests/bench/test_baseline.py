"""The plain baseline script sends every row once, in batches SINHA's contract accepts.

The whole-process benchmark compares the engine with it, so it must do the
same job (every record delivered and accepted) or the comparison means nothing.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.demo.generator import GeneratorOptions, create_source
from bench import baseline


def test_the_plain_baseline_delivers_every_row_in_batches_of_one_cnes(tmp_path: Path) -> None:
    source = create_source(
        tmp_path / "view.sqlite",
        GeneratorOptions(records=1203, invalid_rate=0.0, server_reject_rate=0.0, null_updated_at=0),
    )
    with sqlite3.connect(source) as db:
        cnes_of = {str(rid): cnes for rid, cnes in db.execute("SELECT id, cnes FROM sinha_export")}
        per_cnes = dict(db.execute("SELECT cnes, count(*) FROM sinha_export GROUP BY cnes"))
    db.close()
    with SinhaEmulator("bench", "secret", keep_bodies=True) as sinha:
        result = baseline.run(str(source), sinha.url, "bench", "secret", batch_size=500)
        state = sinha.state.summary()
        bodies = [json.loads(body) for body in sinha.bodies]
    expected_batches = sum(-(-count // 500) for count in per_cnes.values())
    assert result == {"records": 1203, "batches": expected_batches}
    assert state["records"] == 1203
    assert state["versions_accepted_twice"] == 0
    assert state["requests"] == {"total": expected_batches}  # every POST accepted, none refused
    assert len(per_cnes) == 2  # the generator's two hospitals: batches must not mix them
    sent = [(r["id_registro"], body["cnes"]) for body in bodies for r in body["registros"]]
    assert sorted(sent) == sorted(cnes_of.items())  # each row once, under its own CNES
    assert max(len(body["registros"]) for body in bodies) == 500
