"""The verdict every view words: one answer per row of the run-state table."""

from __future__ import annotations

from datetime import datetime

import pytest

from anahp_desktop.domain.statuses import RunStatus, Trigger
from anahp_desktop.state.queries import RunRow
from anahp_desktop.sync.work_left import Verdict, verdict

AT = datetime(2026, 11, 30, 14, 0)


def run(status: RunStatus, trigger: Trigger = Trigger.MANUAL, batches: int = 3) -> RunRow:
    return RunRow("r", trigger, status, AT, AT, 10, 0, 0, batches, 0, 0, 0, None)


@pytest.mark.parametrize(
    ("state", "last", "left", "expected"),
    [
        ("never sent", None, 25, Verdict.NEVER_RUN),
        ("never sent, empty view", None, 0, Verdict.NEVER_RUN),
        ("failed", run(RunStatus.FAILED), 15, Verdict.FAILED),
        ("failed, nothing left", run(RunStatus.FAILED), 0, Verdict.FAILED),
        ("killed", run(RunStatus.INTERRUPTED), 15, Verdict.FAILED),
        ("failed to start", run(RunStatus.FAILED, batches=0), 25, Verdict.FAILED),
        ("partly retried", run(RunStatus.SUCCESS, Trigger.RETRY, 1), 5, Verdict.RECORDS_WAIT),
        ("retried", run(RunStatus.SUCCESS, Trigger.RETRY, 2), 0, Verdict.NOTHING_LEFT),
        ("new records since", run(RunStatus.SUCCESS), 4, Verdict.RECORDS_WAIT),
        ("done", run(RunStatus.SUCCESS), 0, Verdict.NOTHING_LEFT),
        ("cancelled", run(RunStatus.CANCELLED), 40, Verdict.CANCELLED),
    ],
)
def test_success_only_when_nothing_is_left(
    state: str, last: RunRow | None, left: int, expected: Verdict
) -> None:
    assert verdict(last, left) is expected, state
