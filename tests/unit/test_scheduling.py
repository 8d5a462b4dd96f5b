"""The schedule's arithmetic: one slot at a time, back-off, catch-up once, pause."""

from __future__ import annotations

from datetime import datetime, timedelta

from anahp_desktop.scheduling import MAX_BACKOFF, STARTUP_GRACE, Schedule

NOW = datetime(2026, 11, 27, 10, 0, 0)
MIN = timedelta(minutes=1)


def test_first_run_is_one_interval_after_start_without_history() -> None:
    schedule = Schedule.start(15, NOW)
    assert schedule.next_due == NOW + 15 * MIN
    assert not schedule.due(NOW + 14 * MIN)
    assert schedule.due(NOW + 15 * MIN)


def test_start_follows_the_last_run_but_an_overdue_run_waits_for_the_grace() -> None:
    assert Schedule.start(15, NOW, last_finished=NOW - 5 * MIN).next_due == NOW + 10 * MIN
    assert Schedule.start(15, NOW, last_finished=NOW - 3 * 60 * MIN).next_due == NOW + STARTUP_GRACE


def test_paused_schedule_never_comes_due() -> None:
    schedule = Schedule.start(15, NOW, paused=True)
    assert schedule.next_due is None
    later, run = schedule.tick(NOW + 10 * 60 * MIN)
    assert not run and later.next_due is None


def test_a_long_sleep_gives_one_run_not_one_per_missed_slot() -> None:
    schedule = Schedule.start(15, NOW)
    wake = NOW + 8 * 60 * MIN  # slept eight hours: 32 slots missed
    schedule, run = schedule.tick(wake)
    assert run
    runs = 0
    for seconds in range(0, 600, 30):  # the timer and the wall-clock check keep ticking
        schedule, again = schedule.tick(wake + timedelta(seconds=seconds))
        runs += again
    assert runs == 0
    schedule = schedule.after_run(wake + 2 * MIN, success=True)
    assert schedule.next_due == wake + 17 * MIN


def test_clock_moved_backwards_does_not_postpone_beyond_one_interval() -> None:
    schedule = Schedule.start(15, NOW)
    earlier = NOW - 24 * 60 * MIN
    schedule, run = schedule.tick(earlier)
    assert not run
    assert schedule.next_due == earlier + 15 * MIN


def test_failures_back_off_and_a_success_resets() -> None:
    schedule = Schedule.start(15, NOW)
    gaps = []
    moment = NOW
    for _ in range(6):
        schedule = schedule.after_run(moment, success=False)
        assert schedule.next_due is not None
        gaps.append(schedule.next_due - moment)
        moment = schedule.next_due
    assert gaps[:4] == [15 * MIN, 30 * MIN, 60 * MIN, 120 * MIN]
    assert gaps[-1] == MAX_BACKOFF
    schedule = schedule.after_run(moment, success=True)
    assert schedule.next_due == moment + 15 * MIN
    assert schedule.failures == 0


def test_a_run_finishing_resets_the_slot_from_its_end() -> None:
    schedule = Schedule.start(15, NOW)
    schedule, run = schedule.tick(NOW + 15 * MIN)
    assert run and schedule.next_due is None
    # a manual run ended meanwhile; the next slot counts from the end of the run
    schedule = schedule.after_run(NOW + 40 * MIN, success=True)
    assert schedule.next_due == NOW + 55 * MIN


def test_pause_and_resume() -> None:
    schedule = Schedule.start(15, NOW).pause()
    assert schedule.paused and schedule.next_due is None
    assert schedule.after_run(NOW, success=True).next_due is None
    resumed = schedule.resume(NOW + 60 * MIN, last_finished=NOW)
    assert resumed.next_due == NOW + 60 * MIN + STARTUP_GRACE
    resumed = schedule.resume(NOW + 5 * MIN, last_finished=NOW)
    assert resumed.next_due == NOW + 15 * MIN


def test_a_shorter_interval_pulls_the_next_slot_closer() -> None:
    schedule = Schedule.start(60, NOW)
    assert schedule.with_interval(10, NOW).next_due == NOW + 10 * MIN
    assert schedule.with_interval(120, NOW).next_due == NOW + 60 * MIN


def test_headless_start_runs_at_once_without_history_and_keeps_the_gap_after_a_recent_run() -> None:
    zero = timedelta(0)
    assert Schedule.start(15, NOW, grace=zero, first_at_once=True).next_due == NOW
    assert (
        Schedule.start(
            15, NOW, grace=zero, first_at_once=True, last_finished=NOW - 5 * MIN
        ).next_due
        == NOW + 10 * MIN
    )
    assert (
        Schedule.start(
            15, NOW, grace=zero, first_at_once=True, last_finished=NOW - 60 * MIN
        ).next_due
        == NOW
    )
