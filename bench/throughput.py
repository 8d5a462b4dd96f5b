"""(a) Throughput: SQLite source -> emulator on loopback, no added latency, batch 500.

The engine and the naive baseline run alternately, each in its own process,
against one emulator process (reset before each run, so both get 201s); the
median of the repeats is reported. Records/s = records delivered / seconds of
the run (the interpreter's start-up and imports are not counted for either).
"""

from __future__ import annotations

from typing import Any

from bench.runs import engine_run, median, naive_run
from bench.sizes import Sizes
from bench.workspace import Workspace, emulator


def run(workspace: Workspace, sizes: Sizes) -> dict[str, Any]:
    records = sizes.throughput_records
    source = workspace.source(records)
    engine_rates: list[float] = []
    naive_rates: list[float] = []
    cpu: dict[str, list[float]] = {"engine": [], "naive": []}
    with emulator(workspace) as emu:
        for repeat in range(sizes.repeats):
            order = ("engine", "naive") if repeat % 2 == 0 else ("naive", "engine")
            for which in order:
                emu.reset()
                if which == "engine":
                    state = workspace.fresh_state("throughput")
                    config = workspace.config("throughput", source, state, emu.url)
                    result = engine_run(workspace, config)
                    engine_rates.append(_rate(result, records, "engine"))
                else:
                    result = naive_run(workspace, source, emu.url)
                    naive_rates.append(_rate(result, records, "naive"))
                cpu[which].append(round(float(result["cpu_s"]), 2))
    engine = median(engine_rates)
    naive = median(naive_rates)
    return {
        "engine_records_per_s": round(engine),
        "naive_records_per_s": round(naive),
        "throughput_ratio": round(engine / naive, 3) if naive else None,
        "throughput_runs": {
            "records": records,
            "engine_records_per_s": [round(r) for r in engine_rates],
            "naive_records_per_s": [round(r) for r in naive_rates],
            "engine_cpu_s": cpu["engine"],
            "naive_cpu_s": cpu["naive"],
        },
    }


def _rate(result: dict[str, Any], expected: int, who: str) -> float:
    if result["records"] != expected:
        raise RuntimeError(f"the {who} delivered {result['records']} of {expected} records")
    return float(result["records"]) / float(result["seconds"])
