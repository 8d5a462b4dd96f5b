"""``python -m bench [--size tiny|small|full] [--only PART ...]``: one JSON object on stdout.

Parts: throughput (a), latency (b), memory (c), gui_stall, log_filter and
startup (d), process (e: whole processes, engine vs a plain script and dlt);
``gui`` names the three GUI parts. Progress goes to stderr. Data
is generated in a temporary folder (``--workdir`` to keep and reuse it).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import gui, latency, machine, memory, process, throughput
from bench.sizes import SIZES, Sizes
from bench.workspace import Workspace

Part = Callable[[Workspace, Sizes], dict[str, Any]]

PARTS: dict[str, Part] = {
    "throughput": throughput.run,
    "latency": latency.run,
    "memory": memory.run,
    "gui_stall": gui.stall,
    "log_filter": gui.log_filter,
    "startup": gui.startup,
    "process": process.run,
}
GROUPS = {"gui": ("gui_stall", "log_filter", "startup")}
REQUIRED_KEYS = (
    "engine_records_per_s",
    "naive_records_per_s",
    "throughput_ratio",
    "latency_floor_ratio",
    "rss_100k_mb",
    "rss_1m_mb",
    "gui_max_stall_ms",
    "log_open_filter_ms",
    "startup_s",
    "process_records_per_s",
    "process_baseline_records_per_s",
    "process_ratio",
    "cpu_per_record_ratio",
    "empty_run_s",
    "process_records_per_s_1m",
    "scaling_ratio",
    "process_records_per_s_from_watermark",
    "process_records_per_s_1m_from_watermark",
    "scaling_ratio_from_watermark",
)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--size", choices=tuple(SIZES), default="full")
    parser.add_argument(
        "--only",
        action="append",
        choices=(*PARTS, *GROUPS),
        help="run only this part (repeatable)",
    )
    parser.add_argument("--workdir", type=Path, help="keep generated data here (reused)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    sizes = SIZES[args.size]
    chosen: list[str] = []
    for name in args.only or list(PARTS):
        for part in GROUPS.get(name, (name,)):
            if part not in chosen:
                chosen.append(part)
    result: dict[str, Any] = {key: None for key in REQUIRED_KEYS}
    result["size"] = args.size
    result["machine"] = machine.describe()
    root = args.workdir or Path(tempfile.mkdtemp(prefix="anahp-bench-"))
    workspace = Workspace(root.resolve())
    started = time.perf_counter()
    try:
        for name in chosen:
            _say(f"{name}…")
            part_started = time.perf_counter()
            result.update(PARTS[name](workspace, sizes))
            _say(f"{name}: {time.perf_counter() - part_started:.1f} s")
    finally:
        if args.workdir is None:
            workspace.remove()
    result["parts"] = chosen
    result["bench_seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


def _say(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
