"""Ctrl+C and SIGTERM during a run: ``anahp-sync sync`` stops at once and cleanly.

The run waits for a ``Retry-After`` of 30 s when the signal comes: it must not wait it
out, must write the run as cancelled, release the sync lock, keep every batch stored and
open, and the next run must finish the job without sending anything twice.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from anahp_desktop.demo.emulator import Faults, SinhaEmulator
from anahp_desktop.state.schema import operations_log, runs
from tests.helpers.cli import run_cli, secret_env, write_config
from tests.helpers.outcomes import sinha_versions
from tests.helpers.source_db import SourceDb


def wait_for_429(state: Path, timeout: float = 20) -> None:
    ends = time.monotonic() + timeout
    while time.monotonic() < ends:
        if state.exists():
            engine = create_engine(f"sqlite:///{state}")
            try:
                with engine.connect() as conn:
                    found = conn.execute(
                        select(operations_log.c.id).where(operations_log.c.http_status == 429)
                    ).first()
            except Exception:  # tables not created yet
                found = None
            finally:
                engine.dispose()
            if found:
                return
        time.sleep(0.05)
    raise AssertionError("the run never got its 429")


@pytest.mark.parametrize("in_flight", [1, 2])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupt_during_a_long_retry_after_stops_the_run_cleanly_and_resumably(
    signum: int, in_flight: int, tmp_path: Path, source_db: SourceDb, emulator: SinhaEmulator
) -> None:
    source_db.add_valid(30)
    state = tmp_path / "state.sqlite"
    config = write_config(
        tmp_path / "config.toml",
        source_db.url,
        f"sqlite:///{state}",
        emulator.url,
        max_in_flight=in_flight,
    )
    emulator.set_faults(Faults(retry_after_s=30))
    emulator.script = ["ok", "429"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "anahp_desktop.cli.main", "--config", str(config), "sync", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ) | secret_env(),
    )
    try:
        wait_for_429(state)
        sent_at = time.monotonic()
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=20)
        stopped_in = time.monotonic() - sent_at
    finally:
        proc.kill()
    assert stopped_in < 3, f"took {stopped_in:.1f} s"  # not the 30 s SINHA asked for
    engine = create_engine(f"sqlite:///{state}")
    with engine.connect() as conn:
        assert conn.execute(select(runs.c.status)).scalars().all() == ["cancelled"]
    engine.dispose()
    assert proc.returncode == 130, err
    assert "Stopping" in err and "Traceback" not in err
    assert '"status": "cancelled"' in out
    # the sync lock was released and the batches kept: the next run finishes at once
    again = run_cli("--config", str(config), "sync", env=secret_env())
    assert again.code == 0, again.stderr
    versions = sinha_versions(emulator)
    assert len(versions) == len(set(versions)) == 30
