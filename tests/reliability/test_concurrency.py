"""One sync at a time, with a lock that dies with its holder: real processes, both backends.

A second copy is refused with who runs and since when; a copy killed with SIGKILL
never blocks the next one, whatever its clock said; copies started together never
overlap; the desktop's timer and the Task Scheduler take turns.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from anahp_desktop.demo.emulator import Faults, SinhaEmulator
from anahp_desktop.domain.clock import utc_now
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.errors import SyncAlreadyRunningError
from anahp_desktop.sync.service import SyncService
from tests.helpers.cli import run_cli, secret_env, write_config
from tests.helpers.fixtures import both_backends
from tests.helpers.outcomes import sinha_versions
from tests.helpers.source_db import BASE_TIME, SourceDb

pytestmark = both_backends

EXIT_ALREADY_RUNNING = 3
#: a holder whose clock is a year ahead (a VM resumed from a snapshot, a dead CMOS battery)
CLOCK_AHEAD_HOLDER = """
import sys
from datetime import timedelta
from anahp_desktop.config import loader
from anahp_desktop.secrets import Secrets
from anahp_desktop.domain.clock import utc_now
from anahp_desktop.sync.service import SyncService

config = loader.load(sys.argv[1])
service = SyncService(config.settings, Secrets(), clock=lambda: utc_now() + timedelta(days=365))
service.run("cli")
"""


#: `anahp-sync sync` entered by several processes at one instant (their code already loaded)
AT_THE_SAME_INSTANT = """
import sys, time
from anahp_desktop.cli.main import main

config, at = sys.argv[1], float(sys.argv[2])
time.sleep(max(0.0, at - time.time()))
sys.exit(main(["--config", config, "sync", "--json"]))
"""


@pytest.fixture
def slow_backlog(source_db: SourceDb, emulator: SinhaEmulator) -> SourceDb:
    source_db.add_valid(200)  # 20 batches of 10
    emulator.set_faults(Faults(latency_ms=150))
    return source_db


@pytest.fixture
def config(tmp_path: Path, source_db: SourceDb, emulator: SinhaEmulator) -> Path:
    return write_config(tmp_path / "config.toml", source_db.url, source_db.state_url, emulator.url)


def state_db(source_db: SourceDb) -> str:
    """The state store's database: PostgreSQL's tests keep it in the source ("source")."""
    return source_db.url if source_db.state_url == "source" else source_db.state_url


def start(
    config: Path, *args: str, script: str | None = None, script_args: tuple[str, ...] = ()
) -> subprocess.Popen[str]:
    command = (
        ["-c", script, str(config), *script_args] if script else ["-m", "anahp_desktop.cli.main"]
    )
    if not script:
        command += ["--config", str(config), "sync", "--json", *args]
    return subprocess.Popen(
        [sys.executable, *command],
        env=dict(os.environ) | secret_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_holder(source_db: SourceDb, pid: int | None = None, timeout: float = 30) -> datetime:
    """Until the holder row names a run (of ``pid``) that has begun sending; its "since"."""
    engine = create_engine(state_db(source_db))
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            try:
                with engine.connect() as conn:
                    row = conn.execute(
                        text(
                            "SELECT holder_info, acquired_at FROM sinha_lease "
                            "WHERE name = 'sync' AND holder IS NOT NULL"
                        )
                    ).first()
                    sending = conn.execute(text("SELECT count(*) FROM operations_log")).scalar()
                if row and sending and (pid is None or f'"pid": {pid}' in row[0]):
                    since = row[1]
                    return since if isinstance(since, datetime) else datetime.fromisoformat(since)
            except Exception:
                pass  # the tables may not exist yet
            time.sleep(0.05)
    finally:
        engine.dispose()
    raise AssertionError("no process took the sync lock")


def kill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.communicate()


def test_a_second_copy_is_refused_saying_who_runs_and_since_when(
    slow_backlog: SourceDb, config: Path, emulator: SinhaEmulator
) -> None:
    emulator.set_faults(Faults(latency_ms=300))  # still running after two more commands
    first = start(config)
    try:
        since = wait_for_holder(slow_backlog, first.pid)
        second = run_cli("--config", str(config), "sync", env=secret_env())
        status = run_cli("--config", str(config), "status", env=secret_env())
    finally:
        _out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert second.code == EXIT_ALREADY_RUNNING
    assert second.stderr == (
        f"Error: A sync is already running on {socket.gethostname()} (process {first.pid}, "
        f"started from the command line) since {since:%Y-%m-%d %H:%M:%S} UTC; "
        "try again when it finishes.\n"
    )
    assert status.code == 0
    assert f"Sync running now: on {socket.gethostname()} (process {first.pid}," in status.stdout
    assert status.stdout.startswith("No sync has run yet.")  # the running one is not "killed"
    versions = sinha_versions(emulator)
    assert len(versions) == len(set(versions)) == 200
    assert emulator.state.most_posts_at_once == 1


def test_a_sync_right_after_a_sigkill_runs_at_once_and_finishes(
    slow_backlog: SourceDb, config: Path, emulator: SinhaEmulator
) -> None:
    holder = start(config)
    wait_for_holder(slow_backlog, holder.pid)
    time.sleep(0.3)
    kill(holder)
    status = run_cli("--config", str(config), "status", env=secret_env())
    assert "Sync running now: none." in status.stdout
    assert f"process {holder.pid}" not in status.stdout
    # the killed run: neither "never run" nor "running"
    assert "UTC, failed: The app stopped during this attempt (closed or killed)." in status.stdout
    emulator.set_faults(Faults())
    after = run_cli("--config", str(config), "sync", "--json", env=secret_env())
    assert after.code == 0, after.stderr
    versions = sinha_versions(emulator)
    assert len(versions) == len(set(versions)) == 200


def test_a_holder_killed_with_its_clock_a_year_ahead_does_not_block_the_next_run(
    slow_backlog: SourceDb, config: Path, emulator: SinhaEmulator
) -> None:
    holder = start(config, script=CLOCK_AHEAD_HOLDER)
    since = wait_for_holder(slow_backlog, holder.pid)
    kill(holder)
    if slow_backlog.state_url != "source":  # SQLite: "since" is the holder's own (wrong) clock
        assert since > utc_now() + timedelta(days=364)
    else:  # PostgreSQL: the server's clock, whatever the holder's said
        assert abs(since - utc_now()) < timedelta(minutes=5)
    emulator.set_faults(Faults())
    after = run_cli("--config", str(config), "sync", env=secret_env())
    assert after.code == 0, after.stderr
    versions = sinha_versions(emulator)
    assert len(versions) == len(set(versions)) == 200


def test_copies_started_together_never_overlap_and_exactly_one_runs(
    slow_backlog: SourceDb, config: Path, emulator: SinhaEmulator
) -> None:
    for round_number in range(2):  # a fresh race each round, on new records
        slow_backlog.add_valid(30, start=BASE_TIME + timedelta(days=1 + round_number))
        at = time.time() + 3  # after every copy has loaded its code, however busy the machine
        copies = [
            start(config, script=AT_THE_SAME_INSTANT, script_args=(str(at),)) for _ in range(3)
        ]
        results = [(proc.pid, *proc.communicate(timeout=120), proc.returncode) for proc in copies]
        codes = sorted(code for *_rest, code in results)
        assert codes == [0, EXIT_ALREADY_RUNNING, EXIT_ALREADY_RUNNING], results
        (winner,) = [pid for pid, _out, _err, code in results if code == 0]
        for _pid, _out, err, code in results:
            if code == EXIT_ALREADY_RUNNING:
                assert f"(process {winner}, started from the command line)" in err
    versions = sinha_versions(emulator)
    assert len(versions) == len(set(versions)) == 260
    assert emulator.state.summary()["contents_under_two_ids"] == 0
    assert emulator.state.most_posts_at_once == 1  # one batch at a time: no two runs overlapped


def test_the_desktop_timer_and_a_task_scheduler_run_never_overlap(
    slow_backlog: SourceDb,
    config: Path,
    emulator: SinhaEmulator,
    make_service: Callable[..., SyncService],
) -> None:
    service = make_service()
    results = []
    worker = threading.Thread(target=lambda: results.append(service.run(Trigger.SCHEDULED)))
    worker.start()
    try:
        wait_for_holder(slow_backlog, os.getpid())
        cli_run = run_cli("--config", str(config), "sync", env=secret_env())
        assert cli_run.code == EXIT_ALREADY_RUNNING
        assert f"(process {os.getpid()}, started by the schedule)" in cli_run.stderr
    finally:
        worker.join(timeout=120)
    assert results and results[0].complete
    # and the other way round: the CLI holds the lock, the timer's run is refused
    slow_backlog.add_valid(100, start=BASE_TIME + timedelta(days=10))
    cli_proc = start(config)
    try:
        wait_for_holder(slow_backlog, cli_proc.pid)
        with pytest.raises(SyncAlreadyRunningError) as refused:
            service.run(Trigger.SCHEDULED)
        assert refused.value.holder is not None and refused.value.holder.pid == cli_proc.pid
    finally:
        cli_proc.communicate(timeout=120)
    assert cli_proc.returncode == 0
    versions = sinha_versions(emulator)
    assert len(versions) == len(set(versions)) == 300
