"""When an alert is raised, kept quiet, and announced as recovered (pure decisions)."""

from __future__ import annotations

from datetime import datetime, timedelta

from anahp_desktop.alerts.conditions import (
    AlertCondition,
    RunOutcome,
    Situation,
    observe,
    plan_channel,
)
from anahp_desktop.config.settings import AlertSettings
from anahp_desktop.domain.categories import ErrorCategory
from anahp_desktop.domain.statuses import RunResult

NOW = datetime(2026, 12, 1, 12, 0)
SETTINGS = AlertSettings(no_success_hours=24)


def situation(
    result: RunResult,
    *,
    category: ErrorCategory | None = None,
    rejected: int = 0,
    success_hours_ago: float | None = 1.0,
) -> Situation:
    last = NOW - timedelta(hours=success_hours_ago) if success_hours_ago is not None else None
    return Situation(
        now=NOW,
        outcome=RunOutcome(result, category, "why", rejected),
        last_success_at=last,
        first_run_at=NOW - timedelta(days=30),
    )


def fingerprints(s: Situation, told: dict[str, str]) -> dict[str, str]:
    """Apply a plan as the notifier does after sending it; return the new memory."""
    plan = plan_channel(observe(SETTINGS, s), told)
    new = dict(told)
    for observation in plan.raised:
        new[observation.condition] = observation.fingerprint
    for condition in (*plan.recovered, *plan.forgotten):
        new.pop(condition, None)
    return new


def test_a_failure_is_raised_once_and_its_recovery_once() -> None:
    first = plan_channel(
        observe(SETTINGS, situation(RunResult.FAILED, category=ErrorCategory.AUTH)), {}
    )
    assert [o.condition for o in first.raised] == [AlertCondition.RUN_FAILED]
    told = fingerprints(situation(RunResult.FAILED, category=ErrorCategory.AUTH), {})
    again = plan_channel(
        observe(SETTINGS, situation(RunResult.FAILED, category=ErrorCategory.AUTH)), told
    )
    assert again.empty
    recovered = plan_channel(observe(SETTINGS, situation(RunResult.SUCCESS)), told)
    assert (recovered.raised, recovered.recovered) == ((), (AlertCondition.RUN_FAILED,))


def test_another_error_category_is_a_new_alert() -> None:
    told = fingerprints(situation(RunResult.FAILED, category=ErrorCategory.TRANSPORT), {})
    plan = plan_channel(
        observe(SETTINGS, situation(RunResult.FAILED, category=ErrorCategory.AUTH)), told
    )
    assert [o.fingerprint for o in plan.raised] == ["failed:auth"]


def test_a_cancelled_run_changes_nothing() -> None:
    told = fingerprints(situation(RunResult.FAILED, category=ErrorCategory.AUTH), {})
    assert plan_channel(observe(SETTINGS, situation(RunResult.CANCELLED)), told).empty


def test_no_success_for_n_hours_counts_from_the_last_success() -> None:
    quiet = plan_channel(observe(SETTINGS, situation(RunResult.FAILED, success_hours_ago=23.9)), {})
    stale = plan_channel(observe(SETTINGS, situation(RunResult.FAILED, success_hours_ago=24)), {})
    assert AlertCondition.NO_SUCCESS not in [o.condition for o in quiet.raised]
    assert AlertCondition.NO_SUCCESS in [o.condition for o in stale.raised]
    never = situation(RunResult.FAILED, success_hours_ago=None)  # counted from the first run
    assert AlertCondition.NO_SUCCESS in [
        o.condition for o in plan_channel(observe(SETTINGS, never), {}).raised
    ]
    off = AlertSettings(no_success_hours=0)
    assert AlertCondition.NO_SUCCESS not in [
        o.condition for o in plan_channel(observe(off, never), {}).raised
    ]


def test_rejections_alert_once_and_clear_without_a_recovery_message() -> None:
    told = fingerprints(situation(RunResult.SUCCESS, rejected=3), {})
    assert told == {AlertCondition.RECORDS_REJECTED: "rejected"}
    assert plan_channel(observe(SETTINGS, situation(RunResult.SUCCESS, rejected=5)), told).empty
    clean = plan_channel(observe(SETTINGS, situation(RunResult.SUCCESS)), told)
    assert (clean.recovered, clean.forgotten) == ((), (AlertCondition.RECORDS_REJECTED,))
