"""The benchmark command runs end to end (tiny sizes) and prints its one JSON object.

No figure is judged here: benchmarks set no pass/fail in CI. This proves that
``python -m bench`` works from the repository as the README says, so the
figures in docs/performance.md can be reproduced.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bench.__main__ import REQUIRED_KEYS

ROOT = Path(__file__).resolve().parents[2]


def test_python_m_bench_tiny_prints_every_key() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--size", "tiny"],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, done.stdout[-2000:]  # one JSON object, nothing else on stdout
    result = json.loads(lines[0])
    missing = [key for key in REQUIRED_KEYS if result.get(key) is None]
    assert not missing, (missing, result)
    machine = result["machine"]
    assert machine["cores"] and machine["cpu"] and machine["python"] and machine["qt"]
    assert result["size"] == "tiny"
    assert set(result["parts"]) == {
        "throughput",
        "latency",
        "memory",
        "gui_stall",
        "log_filter",
        "startup",
        "process",
    }
