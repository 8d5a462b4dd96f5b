"""(c) Memory: peak RSS of ``anahp-sync sync`` on a 100,000 and on a 1,000,000 record backlog.

Each backlog is synced by a fresh ``anahp-sync sync --json`` process (the
console script a Task Scheduler runs) against the emulator in its own
process; the peak is the child's ``ru_maxrss`` as the kernel reports it when
the child is reaped (``os.wait4``), so no polling can miss a short peak (the
VmHWM polled from /proc every 20 ms is reported beside it as a cross-check).
The benchmark generates its data in other processes: Linux counts the peak of
the image a child replaced at exec in its ru_maxrss. The
data is the generator's realistic mix: a few percent invalid records, a few
that SINHA refuses with a 422, ties on ``updated_at``.
"""

from __future__ import annotations

import os
import resource
import subprocess
import time
from typing import Any

from bench.runs import RUN_TIMEOUT_S, last_json_line
from bench.sizes import Sizes
from bench.workspace import Workspace, cli_command, emulator


def run(workspace: Workspace, sizes: Sizes) -> dict[str, Any]:
    small = _peak(workspace, sizes.rss_small)
    large = _peak(workspace, sizes.rss_large)
    return {
        "rss_100k_mb": small["peak_rss_mb"],
        "rss_1m_mb": large["peak_rss_mb"],
        "rss_ratio": round(large["peak_rss_mb"] / small["peak_rss_mb"], 3),
        # must stay below the figures above (see the module's docstring)
        "rss_bench_process_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_runs": {"small": small, "large": large},
    }


def _peak(workspace: Workspace, records: int) -> dict[str, Any]:
    source = workspace.source(records, realistic=True)
    with emulator(workspace) as emu:
        state = workspace.fresh_state(f"rss-{records}")
        config = workspace.config(f"rss-{records}", source, state, emu.url)
        command = [*cli_command(), "--config", str(config), "sync", "--json"]
        out = workspace.root / f"rss-{records}.out"
        started = time.perf_counter()
        with out.open("w") as stdout:
            process = subprocess.Popen(
                command, env=workspace.env(), stdout=stdout, stderr=subprocess.DEVNULL
            )
            _pid, status, usage, polled = _wait4(process, started)
        seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    summary = last_json_line(out.read_text())
    if code != 0 or summary["pending"]:
        raise RuntimeError(f"anahp-sync sync on {records} records ended {code}: {summary}")
    return {
        "records": records,
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "polled_vm_hwm_mb": round(polled / 1024, 1) if polled else None,
        "seconds": round(seconds, 1),
        "delivered": summary["delivered"],
        "rejected": summary["rejected"],
    }


def _wait4(process: subprocess.Popen[bytes], started: float) -> tuple[int, int, Any, int]:
    """Reap the child; also the largest VmHWM read from /proc meanwhile (a cross-check)."""
    polled = 0
    while True:
        polled = max(polled, _vm_hwm_kb(process.pid))
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return pid, status, usage, polled
        if time.perf_counter() - started > RUN_TIMEOUT_S:
            process.kill()
        time.sleep(0.02)


def _vm_hwm_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
