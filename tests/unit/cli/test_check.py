"""``anahp-sync check``'s state, sentence and performance data, from a status report."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from anahp_desktop.cli.check import CheckState, evaluate, parse_hours
from anahp_desktop.domain.statuses import RunStatus, Trigger
from anahp_desktop.state.queries import BatchBacklog, RunRow
from anahp_desktop.sync.service import StatusReport

NOW = datetime(2026, 12, 1, 12, 0, 0)


def run(
    status: RunStatus, hours_ago: float, seconds: float = 42.0, message: str | None = None
) -> RunRow:
    started = NOW - timedelta(hours=hours_ago, seconds=seconds)
    return RunRow(
        run_id="r",
        trigger=Trigger.SCHEDULED,
        status=status,
        started_at=started,
        finished_at=started + timedelta(seconds=seconds),
        delivered=1,
        rejected=0,
        pending=0,
        batches=1,
        failures=0,
        null_updated_at=0,
        future_rows=0,
        message=message,
    )


def report(
    *, pending: int = 0, failed: int = 0, success: RunRow | None = None, last: RunRow | None = None
) -> StatusReport:
    return StatusReport(
        unread=pending,
        batches=BatchBacklog(failed=failed),
        rejected_records=0,
        null_updated_at=0,
        last_success=success,
        last_run=last or success,
        watermark=None,
    )


def test_ok_with_performance_data() -> None:
    ok = run(RunStatus.SUCCESS, 1.5, seconds=12.5)
    result = evaluate(report(pending=3, success=ok), NOW, 6, 24)
    assert result.state is CheckState.OK
    assert result.line() == (
        "ANAHP SYNC OK - last success 1.5 h ago; 3 records pending | pending=3;;;0 "
        "failed_batches=0;;;0 hours_since_success=1.50;6;24;0 last_run_duration=12.5s;;;0"
    )


def test_warning_and_critical_by_hours_since_the_last_success() -> None:
    assert (
        evaluate(report(success=run(RunStatus.SUCCESS, 6)), NOW, 6, 24).state is CheckState.WARNING
    )
    critical = evaluate(report(success=run(RunStatus.SUCCESS, 30)), NOW, 6, 24)
    assert critical.state is CheckState.CRITICAL
    assert critical.summary.startswith("no sync succeeded for 30.0 h (critical at 24 h)")


def test_a_failed_last_run_or_failed_batches_warn() -> None:
    failed = run(RunStatus.FAILED, 0.1, message="SINHA had a server error (HTTP 503).\n| x")
    result = evaluate(report(failed=2, success=run(RunStatus.SUCCESS, 1), last=failed), NOW, 6, 24)
    assert result.state is CheckState.WARNING
    assert result.summary == (
        "the last sync failed: SINHA had a server error (HTTP 503). / x; "
        "2 failed batches wait to be sent again; 0 records pending"
    )


def test_never_succeeded_is_critical_with_unknown_hours() -> None:
    result = evaluate(report(pending=7, last=run(RunStatus.FAILED, 0.1, message="x")), NOW, 6, 24)
    assert result.state is CheckState.CRITICAL
    assert "hours_since_success=U;6;24;0" in result.perfdata
    assert result.summary.startswith("no sync has succeeded yet")


@pytest.mark.parametrize("text", ["abc", "0", "-1"])
def test_bad_hours_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_hours(text, 6)
    assert parse_hours("1,5", 6) == 1.5
