"""``anahp-sync run --every`` as a real process: it syncs, and a signal stops it within a second.

The process logs to stdout (as in a container); the test reads its lines to
know when a run has ended, then signals it and measures from the signal to the
process's exit. Afterwards nothing in the state store may say ``running``.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.statuses import AttemptStatus, RunStatus
from anahp_desktop.state.schema import operations_log, runs
from tests.helpers.cli import run_cli, secret_env, write_config
from tests.helpers.source_db import SourceDb


@dataclass
class Service:
    """A running ``anahp-sync run`` whose stdout lines arrive in ``lines``."""

    proc: subprocess.Popen[str]
    lines: queue.Queue[str]
    seen: list[str]
    reader: threading.Thread

    def output(self) -> str:
        """Everything it printed (call once it has exited)."""
        self.reader.join(5)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return "".join(self.seen)

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                assert self.proc.poll() is None, "\n".join(self.seen)
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"{text!r} never came:\n" + "\n".join(self.seen))

    def stop_with(self, number: int) -> float:
        """Seconds from the signal to the process's exit."""
        asked = time.monotonic()
        self.proc.send_signal(number)
        self.proc.wait(timeout=10)
        return time.monotonic() - asked


@pytest.fixture
def config(tmp_path: Path, emulator: SinhaEmulator) -> Path:
    source = SourceDb(tmp_path / "source.sqlite").create()
    source.add_valid(30)
    return write_config(tmp_path / "config.toml", source.url, source.state_url, emulator.url)


@pytest.fixture
def start(config: Path) -> Iterator[object]:
    started: list[Service] = []

    def launch(*args: str) -> Service:
        env = {**os.environ, **secret_env(), "ANAHP_CONFIG": str(config)}
        proc = subprocess.Popen(
            [sys.executable, "-m", "anahp_desktop.cli.main", "run", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        lines: queue.Queue[str] = queue.Queue()
        assert proc.stdout is not None
        stream = proc.stdout
        reader = threading.Thread(target=lambda: list(map(lines.put, stream)), daemon=True)
        reader.start()
        service = Service(proc, lines, [], reader)
        started.append(service)
        return service

    yield launch
    for service in started:
        if service.proc.poll() is None:
            service.proc.kill()
            service.proc.wait()
        service.reader.join(5)
        if service.proc.stdout is not None:
            service.proc.stdout.close()


def running_rows(config: Path) -> tuple[int, int, list[str]]:
    state = config.parent / "state.sqlite"
    engine = create_engine(f"sqlite:///{state}")
    try:
        with engine.connect() as conn:
            open_attempts = conn.execute(
                select(func.count()).where(operations_log.c.status == AttemptStatus.RUNNING)
            ).scalar_one()
            open_runs = conn.execute(
                select(func.count()).where(runs.c.status == RunStatus.RUNNING)
            ).scalar_one()
            statuses = list(
                conn.execute(select(runs.c.status).order_by(runs.c.started_at)).scalars()
            )
    finally:
        engine.dispose()
    return int(open_attempts), int(open_runs), statuses


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT])
def test_it_syncs_at_once_then_a_signal_while_waiting_stops_it_within_a_second(
    start: object, config: Path, emulator: SinhaEmulator, number: int
) -> None:
    service = start("--every", "15m", "--log", "stdout")  # type: ignore[operator]
    service.wait_for("Syncing every 15 minutes until stopped")
    service.wait_for("success: delivered 30")
    service.wait_for("Next sync at")

    took = service.stop_with(number)

    assert took < 1.0, "\n".join(service.seen)
    assert service.proc.returncode == 0
    assert "Stopped; nothing is left running." in service.output()
    assert running_rows(config) == (0, 0, ["success"])
    assert len(emulator.state.versions) == 30


def test_a_stop_during_a_slow_request_ends_the_process_within_a_second_and_leaves_nothing_running(
    start: object, config: Path, emulator: SinhaEmulator
) -> None:
    emulator.faults.slow_s = 3.0
    emulator.script = ["ok", "slow"]  # the second batch's answer takes three seconds
    service = start("--every", "15m", "--log", "stdout")  # type: ignore[operator]
    deadline = time.monotonic() + 30
    while emulator.state.posts_in_flight == 0 or emulator.state.posts < 2:
        assert time.monotonic() < deadline, "\n".join(service.seen)
        time.sleep(0.01)

    took = service.stop_with(signal.SIGTERM)

    assert took < 1.0
    assert service.proc.returncode == 0
    assert running_rows(config)[:2] == (0, 0)
    while emulator.state.posts_in_flight:  # the slow answer arrives to nobody
        time.sleep(0.05)
    # the next run looks the unanswered batch up instead of sending it blind: exactly once
    follow_up = run_cli("sync", env={**secret_env(), "ANAHP_CONFIG": str(config)})
    assert follow_up.code == 0, follow_up.stdout + follow_up.stderr
    assert len(emulator.state.versions) == 30
    assert set(emulator.state.versions.values()) == {1}


def test_a_wrong_interval_is_one_sentence(config: Path) -> None:
    result = run_cli("run", "--every", "15 minutes", env={"ANAHP_CONFIG": str(config)})
    assert result.code == 2
    assert "'15 minutes' is not an interval between 1 minute and 7 days" in result.stderr
