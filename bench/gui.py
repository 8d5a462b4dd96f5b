"""(d) The desktop app: GUI stall during a sync, the log on a large store, launch to window.

Each measurement runs the app offscreen in a process of its own
(:mod:`bench.gui_probe`); the emulator runs in another.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.logdata import create_log_store
from bench.runs import RUN_TIMEOUT_S, last_json_line, median, run_json
from bench.sizes import Sizes
from bench.workspace import Workspace, emulator

STARTUP_TIMEOUT_S = 120


def stall(workspace: Workspace, sizes: Sizes) -> dict[str, Any]:
    source = workspace.source(sizes.gui_sync_records)
    with emulator(workspace) as emu:
        state = workspace.fresh_state("gui-stall")
        config = workspace.config("gui-stall", source, state, emu.url)
        result = _probe(workspace, "stall", config)
    if result["delivered"] != sizes.gui_sync_records:
        raise RuntimeError(f"the app's sync delivered {result['delivered']} records")
    return {"gui_max_stall_ms": result["max_stall_ms"], "gui_stall_run": result}


def log_filter(workspace: Workspace, sizes: Sizes) -> dict[str, Any]:
    store = workspace.root / f"state-log-{sizes.log_rows}.sqlite"
    fragment_file = store.with_suffix(".fragment")
    if not store.exists():
        fragment_file.write_text(create_log_store(store, sizes.log_rows))
    fragment = fragment_file.read_text()
    source = workspace.source(1000)
    results = []
    with emulator(workspace) as emu:
        config = workspace.config("gui-log", source, store, emu.url)
        _probe(
            workspace, "log", config, "--search", fragment
        )  # warm-up: the file into the OS cache
        for _ in range(sizes.repeats):
            results.append(_probe(workspace, "log", config, "--search", fragment))
    best = sorted(results, key=lambda r: r["total_ms"])[len(results) // 2]
    return {
        "log_open_filter_ms": best["total_ms"],
        "log_runs": {"rows": sizes.log_rows, "search": fragment, "median_run": best},
    }


def startup(workspace: Workspace, sizes: Sizes) -> dict[str, Any]:
    source = workspace.source(1000)
    state = workspace.fresh_state("gui-startup")
    with emulator(workspace) as emu:
        config = workspace.config("gui-startup", source, state, emu.url)
        first = _launch(workspace, config)  # also creates the state store; not counted
        times = [_launch(workspace, config) for _ in range(max(3, sizes.repeats))]
    return {
        "startup_s": round(median(times), 3),
        "startup_runs": {
            "first_launch_s": round(first, 3),
            "launches_s": [round(t, 3) for t in times],
        },
    }


def _probe(workspace: Workspace, kind: str, config: Path, *extra: str) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.gui_probe", kind, "--config", str(config), *extra]
    return run_json(command, workspace)


def _launch(workspace: Workspace, config: Path) -> float:
    command = [sys.executable, "-m", "bench.gui_probe", "startup", "--config", str(config)]
    started = time.monotonic()
    done = subprocess.run(
        [*command, "--t0", repr(started)],
        env=workspace.env(),
        capture_output=True,
        text=True,
        timeout=STARTUP_TIMEOUT_S,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the app did not show its window: {done.stderr[-2000:]}")
    return float(last_json_line(done.stdout)["window_s"])


__all__ = ["RUN_TIMEOUT_S", "log_filter", "stall", "startup"]
