"""Our own bugs are not the environment's: a malformed statement of ours reaches the bug path.

A real ``anahp-sync sync`` process runs against real SQLite files and the SINHA emulator,
with one of the state store's statements replaced by a malformed one that binds the
batch's body (health data). The store must not dress it up as "the state store reported
an error": the process takes the unexpected-error path -- one sentence on stderr, the
traceback in the app's log file -- and neither shows the statement's data anywhere.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from anahp_desktop.demo.emulator import SinhaEmulator
from tests.helpers.cli import CliResult, secret_env, write_config
from tests.helpers.source_db import BASE_TIME, SourceDb

EXIT_FAILED = 1
#: a ward name only the view holds; it travels in the batch body the broken statement binds
PRIVATE_WARD = "Ala Reservada 7731"

#: the CLI with StateStore._insert_batches replaced by a statement missing a parenthesis
BROKEN_STATEMENT = """
import sys
from sqlalchemy import text
from anahp_desktop.cli.main import main
from anahp_desktop.state.store import StateStore

def insert_batches(self, conn, prepared, run_id):
    for batch in prepared:
        conn.execute(
            text("INSERT INTO sinha_batches (id_lote, payload VALUES (:id_lote, :payload)"),
            {"id_lote": batch.id_lote, "payload": batch.payload},
        )

StateStore._insert_batches = insert_batches
sys.exit(main(sys.argv[1:]))
"""


def run_broken_cli(tmp_path: Path, *args: str) -> CliResult:
    """The CLI as its own process, with its own HOME: the log file is this test's alone."""
    home = tmp_path / "home"
    env = secret_env() | {
        "HOME": str(home),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    proc = subprocess.run(
        [sys.executable, "-c", BROKEN_STATEMENT, *args],
        capture_output=True,
        text=True,
        env=dict(os.environ) | env,
        timeout=120,
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


def log_text(tmp_path: Path) -> str:
    files = sorted((tmp_path / "home").rglob("anahp-sync.log*"))
    assert files, "the CLI wrote no log file"
    return "\n".join(path.read_text(encoding="utf-8") for path in files)


def test_a_malformed_statement_of_ours_takes_the_bug_path_with_its_traceback_and_no_data(
    tmp_path: Path, emulator: SinhaEmulator
) -> None:
    source = SourceDb(tmp_path / "source.sqlite").create()
    source.add_valid(3, BASE_TIME, setor=PRIVATE_WARD)
    config = write_config(tmp_path / "config.toml", source.url, source.state_url, emulator.url)

    result = run_broken_cli(tmp_path, "--config", str(config), "sync")

    assert result.code == EXIT_FAILED, result.stderr
    assert "Unexpected error" in result.stderr
    assert "Nothing was lost" in result.stderr
    assert "state store reported an error" not in result.stderr  # not the environment's
    assert "Traceback" not in result.stderr  # the operator reads one sentence
    text = log_text(tmp_path)
    assert ": unexpected error\nTraceback (most recent call last)" in text
    assert ", in save_intents\n" in text and ", in insert_batches\n" in text  # where it broke
    assert "sqlalchemy.exc.OperationalError: (message withheld" in text
    assert "state_other" not in text
    for where, written in (("log", text), ("stderr", result.stderr), ("stdout", result.stdout)):
        assert PRIVATE_WARD not in written, f"patient data in the {where}"
        assert "INSERT INTO sinha_batches" not in written, f"the statement in the {where}"
    assert emulator.state.lotes == {}  # nothing was sent: the intent was never written
