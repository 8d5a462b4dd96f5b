"""(b) Latency floor: the emulator adds 50 ms to every request; 200 batches of 500.

If everything but the request itself overlaps the request in flight, the
run takes 200 x 50 ms; the figure is the engine's wall time over that floor.
``latency_bare_posts_ratio`` is the same for a client that only POSTs the 200
bodies, built beforehand, one after the other: the emulator's own work on
each batch (parsing and validating 500 records) comes on top of the 50 ms,
so no client that sends one batch at a time gets below it.
"""

from __future__ import annotations

from typing import Any

from bench.runs import engine_run, median, naive_run
from bench.sizes import Sizes
from bench.workspace import BATCH_SIZE, Workspace, emulator


def run(workspace: Workspace, sizes: Sizes) -> dict[str, Any]:
    batches = sizes.latency_batches
    records = batches * BATCH_SIZE
    source = workspace.source(records, single_cnes=True)
    floor_s = batches * sizes.latency_ms / 1000
    ratios: list[float] = []
    bare: list[float] = []
    with emulator(workspace, {"latency_ms": sizes.latency_ms}) as emu:
        for _ in range(sizes.repeats):
            emu.reset()
            state = workspace.fresh_state("latency")
            result = engine_run(workspace, workspace.config("latency", source, state, emu.url))
            if result["batches"] != batches or result["records"] != records:
                raise RuntimeError(f"expected {batches} batches, the engine sent {result}")
            ratios.append(float(result["seconds"]) / floor_s)
            emu.reset()
            posts = naive_run(workspace, source, emu.url, bare_posts=True)
            bare.append(float(posts["seconds"]) / floor_s)
    return {
        "latency_floor_ratio": round(median(ratios), 3),
        "latency_bare_posts_ratio": round(median(bare), 3),
        "latency_runs": {
            "batches": batches,
            "added_latency_ms": sizes.latency_ms,
            "floor_s": floor_s,
            "ratios": [round(r, 3) for r in ratios],
            "bare_posts_ratios": [round(r, 3) for r in bare],
        },
    }
