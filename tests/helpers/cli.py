"""Running ``anahp-sync`` as a real process, the way an operator or the Task Scheduler does."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.fixtures import PSEUDONYM_KEY, SINHA_PASSWORD, SINHA_USER


@dataclass(frozen=True)
class CliResult:
    code: int
    stdout: str
    stderr: str


def write_config(
    path: Path, source_url: str, state_url: str, sinha_url: str, **sync: object
) -> Path:
    lines = [
        "[source]",
        f'url = "{source_url}"',
        "",
        "[state]",
        f'url = "{state_url}"',
        "",
        "[sinha]",
        f'url = "{sinha_url}"',
        f'user = "{SINHA_USER}"',
        "read_timeout_s = 5",
        "connect_timeout_s = 2",
        "",
        "[sync]",
    ]
    values: dict[str, object] = {
        "batch_size": 10,
        "backoff_initial_s": 0.01,
        "backoff_max_s": 0.05,
        "max_in_flight": 1,  # exact order of attempts; the window of two is tested apart
    }
    values.update(sync)
    lines += [f"{key} = {value!r}".replace("'", '"') for key, value in values.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


def secret_env() -> dict[str, str]:
    return {"SINHA_API_PASSWORD": SINHA_PASSWORD, "ANAHP_PSEUDONYM_KEY": PSEUDONYM_KEY}


def run_cli(
    *args: str,
    env: Mapping[str, str] | None = None,
    timeout: float = 120,
    input: str | None = None,
) -> CliResult:
    full_env = dict(os.environ)
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "anahp_desktop.cli.main", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        input=input,
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)
