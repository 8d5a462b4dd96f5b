"""The crash test: random SIGKILLs, each followed at once by the next run.

CI runs the reduced form on both backends; the full form (20,000 records, 30 kills,
the figures in docs/reliability.md) is marked slow and runs only when ``-m slow`` asks
for it (other slow tests keep running by default).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import pytest

from tests.helpers.pg import fresh_database
from tests.reliability.crash_driver import Report, run


@contextmanager
def state_store(backend: str) -> Iterator[str | None]:
    """None: a SQLite file beside the source; otherwise a fresh PostgreSQL database."""
    if backend == "sqlite":
        yield None
        return
    with fresh_database() as url:
        yield url


def check(report: Report, kills: int, name: str, tmp_path: Path) -> None:
    artifacts = Path(os.environ.get("ANAHP_ARTIFACTS", tmp_path))
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / f"crash-report-{name}.json").write_text(json.dumps(asdict(report), indent=2))
    assert report.kills == kills
    assert report.problems == []
    assert report.runs_refused == 0  # every restart right after a kill ran
    assert report.restarts_after_a_kill == kills
    assert report.kills_of_a_lock_holder > 0  # (the others hit a run still starting)
    assert (report.lost, report.accepted_twice, report.attempts_left_running) == (0, 0, 0)
    assert report.delivered + report.rejected == report.expected_versions
    assert sum(report.faults_injected.values()) > 0


@pytest.mark.timeout(240)
@pytest.mark.parametrize(
    ("backend", "records", "kills"), [("sqlite", 2000, 8), ("postgresql", 1000, 6)]
)
def test_sigkill_at_random_moments_then_restart_at_once_loses_nothing_and_sends_nothing_twice(
    tmp_path: Path, backend: str, records: int, kills: int
) -> None:
    with state_store(backend) as url:
        report = run(records=records, kills=kills, seed=11, folder=tmp_path, state_url=url)
    check(report, kills, f"reduced-{backend}", tmp_path)


@pytest.mark.slow
@pytest.mark.timeout(1800)
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_full_crash_run(request: pytest.FixtureRequest, tmp_path: Path, backend: str) -> None:
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip(
            "the full crash run, when asked: scripts/test -m slow tests/reliability/test_crash.py"
        )
    with state_store(backend) as url:
        report = run(records=20_000, kills=30, seed=2026, folder=tmp_path, state_url=url)
    check(report, 30, f"full-{backend}", tmp_path)
