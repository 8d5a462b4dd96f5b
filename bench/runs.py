"""Running the engine and the baseline in processes of their own, and reading what they print."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.workspace import BATCH_SIZE, SINHA_USER, TIMEZONE, Workspace

RUN_TIMEOUT_S = 1800


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
        cwd=Path(__file__).resolve().parent.parent,
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
