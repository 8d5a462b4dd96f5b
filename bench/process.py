"""(e) Whole process: ``anahp-sync sync`` against a plain script and dlt, as a user starts each.

Every contender is one process started from nothing and timed from spawn to
exit, so its interpreter, its imports and (for the engine) the creation of a
fresh state store are in the figure, as an operator waiting on a first
back-fill sees it:

- the engine: ``anahp-sync --config C sync --json`` on a fresh state store;
- the engine again, its store seeded with a watermark an hour before the
  view's first row (``bench/seed_state.py``, not timed): the same records,
  read from a lower bound, as after a mass update of the view, a long outage
  or ``migrate-from-service`` (its floor);
- the plain baseline (``bench/baseline.py``): read the view, build the JSON,
  POST; no validation, no pseudonymization, no state;
- dlt (``bench/dlt_peer.py``), only when ``dlt`` is installed: ``sql_table``
  incremental on ``updated_at`` -> a custom destination, from an empty
  pipelines folder.

Each size (``process_small``, ``process_large``: 100,000 and 1,000,000 records
at full size) is a clean source (every row valid, so all three send the same
records) and one emulator with no added latency, reset before each run; the
contenders take turns (a different one first in each round), so the ratios
compare runs taken back to back. CPU is user + system time and the peak RSS
``ru_maxrss``, both from ``os.wait4``. The emulator's own count of accepted
records is checked after every run. ``empty_run_s``: ``anahp-sync sync`` on
an empty view with a store an earlier run created (median of the repeats);
``caught_up_s`` per size: one more sync of the engine's last store, nothing new.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.runs import ProcessRun, median, run_json, whole_process
from bench.sizes import Sizes
from bench.workspace import BATCH_SIZE, SINHA_USER, Emulator, Workspace, cli_command, emulator

Contender = Callable[[Workspace, Path, Emulator, str], ProcessRun]


def run(workspace: Workspace, sizes: Sizes) -> dict[str, Any]:
    contenders: dict[str, Contender] = {
        "engine": _engine,
        "baseline": _baseline,
        "engine_from_watermark": _engine_from_watermark,
    }
    if dlt_installed():
        contenders["dlt"] = _dlt
    small = compare(workspace, sizes.process_small, sizes.repeats, contenders)
    large = compare(workspace, sizes.process_large, sizes.repeats, contenders)
    empty = empty_runs(workspace, sizes.repeats)
    engine_small = small["records_per_s"]["engine"]
    return {
        "process_records_per_s": engine_small,
        "process_baseline_records_per_s": small["records_per_s"]["baseline"],
        "process_ratio": small["ratio"],
        "cpu_per_record_ratio": small["cpu_ratio"],
        "empty_run_s": empty["median_s"],
        "process_records_per_s_1m": large["records_per_s"]["engine"],
        "scaling_ratio": round(large["records_per_s"]["engine"] / engine_small, 3),
        "process_baseline_records_per_s_1m": large["records_per_s"]["baseline"],
        "process_ratio_1m": large["ratio"],
        "cpu_per_record_ratio_1m": large["cpu_ratio"],
        "process_records_per_s_from_watermark": small["records_per_s"]["engine_from_watermark"],
        "process_records_per_s_1m_from_watermark": large["records_per_s"]["engine_from_watermark"],
        "scaling_ratio_from_watermark": round(
            large["records_per_s"]["engine_from_watermark"]
            / small["records_per_s"]["engine_from_watermark"],
            3,
        ),
        "process_dlt_records_per_s": small["records_per_s"].get("dlt"),
        "process_dlt_records_per_s_1m": large["records_per_s"].get("dlt"),
        "process_runs": {
            "small": small,
            "large": large,
            "empty": empty,
            "dlt": "installed" if "dlt" in contenders else "not installed (pip install dlt)",
        },
    }


def compare(
    workspace: Workspace, records: int, repeats: int, contenders: dict[str, Contender]
) -> dict[str, Any]:
    """Every contender ``repeats`` times on one source and one emulator, taking turns."""
    source = workspace.source(records)
    names = list(contenders)
    runs: dict[str, list[ProcessRun]] = {name: [] for name in names}
    load_at_start = _load()
    with emulator(workspace) as emu:
        for repeat in range(repeats):
            shift = repeat % len(names)
            for name in names[shift:] + names[:shift]:
                emu.reset()
                result = contenders[name](workspace, source, emu, f"process-{name}-{records}")
                _check_delivered(name, result, emu, records)
                runs[name].append(result)
                _say(
                    f"{name} {records:,}: {records / result.seconds:,.0f} records/s, "
                    f"{result.cpu_s:.1f} s CPU, load {_load()[0]}"
                )
        caught_up = _engine_again(workspace, source, emu, records)
    return _summary(records, runs, caught_up, load_at_start)


def empty_runs(workspace: Workspace, repeats: int) -> dict[str, Any]:
    """``anahp-sync sync`` on an empty view: one run that creates the store, then the timed ones."""
    source = workspace.source(0)
    with emulator(workspace) as emu:
        state = workspace.fresh_state("process-empty")
        config = workspace.config("process-empty", source, state, emu.url)
        first = _sync(workspace, config, "process-empty-first")
        timed = [_sync(workspace, config, "process-empty") for _ in range(max(repeats, 3))]
    for result in (first, *timed):
        if result.output["delivered"] or result.output["pending"]:
            raise RuntimeError(f"an empty view should send nothing: {result.output}")
    return {
        "median_s": round(median([r.seconds for r in timed]), 3),
        "runs_s": [round(r.seconds, 3) for r in timed],
        "cpu_s": [round(r.cpu_s, 3) for r in timed],
        "first_run_s": round(first.seconds, 3),  # it also creates the state store
    }


def dlt_installed() -> bool:
    return importlib.util.find_spec("dlt") is not None


def _engine(workspace: Workspace, source: Path, emu: Emulator, name: str) -> ProcessRun:
    state = workspace.fresh_state(name)
    config = workspace.config(name, source, state, emu.url)
    return _sync(workspace, config, name)


def _engine_from_watermark(
    workspace: Workspace, source: Path, emu: Emulator, name: str
) -> ProcessRun:
    state = workspace.fresh_state(name)
    config = workspace.config(name, source, state, emu.url)
    run_json([sys.executable, "-m", "bench.seed_state", "--config", str(config)], workspace)
    return _sync(workspace, config, name)


def _engine_again(workspace: Workspace, source: Path, emu: Emulator, records: int) -> float:
    """One more sync of the engine's last store with nothing new: what an idle run costs."""
    name = f"process-engine-{records}"
    state = workspace.root / f"state-{name}.sqlite"  # where ``_engine`` left it
    config = workspace.config(name, source, state, emu.url)
    result = _sync(workspace, config, f"{name}-again")
    if result.output["delivered"] or result.output["pending"]:
        raise RuntimeError(f"a caught-up sync should send nothing: {result.output}")
    return round(result.seconds, 3)


def _sync(workspace: Workspace, config: Path, name: str) -> ProcessRun:
    command = [*cli_command(), "--config", str(config), "sync", "--json"]
    result = whole_process(command, workspace, name)
    result.output["records"] = result.output["delivered"]
    return result


def _baseline(workspace: Workspace, source: Path, emu: Emulator, name: str) -> ProcessRun:
    command = [sys.executable, "-m", "bench.baseline", "--source", str(source), "--url", emu.url]
    command += ["--user", SINHA_USER, "--batch-size", str(BATCH_SIZE)]
    return whole_process(command, workspace, name)


def _dlt(workspace: Workspace, source: Path, emu: Emulator, name: str) -> ProcessRun:
    pipelines = workspace.root / f"{name}-pipelines"
    shutil.rmtree(pipelines, ignore_errors=True)  # dlt's state: empty, so a full back-fill
    command = [sys.executable, "-m", "bench.dlt_peer", "--source", str(source), "--url", emu.url]
    command += ["--user", SINHA_USER, "--batch-size", str(BATCH_SIZE)]
    command += ["--pipelines-dir", str(pipelines)]
    try:
        return whole_process(command, workspace, name, RUNTIME__DLTHUB_TELEMETRY="false")
    finally:
        shutil.rmtree(pipelines, ignore_errors=True)


def _check_delivered(name: str, result: ProcessRun, emu: Emulator, records: int) -> None:
    """What the contender says it sent, and what SINHA (the emulator) accepted, are all records."""
    accepted = emu.state()
    said = result.output["records"]
    if said != records or accepted["records"] != records or accepted["versions"] != records:
        raise RuntimeError(
            f"{name}: {records} records in the view, it reported {said}, "
            f"the emulator accepted {accepted['records']} ({accepted['versions']} distinct)"
        )


def _summary(
    records: int, runs: dict[str, list[ProcessRun]], caught_up_s: float, load: list[float]
) -> dict[str, Any]:
    engine, baseline = runs["engine"], runs["baseline"]
    # ratios of the runs of one round (taken back to back), then their median
    ratios = [b.seconds / e.seconds for e, b in zip(engine, baseline, strict=True)]
    cpu_ratios = [e.cpu_s / b.cpu_s for e, b in zip(engine, baseline, strict=True)]
    return {
        "records": records,
        "records_per_s": {
            name: round(median([records / r.seconds for r in results]))
            for name, results in runs.items()
        },
        "ratio": round(median(ratios), 3),
        "cpu_ratio": round(median(cpu_ratios), 3),
        "ratios": [round(r, 3) for r in ratios],
        "cpu_ratios": [round(r, 3) for r in cpu_ratios],
        "runs": {
            name: {
                "records_per_s": [round(records / r.seconds) for r in results],
                "seconds": [round(r.seconds, 2) for r in results],
                "cpu_s": [round(r.cpu_s, 2) for r in results],
                "peak_rss_mb": [round(r.peak_rss_mb, 1) for r in results],
            }
            for name, results in runs.items()
        },
        "caught_up_s": caught_up_s,
        "load_average": {"start": load, "end": _load()},
    }


def _say(text: str) -> None:
    print(f"[bench] process: {text}", file=sys.stderr, flush=True)


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]
