"""The gates every change passes: types (product, benchmarks and tests), dead code, lint.

They run in the test command (and so in CI) with the settings in pyproject.toml,
from the dev extras, each as its own process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    path = BIN / tool
    assert path.exists(), f"{tool} comes with the dev extras (scripts/bootstrap dev)"
    return subprocess.run(
        [str(path), *args], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )


def test_mypy_is_clean_over_the_product_the_benchmarks_and_the_tests() -> None:
    done = run("mypy")  # strict; packages and per-module settings in pyproject.toml
    assert done.returncode == 0, done.stdout + done.stderr


def test_vulture_finds_no_dead_code() -> None:
    done = run("vulture")  # paths and whitelist in pyproject.toml
    assert done.returncode == 0, (
        "dead code (or add it, with why, to tools/vulture_whitelist.py):\n" + done.stdout
    )


@pytest.mark.parametrize("command", [("check", "."), ("format", "--check", ".")])
def test_ruff_is_clean(command: tuple[str, ...]) -> None:
    done = run("ruff", *command)
    assert done.returncode == 0, done.stdout + done.stderr
