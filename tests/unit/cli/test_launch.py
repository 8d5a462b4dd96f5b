"""The console script imports the CLI with the collector paused, then resumes it."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from anahp_desktop import interpreter
from tests.helpers.cli import secret_env, write_config
from tests.helpers.source_db import SourceDb

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
print(collections[0], gc.isenabled(), gc.get_freeze_count(), gc.get_threshold()[0])
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
    collections, enabled, frozen, young = done.stdout.split()[-4:]
    assert collections == "0"  # as is, the imports ran about a dozen collections
    assert enabled == "True"  # garbage the run makes is still collected
    assert int(frozen) > 50_000  # the imports' objects, out of the collector's reach
    assert int(young) == interpreter.YOUNG_OBJECTS_PER_COLLECTION  # less often than 700


EMPTY_RUN = """
import sys
from anahp_desktop.cli import launch
sys.argv = ["anahp-sync", "--config", sys.argv[1], "sync", "--json"]
code = launch.main()
heavy = ("alembic", "PySide6", "keyring")
print(code, " ".join(sorted(name for name in heavy if name in sys.modules)) or "-")
print(" ".join(sorted(name for name in NOT_ON_A_SYNCS_PATH if name in sys.modules)) or "-")
"""

#: what other commands, other databases or settings not given here need; each costs a sync
#: started from nothing CPU to import (the SQL Server dialect about 20 ms, the migration package
#: about 10 ms): a SQLite source, no alerts and no secret file load none of them
NOT_ON_A_SYNCS_PATH = (
    "sqlalchemy.dialects.mssql",  # a SQL Server source or store loads it when it connects
    "anahp_desktop.migration.plan",  # migrate-from-service
    "anahp_desktop.sync.schedule_loop",  # run --every
    "anahp_desktop.task_account",  # export-for-task
    "anahp_desktop.cli.check",  # check
    "anahp_desktop.windows.host",  # a DPAPI secret file
    "anahp_desktop.config.writer",  # writing settings or a secret file
    "anahp_desktop.alerts.notifier",  # alerts on: after every run
    "smtplib",
    "anahp_desktop.network.windows_proxy",  # network.proxy = "system" on Windows
    "ctypes",  # Windows calls only
    "anahp_desktop.state.queries",  # status, log, the desktop app's views
)


def test_a_sync_with_nothing_to_send_imports_only_what_it_needs(
    source_db: SourceDb, tmp_path: Path
) -> None:
    """No Alembic (the store is at head), no Qt, no keyring (the secrets are in the environment)."""
    config = write_config(
        tmp_path / "settings.toml", source_db.url, source_db.state_url, "http://127.0.0.1:9/api"
    )
    env = {**os.environ, **secret_env(), "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    probe = EMPTY_RUN.replace("NOT_ON_A_SYNCS_PATH", repr(NOT_ON_A_SYNCS_PATH))
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe, str(config)],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        for _ in range(2)
    ]
    first, second = (run.stdout.splitlines()[-2] for run in runs)
    assert first.startswith("0 ") and "alembic" in first  # it created the store
    assert second == "0 -"
    assert runs[1].stdout.splitlines()[-1] == "-"  # (the first ran Alembic's migrations)
