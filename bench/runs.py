"""Running the engine and the baseline in processes of their own, and reading what they print."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.workspace import BATCH_SIZE, SINHA_USER, TIMEZONE, Workspace

RUN_TIMEOUT_S = 1800
ROOT = Path(__file__).resolve().parent.parent


def last_json_line(output: str) -> dict[str, Any]:
    for line in reversed(output.strip().splitlines()):
        if line.startswith("{"):
            result: dict[str, Any] = json.loads(line)
            return result
    raise RuntimeError(f"no JSON in the output: {output[-500:]!r}")


def run_json(command: list[str], workspace: Workspace) -> dict[str, Any]:
    done = subprocess.run(
        command,
        env=workspace.env(),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command[:4])} failed ({done.returncode}): {done.stderr[-2000:]}"
        )
    return last_json_line(done.stdout)


def engine_run(workspace: Workspace, config: Path) -> dict[str, Any]:
    return run_json([sys.executable, "-m", "bench.engine_run", "--config", str(config)], workspace)


def naive_run(
    workspace: Workspace, source: Path, url: str, *, bare_posts: bool = False
) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "bench.naive",
        "--source",
        str(source),
        "--url",
        url,
        "--user",
        SINHA_USER,
        "--batch-size",
        str(BATCH_SIZE),
        "--timezone",
        TIMEZONE,
        *(["--bare-posts"] if bare_posts else []),
    ]
    return run_json(command, workspace)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


@dataclass(frozen=True)
class ProcessRun:
    """A whole process as a user starts it: wall time from spawn to exit, its CPU and peak RSS."""

    seconds: float
    cpu_s: float
    peak_rss_mb: float
    output: dict[str, Any]


def whole_process(command: list[str], workspace: Workspace, name: str, **env: str) -> ProcessRun:
    """Run ``command`` to its end; the figures come from ``os.wait4`` (the kernel's accounting).

    Its stdout and stderr go to files in the workspace (``name``.out/.err), so
    no pipe can block it; the last JSON line of its stdout is its result.
    """
    out = workspace.root / f"{name}.out"
    err = workspace.root / f"{name}.err"
    with out.open("w") as stdout, err.open("w") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, env=workspace.env(**env), stdout=stdout, stderr=stderr, cwd=ROOT
        )
        timer = threading.Timer(RUN_TIMEOUT_S, process.kill)
        timer.start()
        try:
            _pid, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
    process.returncode = code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(
            f"{' '.join(command[:4])} failed ({code}): {err.read_text()[-2000:]}"
            f"{out.read_text()[-500:]}"
        )
    return ProcessRun(
        seconds=seconds,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_rss_mb=usage.ru_maxrss / 1024,
        output=last_json_line(out.read_text()),
    )
