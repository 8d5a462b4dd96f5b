"""The console script imports the CLI with the collector paused, then resumes it."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PROBE = """
import gc, sys
collections = [0]

def count(phase, info):
    cli = sys.modules.get("anahp_desktop.cli.main")
    if phase == "start" and cli is not None and not hasattr(cli, "EXIT_OK"):
        collections[0] += 1  # while cli/main.py runs its imports

gc.callbacks.append(count)
from anahp_desktop.cli import launch
sys.argv = ["anahp-sync", "--version"]
try:
    launch.main()
except SystemExit:
    pass
print(collections[0], gc.isenabled(), gc.get_freeze_count())
"""


def test_anahp_sync_is_the_launcher_installed_and_frozen() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["anahp-sync"] == "anahp_desktop.cli.launch:main"
    frozen = (ROOT / "packaging" / "anahp_sync_entry.py").read_text(encoding="utf-8")
    assert "from anahp_desktop.cli.launch import main" in frozen


def test_the_imports_run_without_a_collection_and_are_frozen_after_them() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    collections, enabled, frozen = done.stdout.split()[-3:]
    assert collections == "0"  # as is, the imports ran about a dozen collections
    assert enabled == "True"  # garbage the run makes is collected as before
    assert int(frozen) > 100_000  # the imports' objects, out of the collector's reach
