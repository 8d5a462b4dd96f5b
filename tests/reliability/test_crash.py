"""The reduced crash test CI runs (the full one: ``python -m tests.reliability.crash_driver``)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

import pytest

from tests.reliability.crash_driver import run


@pytest.mark.timeout(240)
def test_sigkill_at_random_moments_loses_nothing_and_sends_nothing_twice(tmp_path: Path) -> None:
    report = run(records=2000, kills=8, seed=11, folder=tmp_path)
    artifacts = Path(os.environ.get("ANAHP_ARTIFACTS", tmp_path))
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / "crash-report-reduced.json").write_text(json.dumps(asdict(report), indent=2))
    assert report.kills == 8
    assert report.problems == []
    assert (report.lost, report.accepted_twice, report.attempts_left_running) == (0, 0, 0)
    assert report.delivered + report.rejected == report.expected_versions
    assert sum(report.faults_injected.values()) > 0
