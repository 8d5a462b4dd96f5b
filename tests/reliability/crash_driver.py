"""The crash test: SIGKILL ``anahp-sync sync`` at random moments, restart it at once.

Runs the real command line against a generated backlog and the SINHA emulator (its own
process, with faults on), kills the sync at random moments and starts the next one
immediately -- which must run, never be refused because the killed one held the lock --
then runs it until it succeeds and checks that every record version was delivered
exactly once or rejected, that no batch was accepted under two ids, that no attempt is
left "running", and that the watermark agrees with what was delivered. The state store
is a SQLite file or a fresh PostgreSQL database. Prints (and optionally writes) a JSON
report with the figures docs/reliability.md quotes.

    python -m tests.reliability.crash_driver                        # full: 20,000 records, 30 kills
    python -m tests.reliability.crash_driver --backend postgresql   # the same, state on PostgreSQL
    python -m tests.reliability.crash_driver --records 2000 --kills 8   # the reduced form CI runs

PostgreSQL needs ANAHP_TEST_PG_URL (a role that may create databases; scripts/test sets it).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from anahp_desktop.demo.generator import GeneratorOptions, append_records, create_source, local_now
from anahp_desktop.domain.statuses import OPEN_BATCHES, AttemptStatus, BatchStatus
from anahp_desktop.state.schema import (
    batch_records,
    batches,
    lease,
    operations_log,
    rejections,
    watermark,
)
from tests.helpers.pg import fresh_database

PASSWORD = "crash-test-password"
FAULTS = {
    "error_rate": 0.15,
    "lose_rate": 0.08,
    "reset_rate": 0.04,
    "rate_429": 0.03,
    "malformed_rate": 0.03,
    "retry_after_s": 0,
    "latency_ms": 2,
}
EXIT_ALREADY_RUNNING = 3


@dataclass
class Report:
    records: int
    kills_requested: int
    backend: str = "sqlite"
    kills: int = 0
    runs: int = 0
    kills_of_a_lock_holder: int = 0  # the killed run held the sync lock (named in its row)
    restarts_after_a_kill: int = 0
    runs_refused: int = 0
    refusals: list[str] = field(default_factory=list)
    seconds: float = 0.0
    faults_injected: dict[str, int] = field(default_factory=dict)
    posts: int = 0
    expected_versions: int = 0
    delivered: int = 0
    rejected: int = 0
    lost: int = 0
    accepted_twice: int = 0
    contents_under_two_ids: int = 0
    attempts_left_running: int = 0
    attempts_cut_by_a_kill: int = 0
    open_batches: int = 0
    watermark_ok: bool = False
    problems: list[str] = field(default_factory=list)
    last_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "anahp_desktop.cli.main", *args]


def start_emulator(env: dict[str, str]) -> tuple[subprocess.Popen[str], int]:
    """The emulator in its own process, on a port it chose itself (no race with other servers)."""
    proc = subprocess.Popen(
        cli(
            "emulator",
            "--port",
            "0",
            "--user",
            "crash",
            "--password-env",
            "CRASH_PW",
            "--faults",
            json.dumps(FAULTS | {"seed": 7}),
        ),
        env=env | {"CRASH_PW": PASSWORD, "LANGUAGE": "en"},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.search(r"127\.0\.0\.1:(\d+)/", line)
    if not match:
        proc.kill()
        raise RuntimeError(f"the emulator did not start: {line!r}")
    return proc, int(match.group(1))


def emulator_get(port: int, what: str) -> Any:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_emulator/{what}", timeout=10) as answer:
        return json.load(answer)


def emulator_post(port: int, what: str, body: dict[str, Any]) -> None:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/_emulator/{what}", data=json.dumps(body).encode(), method="POST"
    )
    urllib.request.urlopen(request, timeout=10).close()


def write_config(folder: Path, port: int, batch_size: int, state_url: str) -> Path:
    path = folder / "config.toml"
    path.write_text(
        "\n".join(
            [
                "[source]",
                f'url = "sqlite:///{folder / "source.sqlite"}"',
                "",
                "[state]",
                f'url = "{state_url}"',
                "",
                "[sinha]",
                f'url = "http://127.0.0.1:{port}/api"',
                'user = "crash"',
                "read_timeout_s = 3",
                "connect_timeout_s = 2",
                "",
                "[sync]",
                f"batch_size = {batch_size}",
                "page_size = 1000",
                "max_attempts = 4",
                "backoff_initial_s = 0.01",
                "backoff_max_s = 0.05",
                "",
            ]
        )
    )
    return path


def run(
    records: int,
    kills: int,
    seed: int,
    folder: Path,
    batch_size: int = 100,
    state_url: str | None = None,
) -> Report:
    """``state_url``: the state store (a fresh database); a SQLite file in ``folder`` if None."""
    rng = random.Random(seed)
    state_url = state_url or f"sqlite:///{folder / 'state.sqlite'}"
    backend = make_url(state_url).get_backend_name()
    report = Report(records=records, kills_requested=kills, backend=backend)
    started = time.monotonic()
    create_source(
        folder / "source.sqlite", GeneratorOptions(records=records, seed=seed, null_updated_at=0)
    )
    env = dict(os.environ) | {
        "SINHA_API_PASSWORD": PASSWORD,
        "ANAHP_PSEUDONYM_KEY": "crash-driver-pseudonymization-key-0001",
    }
    emulator, port = start_emulator(env)
    config = write_config(folder, port, batch_size, state_url)
    probe = create_engine(state_url)
    added = 0
    killed_before = False
    try:
        while report.kills < kills:
            proc = subprocess.Popen(  # right after a kill: no pause at all
                cli("--config", str(config), "sync", "--json"),
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            report.runs += 1
            report.restarts_after_a_kill += killed_before
            try:
                _out, err = proc.communicate(timeout=kill_delay(rng, probe, proc))
            except subprocess.TimeoutExpired:
                holds = holds_the_lock(probe, proc.pid)
                proc.send_signal(signal.SIGKILL)
                proc.communicate()
                report.kills += 1
                report.kills_of_a_lock_holder += holds
                killed_before = True
                continue
            killed_before = False
            if proc.returncode == EXIT_ALREADY_RUNNING:
                refused(report, err)
            elif proc.returncode == 0:
                # the backlog ran out before the kills did: the hospital adds more discharges
                added += 1
                append_records(
                    folder / "source.sqlite",
                    records // 2,
                    start_id=records * (added + 1),
                    at=local_now("America/Sao_Paulo"),
                    seed=seed + added,
                )
        report.restarts_after_a_kill += killed_before  # finish() starts that one
        finish(config, env, report)
        summary = emulator_get(port, "state")
        versions = emulator_get(port, "versions")["versions"]
    finally:
        probe.dispose()
        emulator.kill()
        emulator.wait()
        if emulator.stdout is not None:
            emulator.stdout.close()
    report.faults_injected = {
        k[6:]: v for k, v in summary["requests"].items() if k.startswith("fault_")
    }
    report.posts = summary["posts"]
    report.contents_under_two_ids = summary["contents_under_two_ids"]
    verify(folder, state_url, versions, report)
    report.seconds = round(time.monotonic() - started, 1)
    return report


def finish(config: Path, env: dict[str, str], report: Report) -> None:
    """Run until a sync ends with every record delivered or rejected (faults stay on)."""
    for _ in range(200):
        proc = subprocess.run(
            cli("--config", str(config), "sync", "--json"),
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        report.runs += 1
        if proc.returncode == 0:
            report.last_error = ""
            return
        if proc.returncode == EXIT_ALREADY_RUNNING:
            refused(report, proc.stderr)
        report.last_error = (
            f"exit {proc.returncode}: {proc.stderr.strip()[-300:]} {proc.stdout.strip()[-300:]}"
        )
    report.problems.append("the sync never completed")


def kill_delay(rng: random.Random, probe: Engine, proc: subprocess.Popen[str]) -> float:
    """Seconds until the kill: a quarter while the run starts (settings, migration, taking the
    lock), the rest at a random moment after it took the lock, mostly soon (short runs end)."""
    chance = rng.random()
    if chance < 0.25:
        return rng.uniform(0.05, 0.8)
    deadline = time.monotonic() + 10
    while proc.poll() is None and time.monotonic() < deadline:
        if holds_the_lock(probe, proc.pid):
            break
        time.sleep(0.01)
    return rng.uniform(0.0, 0.1) if chance < 0.75 else rng.uniform(0.1, 1.5)


def holds_the_lock(probe: Engine, pid: int) -> bool:
    """Whether the holder row names ``pid`` (it took the lock and still runs)."""
    try:
        with probe.connect() as conn:
            info = conn.execute(
                select(lease.c.holder_info).where(lease.c.holder.is_not(None))
            ).scalar()
    except SQLAlchemyError:
        return False  # no state tables yet: it had not got that far
    return info is not None and f'"pid": {pid},' in info


def refused(report: Report, stderr: str) -> None:
    """Nothing else runs here: any refusal means a dead run still held the lock."""
    report.runs_refused += 1
    report.refusals.append(stderr.strip()[-300:])
    report.problems.append(f"a run was refused: {stderr.strip()[-200:]}")


def verify(folder: Path, state_url: str, versions: list[list[Any]], report: Report) -> None:
    source = create_engine(f"sqlite:///{folder / 'source.sqlite'}")
    state = create_engine(state_url)
    with source.connect() as conn:
        expected = {
            (str(i), datetime.fromisoformat(u))
            for i, u in conn.exec_driver_sql(
                "SELECT id, atualizado_em FROM internacoes WHERE atualizado_em IS NOT NULL"
            )
        }
    with state.connect() as conn:
        delivered_rows = conn.execute(
            select(batch_records.c.record_id, batch_records.c.updated_at)
            .join(batches, batches.c.id_lote == batch_records.c.id_lote)
            .where(batches.c.status == BatchStatus.DELIVERED)
        ).all()
        rejected = {
            (r, u) for r, u in conn.execute(select(rejections.c.record_id, rejections.c.updated_at))
        }
        running = conn.execute(
            select(func.count()).where(operations_log.c.status == AttemptStatus.RUNNING)
        ).scalar_one()
        report.attempts_cut_by_a_kill = conn.execute(
            select(func.count()).where(operations_log.c.status == AttemptStatus.INTERRUPTED)
        ).scalar_one()
        open_batches = conn.execute(
            select(func.count()).where(batches.c.status.in_(OPEN_BATCHES))
        ).scalar_one()
        mark = conn.execute(select(watermark.c.updated_at)).scalar()
    delivered = {(r, u) for r, u in delivered_rows}
    sinha_counts = [count for _i, _u, count in versions]
    report.expected_versions = len(expected)
    report.delivered = len(delivered)
    report.rejected = len(rejected)
    report.lost = len(expected - delivered - rejected)
    report.accepted_twice = sum(1 for n in sinha_counts if n > 1)
    report.attempts_left_running = running
    report.open_batches = open_batches
    if len(delivered_rows) != len(delivered):
        report.problems.append("a record version sits in two delivered batches")
    if delivered & rejected:
        report.problems.append(f"{len(delivered & rejected)} versions both delivered and rejected")
    if len(versions) != len(delivered):
        report.problems.append(
            f"SINHA holds {len(versions)} versions, the state store {len(delivered)}"
        )
    newest = max(u for _r, u in expected)
    report.watermark_ok = (
        mark is not None
        and mark <= newest
        and all(key in delivered or key in rejected for key in expected if key[1] < mark)
    )
    checks = {
        "records lost": report.lost,
        "versions accepted twice": report.accepted_twice,
        "contents accepted under two ids": report.contents_under_two_ids,
        "attempts left running": report.attempts_left_running,
        "open batches": report.open_batches,
    }
    report.problems += [f"{name}: {value}" for name, value in checks.items() if value]
    if not report.watermark_ok:
        report.problems.append(f"watermark {mark} inconsistent with what was delivered")
    source.dispose()
    state.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--report", type=Path, help="also write the JSON report here")
    args = parser.parse_args(argv)
    if args.backend == "postgresql" and not os.environ.get("ANAHP_TEST_PG_URL"):
        parser.error("--backend postgresql needs ANAHP_TEST_PG_URL (see tests/helpers/pg.py)")
    with (
        tempfile.TemporaryDirectory(prefix="anahp-crash-") as folder,
        fresh_database() if args.backend == "postgresql" else nullcontext(None) as state_url,
    ):
        report = run(args.records, args.kills, args.seed, Path(folder), state_url=state_url)
    text = json.dumps(asdict(report) | {"ok": report.ok}, indent=2)
    print(text)
    if args.report:
        args.report.write_text(text + "\n")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
