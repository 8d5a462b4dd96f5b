"""One sync at a time: two processes, a killed holder, and the desktop's timer against the CLI."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from anahp_desktop.demo.emulator import Faults, SinhaEmulator
from anahp_desktop.sync.service import SyncService
from tests.helpers.cli import run_cli, secret_env, write_config
from tests.helpers.outcomes import sinha_versions
from tests.helpers.source_db import SourceDb

EXIT_ALREADY_RUNNING = 3


@pytest.fixture
def slow_backlog(source_db: SourceDb, emulator: SinhaEmulator) -> SourceDb:
    source_db.add_valid(200)  # 20 batches of 10
    emulator.set_faults(Faults(latency_ms=150))
    return source_db


@pytest.fixture
def config(tmp_path: Path, source_db: SourceDb, emulator: SinhaEmulator) -> Path:
    return write_config(
        tmp_path / "config.toml", source_db.url, source_db.state_url, emulator.url, lease_seconds=2
    )


def start_sync(config: Path) -> subprocess.Popen[str]:
    import os

    return subprocess.Popen(
        [sys.executable, "-m", "anahp_desktop.cli.main", "--config", str(config), "sync", "--json"],
        env=dict(os.environ) | secret_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_lease(state_url: str, timeout: float = 20) -> None:
    engine = create_engine(state_url)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            try:
                with engine.connect() as conn:
                    holder = conn.execute(
                        text("SELECT holder FROM sinha_lease WHERE name = 'sync'")
                    ).scalar()
                if holder:
                    return
            except Exception:
                pass
            time.sleep(0.05)
    finally:
        engine.dispose()
    raise AssertionError("no process took the sync lease")


def test_a_second_process_says_a_sync_is_running_and_exits_with_its_own_code(
    slow_backlog: SourceDb, config: Path, emulator: SinhaEmulator
) -> None:
    first = start_sync(config)
    try:
        wait_for_lease(slow_backlog.state_url)
        second = run_cli("--config", str(config), "sync", env=secret_env())
        assert second.code == EXIT_ALREADY_RUNNING
        assert "already running" in second.stderr and "Traceback" not in second.stderr
        assert len(second.stderr.strip().splitlines()) == 1
    finally:
        _out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    versions = sinha_versions(emulator)
    assert len(versions) == len(set(versions)) == 200


def test_a_holder_killed_with_sigkill_releases_the_lease_when_it_expires(
    slow_backlog: SourceDb, config: Path, emulator: SinhaEmulator
) -> None:
    holder = start_sync(config)
    wait_for_lease(slow_backlog.state_url)
    time.sleep(0.5)
    holder.send_signal(signal.SIGKILL)
    holder.communicate()
    assert run_cli("--config", str(config), "sync", env=secret_env()).code == EXIT_ALREADY_RUNNING
    time.sleep(2.5)  # lease_seconds = 2
    emulator.set_faults(Faults())
    after = run_cli("--config", str(config), "sync", "--json", env=secret_env())
    assert after.code == 0, after.stderr
    versions = sinha_versions(emulator)
    assert len(versions) == len(set(versions)) == 200


def test_the_desktop_timer_and_a_task_scheduler_run_never_overlap(
    slow_backlog: SourceDb,
    config: Path,
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
) -> None:
    service = make_service()
    results = []
    worker = threading.Thread(target=lambda: results.append(service.run("scheduled")))
    worker.start()
    try:
        wait_for_lease(slow_backlog.state_url)
        cli_run = run_cli("--config", str(config), "sync", env=secret_env())
        assert cli_run.code == EXIT_ALREADY_RUNNING
    finally:
        worker.join(timeout=120)
    assert results and results[0].complete
    # and the other way round: the CLI holds the lease, the timer's run is refused
    from anahp_desktop.errors import SyncAlreadyRunningError

    slow_backlog.add_valid(100)
    cli_proc = start_sync(config)
    try:
        wait_for_lease(slow_backlog.state_url)
        with pytest.raises(SyncAlreadyRunningError):
            service.run("scheduled")
    finally:
        cli_proc.communicate(timeout=120)
    assert cli_proc.returncode == 0
    versions = sinha_versions(emulator)
    assert len(versions) == len(set(versions)) == 300
